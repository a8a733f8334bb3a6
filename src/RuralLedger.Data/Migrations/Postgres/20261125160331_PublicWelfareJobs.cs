using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PublicWelfareJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "public_welfare_jobs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    household_no = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    member_id = table.Column<long>(type: "bigint", nullable: false),
                    member_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    post = table.Column<int>(type: "integer", nullable: false),
                    post_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    monthly_pay = table.Column<long>(type: "bigint", nullable: false),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    to = table.Column<DateOnly>(type: "date", nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_public_welfare_jobs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_public_welfare_jobs_household_id",
                table: "public_welfare_jobs",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_public_welfare_jobs_village_code",
                table: "public_welfare_jobs",
                column: "village_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "public_welfare_jobs");
        }
    }
}

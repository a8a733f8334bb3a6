using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    household_no = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    member_id = table.Column<long>(type: "INTEGER", nullable: false),
                    member_name = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    post = table.Column<int>(type: "INTEGER", nullable: false),
                    post_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    monthly_pay = table.Column<long>(type: "INTEGER", nullable: false),
                    from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    to = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ended_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Venture : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "share",
                table: "loan_usage_rules",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "within_days",
                table: "loan_usage_rules",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "loan_account_flows",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    loan_id = table.Column<long>(type: "bigint", nullable: false),
                    loan_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    bank_code = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    direction = table.Column<int>(type: "integer", nullable: false),
                    counterparty_name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    counterparty_account_cipher = table.Column<byte[]>(type: "bytea", maxLength: 80, nullable: false),
                    counterparty_account_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    counterparty_account_masked = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_account_flows", x => x.id);
                    table.ForeignKey(
                        name: "FK_loan_account_flows_loans_loan_id",
                        column: x => x.loan_id,
                        principalTable: "loans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ventures",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    household_no = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    owner_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    category = table.Column<int>(type: "integer", nullable: false),
                    started_on = table.Column<DateOnly>(type: "date", nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ventures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "venture_loans",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    venture_id = table.Column<long>(type: "bigint", nullable: false),
                    loan_id = table.Column<long>(type: "bigint", nullable: false),
                    loan_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    disbursed_on = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_venture_loans", x => x.id);
                    table.ForeignKey(
                        name: "FK_venture_loans_ventures_venture_id",
                        column: x => x.venture_id,
                        principalTable: "ventures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "venture_supports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    venture_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    provider = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    note = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_venture_supports", x => x.id);
                    table.ForeignKey(
                        name: "FK_venture_supports_ventures_venture_id",
                        column: x => x.venture_id,
                        principalTable: "ventures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "venture_workers",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    venture_id = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    household_no = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    member_id = table.Column<long>(type: "bigint", nullable: false),
                    member_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_venture_workers", x => x.id);
                    table.ForeignKey(
                        name: "FK_venture_workers_ventures_venture_id",
                        column: x => x.venture_id,
                        principalTable: "ventures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "venture_years",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    venture_id = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    jobs = table.Column<int>(type: "integer", nullable: false),
                    income = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_venture_years", x => x.id);
                    table.ForeignKey(
                        name: "FK_venture_years_ventures_venture_id",
                        column: x => x.venture_id,
                        principalTable: "ventures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_loan_account_flows_county_code_direction_on",
                table: "loan_account_flows",
                columns: new[] { "county_code", "direction", "on" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_account_flows_loan_id_key",
                table: "loan_account_flows",
                columns: new[] { "loan_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_loan_account_flows_village_code",
                table: "loan_account_flows",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_venture_loans_loan_id",
                table: "venture_loans",
                column: "loan_id");

            migrationBuilder.CreateIndex(
                name: "IX_venture_loans_venture_id_loan_id",
                table: "venture_loans",
                columns: new[] { "venture_id", "loan_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_venture_supports_venture_id",
                table: "venture_supports",
                column: "venture_id");

            migrationBuilder.CreateIndex(
                name: "IX_venture_workers_household_id",
                table: "venture_workers",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_venture_workers_venture_id_year_member_id",
                table: "venture_workers",
                columns: new[] { "venture_id", "year", "member_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_venture_years_venture_id_year",
                table: "venture_years",
                columns: new[] { "venture_id", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ventures_county_code_township_code",
                table: "ventures",
                columns: new[] { "county_code", "township_code" });

            migrationBuilder.CreateIndex(
                name: "IX_ventures_household_id",
                table: "ventures",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_ventures_household_id_name",
                table: "ventures",
                columns: new[] { "household_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ventures_village_code",
                table: "ventures",
                column: "village_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "loan_account_flows");

            migrationBuilder.DropTable(
                name: "venture_loans");

            migrationBuilder.DropTable(
                name: "venture_supports");

            migrationBuilder.DropTable(
                name: "venture_workers");

            migrationBuilder.DropTable(
                name: "venture_years");

            migrationBuilder.DropTable(
                name: "ventures");

            migrationBuilder.DropColumn(
                name: "share",
                table: "loan_usage_rules");

            migrationBuilder.DropColumn(
                name: "within_days",
                table: "loan_usage_rules");
        }
    }
}

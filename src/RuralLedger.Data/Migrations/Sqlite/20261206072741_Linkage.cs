using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Linkage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "income_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    household_no = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    category = table.Column<int>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_income_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "linkage_agreements",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    partner_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    partner_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 18, nullable: false),
                    type = table.Column<int>(type: "INTEGER", nullable: false),
                    signed_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    start_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    end_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    projects = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    edition = table.Column<int>(type: "INTEGER", nullable: false),
                    terminated_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    last_reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    dividend = table.Column<long>(type: "INTEGER", nullable: false),
                    guaranteed_price_per_kg = table.Column<long>(type: "INTEGER", nullable: false),
                    monthly_wage = table.Column<long>(type: "INTEGER", nullable: false),
                    rent_per_mu = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_linkage_agreements", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_lines",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    province_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 2, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    per_person = table.Column<long>(type: "INTEGER", nullable: false),
                    effective_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    set_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    set_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_lines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "wage_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    worker_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    worker_name = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    household_id = table.Column<long>(type: "INTEGER", nullable: true),
                    household_no = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    member_id = table.Column<long>(type: "INTEGER", nullable: true),
                    employer_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 18, nullable: false),
                    employer_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    month = table.Column<int>(type: "INTEGER", nullable: false),
                    days = table.Column<int>(type: "INTEGER", nullable: false),
                    wage = table.Column<long>(type: "INTEGER", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wage_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "agreement_households",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    household_no = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    head_name = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    agreement_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agreement_households", x => x.id);
                    table.ForeignKey(
                        name: "FK_agreement_households_linkage_agreements_agreement_id",
                        column: x => x.agreement_id,
                        principalTable: "linkage_agreements",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agreement_households_agreement_id",
                table: "agreement_households",
                column: "agreement_id");

            migrationBuilder.CreateIndex(
                name: "IX_agreement_households_household_id",
                table: "agreement_households",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_income_entries_household_id_year_category",
                table: "income_entries",
                columns: new[] { "household_id", "year", "category" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_income_entries_year_village_code",
                table: "income_entries",
                columns: new[] { "year", "village_code" });

            migrationBuilder.CreateIndex(
                name: "IX_linkage_agreements_number",
                table: "linkage_agreements",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_linkage_agreements_partner_code",
                table: "linkage_agreements",
                column: "partner_code");

            migrationBuilder.CreateIndex(
                name: "IX_linkage_agreements_village_code",
                table: "linkage_agreements",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_lines_province_code_year",
                table: "monitoring_lines",
                columns: new[] { "province_code", "year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wage_records_county_code_worker_hash_employer_code_year_month",
                table: "wage_records",
                columns: new[] { "county_code", "worker_hash", "employer_code", "year", "month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wage_records_employer_code_year",
                table: "wage_records",
                columns: new[] { "employer_code", "year" });

            migrationBuilder.CreateIndex(
                name: "IX_wage_records_village_code",
                table: "wage_records",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_wage_records_year_household_id",
                table: "wage_records",
                columns: new[] { "year", "household_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agreement_households");

            migrationBuilder.DropTable(
                name: "income_entries");

            migrationBuilder.DropTable(
                name: "monitoring_lines");

            migrationBuilder.DropTable(
                name: "wage_records");

            migrationBuilder.DropTable(
                name: "linkage_agreements");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Linkage4 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_wage_records_year_household_id",
                table: "wage_records");

            migrationBuilder.DropIndex(
                name: "IX_farm_deliveries_year_household_id",
                table: "farm_deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_wage_records_year_household_id_wage",
                table: "wage_records",
                columns: new[] { "year", "household_id", "wage" });

            migrationBuilder.CreateIndex(
                name: "IX_income_entries_year_household_id_category_amount",
                table: "income_entries",
                columns: new[] { "year", "household_id", "category", "amount" });

            migrationBuilder.CreateIndex(
                name: "IX_households_village_code_household_no",
                table: "households",
                columns: new[] { "village_code", "household_no" });

            migrationBuilder.CreateIndex(
                name: "IX_farm_deliveries_year_household_id_amount",
                table: "farm_deliveries",
                columns: new[] { "year", "household_id", "amount" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_wage_records_year_household_id_wage",
                table: "wage_records");

            migrationBuilder.DropIndex(
                name: "IX_income_entries_year_household_id_category_amount",
                table: "income_entries");

            migrationBuilder.DropIndex(
                name: "IX_households_village_code_household_no",
                table: "households");

            migrationBuilder.DropIndex(
                name: "IX_farm_deliveries_year_household_id_amount",
                table: "farm_deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_wage_records_year_household_id",
                table: "wage_records",
                columns: new[] { "year", "household_id" });

            migrationBuilder.CreateIndex(
                name: "IX_farm_deliveries_year_household_id",
                table: "farm_deliveries",
                columns: new[] { "year", "household_id" });
        }
    }
}

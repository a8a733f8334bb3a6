using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LeanDistributionIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_plan_lines_batch_id",
                table: "plan_lines");

            migrationBuilder.DropIndex(
                name: "IX_plan_lines_township_code",
                table: "plan_lines");

            migrationBuilder.DropIndex(
                name: "IX_plan_lines_village_code",
                table: "plan_lines");

            migrationBuilder.DropIndex(
                name: "IX_journal_entries_county_code_key",
                table: "journal_entries");

            migrationBuilder.DropIndex(
                name: "IX_journal_entries_household_id",
                table: "journal_entries");

            migrationBuilder.DropIndex(
                name: "IX_journal_entries_plan_id",
                table: "journal_entries");

            migrationBuilder.DropIndex(
                name: "IX_journal_entries_township_code",
                table: "journal_entries");

            migrationBuilder.DropIndex(
                name: "IX_journal_entries_village_code",
                table: "journal_entries");

            migrationBuilder.CreateIndex(
                name: "IX_plan_lines_batch_id",
                table: "plan_lines",
                column: "batch_id",
                filter: "batch_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_plan_id_county_code_key",
                table: "journal_entries",
                columns: new[] { "plan_id", "county_code", "key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_plan_lines_batch_id",
                table: "plan_lines");

            migrationBuilder.DropIndex(
                name: "IX_journal_entries_plan_id_county_code_key",
                table: "journal_entries");

            migrationBuilder.CreateIndex(
                name: "IX_plan_lines_batch_id",
                table: "plan_lines",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_plan_lines_township_code",
                table: "plan_lines",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_plan_lines_village_code",
                table: "plan_lines",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_county_code_key",
                table: "journal_entries",
                columns: new[] { "county_code", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_household_id",
                table: "journal_entries",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_plan_id",
                table: "journal_entries",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_township_code",
                table: "journal_entries",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_village_code",
                table: "journal_entries",
                column: "village_code");
        }
    }
}

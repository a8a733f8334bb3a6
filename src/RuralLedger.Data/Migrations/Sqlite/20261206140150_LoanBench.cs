using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LoanBench : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_loan_instalments_due_on_settled_on",
                table: "loan_instalments");

            migrationBuilder.CreateIndex(
                name: "IX_loan_instalments_due_on",
                table: "loan_instalments",
                column: "due_on",
                filter: "settled_on IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_loan_instalments_due_on",
                table: "loan_instalments");

            migrationBuilder.CreateIndex(
                name: "IX_loan_instalments_due_on_settled_on",
                table: "loan_instalments",
                columns: new[] { "due_on", "settled_on" });
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Usage3 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "counterparty_household_id",
                table: "loan_account_flows",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_loans_county_code_account_hash",
                table: "loans",
                columns: new[] { "county_code", "account_hash" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_account_flows_counterparty_household_id",
                table: "loan_account_flows",
                column: "counterparty_household_id");

            migrationBuilder.AddForeignKey(
                name: "FK_loan_account_flows_households_counterparty_household_id",
                table: "loan_account_flows",
                column: "counterparty_household_id",
                principalTable: "households",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_loan_account_flows_households_counterparty_household_id",
                table: "loan_account_flows");

            migrationBuilder.DropIndex(
                name: "IX_loans_county_code_account_hash",
                table: "loans");

            migrationBuilder.DropIndex(
                name: "IX_loan_account_flows_counterparty_household_id",
                table: "loan_account_flows");

            migrationBuilder.DropColumn(
                name: "counterparty_household_id",
                table: "loan_account_flows");
        }
    }
}

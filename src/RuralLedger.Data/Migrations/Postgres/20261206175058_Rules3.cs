using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Rules3 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_loan_repayments_county_code_payer_account_hash",
                table: "loan_repayments");

            migrationBuilder.CreateIndex(
                name: "IX_loans_county_code_purpose_detail",
                table: "loans",
                columns: new[] { "county_code", "purpose_detail" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_county_code_payer_account_hash_bank_code_lo~",
                table: "loan_repayments",
                columns: new[] { "county_code", "payer_account_hash", "bank_code", "loan_id" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_county_code_payer_name_bank_code_loan_id",
                table: "loan_repayments",
                columns: new[] { "county_code", "payer_name", "bank_code", "loan_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_loans_county_code_purpose_detail",
                table: "loans");

            migrationBuilder.DropIndex(
                name: "IX_loan_repayments_county_code_payer_account_hash_bank_code_lo~",
                table: "loan_repayments");

            migrationBuilder.DropIndex(
                name: "IX_loan_repayments_county_code_payer_name_bank_code_loan_id",
                table: "loan_repayments");

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_county_code_payer_account_hash",
                table: "loan_repayments",
                columns: new[] { "county_code", "payer_account_hash" });
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Claims2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "last_repayment_id",
                table: "loan_subsidy_claims",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Claims built before decision 0039 marked their rows; each one's watermark is the last of them (ids only grow).
            migrationBuilder.Sql("UPDATE loan_subsidy_claims SET last_repayment_id = COALESCE((SELECT MAX(r.id) FROM loan_repayments r WHERE r.claim_id = loan_subsidy_claims.id), 0)");

            migrationBuilder.DropIndex(
                name: "IX_loan_repayments_bank_code_paid_on_claim_id",
                table: "loan_repayments");

            migrationBuilder.DropIndex(
                name: "IX_loan_repayments_claim_id",
                table: "loan_repayments");

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_claim_sums",
                table: "loan_repayments",
                columns: new[] { "county_code", "bank_code", "paid_on", "loan_id", "interest_on_time", "interest_late" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_loan_repayments_claim_sums",
                table: "loan_repayments");

            migrationBuilder.DropColumn(
                name: "last_repayment_id",
                table: "loan_subsidy_claims");

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_bank_code_paid_on_claim_id",
                table: "loan_repayments",
                columns: new[] { "bank_code", "paid_on", "claim_id" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_claim_id",
                table: "loan_repayments",
                column: "claim_id");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PayerLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_loan_repayments_county_code_payer_account_hash_bank_code_loan_id",
                table: "loan_repayments");

            migrationBuilder.DropIndex(
                name: "IX_loan_repayments_county_code_payer_name_bank_code_loan_id",
                table: "loan_repayments");

            migrationBuilder.CreateTable(
                name: "loan_payer_links",
                columns: table => new
                {
                    loan_id = table.Column<long>(type: "INTEGER", nullable: false),
                    payer_name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    payer_account_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    bank_code = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    payer_account_masked = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_payer_links", x => new { x.loan_id, x.payer_account_hash, x.payer_name });
                    table.ForeignKey(
                        name: "FK_loan_payer_links_loans_loan_id",
                        column: x => x.loan_id,
                        principalTable: "loans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            // The links of the repayments already stored, before the indexes are built over them (decision 0047).
            migrationBuilder.Sql("INSERT INTO loan_payer_links (loan_id, payer_account_hash, payer_name, county_code, township_code, village_code, bank_code, payer_account_masked) "
                + "SELECT loan_id, payer_account_hash, payer_name, MIN(county_code), MIN(township_code), MIN(village_code), MIN(bank_code), MIN(payer_account_masked) "
                + "FROM loan_repayments GROUP BY loan_id, payer_account_hash, payer_name");

            migrationBuilder.CreateIndex(
                name: "IX_loan_payer_links_county_code_payer_account_hash_bank_code_loan_id",
                table: "loan_payer_links",
                columns: new[] { "county_code", "payer_account_hash", "bank_code", "loan_id" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_payer_links_county_code_payer_name_bank_code_loan_id",
                table: "loan_payer_links",
                columns: new[] { "county_code", "payer_name", "bank_code", "loan_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "loan_payer_links");

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_county_code_payer_account_hash_bank_code_loan_id",
                table: "loan_repayments",
                columns: new[] { "county_code", "payer_account_hash", "bank_code", "loan_id" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_county_code_payer_name_bank_code_loan_id",
                table: "loan_repayments",
                columns: new[] { "county_code", "payer_name", "bank_code", "loan_id" });
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Credit3 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "bank_contract_number",
                table: "loans",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_loans_bank_code_bank_contract_number",
                table: "loans",
                columns: new[] { "bank_code", "bank_contract_number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_loans_bank_code_bank_contract_number",
                table: "loans");

            migrationBuilder.DropColumn(
                name: "bank_contract_number",
                table: "loans");
        }
    }
}

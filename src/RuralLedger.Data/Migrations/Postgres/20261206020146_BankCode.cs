using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BankCode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "bank_code",
                table: "users",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "bank_code",
                table: "users");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Kit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "number_series",
                columns: table => new
                {
                    series = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    last = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_number_series", x => new { x.series, x.county_code, x.year });
                });

            migrationBuilder.CreateIndex(
                name: "ux_payment_batches_open_per_plan",
                table: "payment_batches",
                column: "plan_id",
                unique: true,
                filter: "status = 1");

            migrationBuilder.CreateIndex(
                name: "ux_plans_one_reversal",
                table: "distribution_plans",
                column: "reverses_id",
                unique: true,
                filter: "reverses_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_disposals_open_per_asset",
                table: "disposals",
                column: "asset_id",
                unique: true,
                filter: "status NOT IN (5, 9)");

            migrationBuilder.CreateIndex(
                name: "ux_certificates_valid_per_asset",
                table: "certificates",
                column: "asset_id",
                unique: true,
                filter: "status = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "number_series");

            migrationBuilder.DropIndex(
                name: "ux_payment_batches_open_per_plan",
                table: "payment_batches");

            migrationBuilder.DropIndex(
                name: "ux_plans_one_reversal",
                table: "distribution_plans");

            migrationBuilder.DropIndex(
                name: "ux_disposals_open_per_asset",
                table: "disposals");

            migrationBuilder.DropIndex(
                name: "ux_certificates_valid_per_asset",
                table: "certificates");
        }
    }
}

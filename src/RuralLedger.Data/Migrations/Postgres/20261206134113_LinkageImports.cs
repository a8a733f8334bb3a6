using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LinkageImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "partner_number",
                table: "linkage_agreements",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "end_reason",
                table: "land_transfers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ended_on",
                table: "land_transfers",
                type: "date",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_linkage_agreements_county_code_partner_code_partner_number",
                table: "linkage_agreements",
                columns: new[] { "county_code", "partner_code", "partner_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_land_transfers_household_id_location_start_on",
                table: "land_transfers",
                columns: new[] { "household_id", "location", "start_on" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_linkage_agreements_county_code_partner_code_partner_number",
                table: "linkage_agreements");

            migrationBuilder.DropIndex(
                name: "IX_land_transfers_household_id_location_start_on",
                table: "land_transfers");

            migrationBuilder.DropColumn(
                name: "partner_number",
                table: "linkage_agreements");

            migrationBuilder.DropColumn(
                name: "end_reason",
                table: "land_transfers");

            migrationBuilder.DropColumn(
                name: "ended_on",
                table: "land_transfers");
        }
    }
}

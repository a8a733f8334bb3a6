using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FieldData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "discard_reason",
                table: "distribution_plans",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "discarded_by",
                table: "distribution_plans",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "discarded_on",
                table: "distribution_plans",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "return_reason",
                table: "distribution_plans",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "returned_by",
                table: "distribution_plans",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "returned_on",
                table: "distribution_plans",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "discard_reason",
                table: "distribution_plans");

            migrationBuilder.DropColumn(
                name: "discarded_by",
                table: "distribution_plans");

            migrationBuilder.DropColumn(
                name: "discarded_on",
                table: "distribution_plans");

            migrationBuilder.DropColumn(
                name: "return_reason",
                table: "distribution_plans");

            migrationBuilder.DropColumn(
                name: "returned_by",
                table: "distribution_plans");

            migrationBuilder.DropColumn(
                name: "returned_on",
                table: "distribution_plans");
        }
    }
}

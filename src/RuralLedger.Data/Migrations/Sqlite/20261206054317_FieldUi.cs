using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FieldUi : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "cancel_reason",
                table: "projects",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "cancelled_on",
                table: "projects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "household_member_removals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    member_name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    relation = table.Column<int>(type: "INTEGER", nullable: false),
                    removed_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_household_member_removals", x => x.id);
                    table.ForeignKey(
                        name: "FK_household_member_removals_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_household_member_removals_household_id",
                table: "household_member_removals",
                column: "household_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "household_member_removals");

            migrationBuilder.DropColumn(
                name: "cancel_reason",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "cancelled_on",
                table: "projects");
        }
    }
}

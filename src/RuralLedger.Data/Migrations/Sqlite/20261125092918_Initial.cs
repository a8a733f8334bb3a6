using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "areas",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    parent_id = table.Column<long>(type: "INTEGER", nullable: true),
                    formerly_poor = table.Column<bool>(type: "INTEGER", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_areas", x => x.id);
                    table.ForeignKey(
                        name: "FK_areas_areas_parent_id",
                        column: x => x.parent_id,
                        principalTable: "areas",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "households",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    household_no = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    group_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    type = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    registered_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    member_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_households", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "members",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    citizen_id_cipher = table.Column<byte[]>(type: "BLOB", maxLength: 64, nullable: false),
                    citizen_id_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    citizen_id_masked = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    sex = table.Column<int>(type: "INTEGER", nullable: false),
                    birth_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    relation = table.Column<int>(type: "INTEGER", nullable: false),
                    labour = table.Column<int>(type: "INTEGER", nullable: false),
                    health = table.Column<int>(type: "INTEGER", nullable: false),
                    education = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_members", x => x.id);
                    table.ForeignKey(
                        name: "FK_members_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_areas_code",
                table: "areas",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_areas_county_code_level",
                table: "areas",
                columns: new[] { "county_code", "level" });

            migrationBuilder.CreateIndex(
                name: "IX_areas_parent_id",
                table: "areas",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "IX_households_county_code_household_no",
                table: "households",
                columns: new[] { "county_code", "household_no" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_households_village_code",
                table: "households",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_members_county_code_citizen_id_hash",
                table: "members",
                columns: new[] { "county_code", "citizen_id_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_members_household_id",
                table: "members",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_members_name",
                table: "members",
                column: "name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "areas");

            migrationBuilder.DropTable(
                name: "members");

            migrationBuilder.DropTable(
                name: "households");
        }
    }
}

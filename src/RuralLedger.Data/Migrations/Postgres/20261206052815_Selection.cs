using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Selection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "project_assessments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    policy_id = table.Column<long>(type: "bigint", nullable: false),
                    policy_version = table.Column<int>(type: "integer", nullable: false),
                    passing_score = table.Column<int>(type: "integer", nullable: false),
                    total_hundredths = table.Column<int>(type: "integer", nullable: false),
                    passed = table.Column<bool>(type: "boolean", nullable: false),
                    weak_elements = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    conclusion = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    assessed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    assessed_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    assessed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_assessments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "project_evidence_files",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    element = table.Column<int>(type: "integer", nullable: false),
                    file_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    content_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    caption = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    size = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", maxLength: 5242880, nullable: false),
                    uploaded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_evidence_files", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "project_households",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    project_id = table.Column<long>(type: "bigint", nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    household_no = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    head_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    household_village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    benefit = table.Column<int>(type: "integer", nullable: false),
                    planned_benefit = table.Column<long>(type: "bigint", nullable: false),
                    linked_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    linked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_households", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "selection_policies",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    weights = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    passing_score = table.Column<int>(type: "integer", nullable: false),
                    minimum_per_element = table.Column<int>(type: "integer", nullable: false),
                    exempt_industries = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    created_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_selection_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "project_assessment_scores",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    element = table.Column<int>(type: "integer", nullable: false),
                    score = table.Column<int>(type: "integer", nullable: false),
                    evidence = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    assessment_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_assessment_scores", x => x.id);
                    table.ForeignKey(
                        name: "FK_project_assessment_scores_project_assessments_assessment_id",
                        column: x => x.assessment_id,
                        principalTable: "project_assessments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_project_assessment_scores_assessment_id",
                table: "project_assessment_scores",
                column: "assessment_id");

            migrationBuilder.CreateIndex(
                name: "IX_project_assessments_project_id",
                table: "project_assessments",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "IX_project_assessments_township_code",
                table: "project_assessments",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_project_assessments_village_code",
                table: "project_assessments",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_project_evidence_files_project_id",
                table: "project_evidence_files",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "IX_project_evidence_files_township_code",
                table: "project_evidence_files",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_project_evidence_files_village_code",
                table: "project_evidence_files",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_project_households_household_id",
                table: "project_households",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_project_households_project_id_household_id",
                table: "project_households",
                columns: new[] { "project_id", "household_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_project_households_township_code",
                table: "project_households",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_project_households_village_code",
                table: "project_households",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_selection_policies_county_code_version",
                table: "selection_policies",
                columns: new[] { "county_code", "version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "project_assessment_scores");

            migrationBuilder.DropTable(
                name: "project_evidence_files");

            migrationBuilder.DropTable(
                name: "project_households");

            migrationBuilder.DropTable(
                name: "selection_policies");

            migrationBuilder.DropTable(
                name: "project_assessments");
        }
    }
}

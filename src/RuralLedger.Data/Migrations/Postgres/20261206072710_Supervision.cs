using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Supervision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "anomaly_rules",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    unit = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    threshold = table.Column<int>(type: "integer", nullable: false),
                    severity = table.Column<int>(type: "integer", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    published_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_anomaly_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "anomaly_warnings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    rule_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    rule_version = table.Column<int>(type: "integer", nullable: false),
                    severity = table.Column<int>(type: "integer", nullable: false),
                    target_kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    target_id = table.Column<long>(type: "bigint", nullable: false),
                    target_label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    detail = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    link = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    finding_id = table.Column<long>(type: "bigint", nullable: true),
                    closed_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_anomaly_warnings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inspection_campaigns",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    created_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspection_campaigns", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inspections",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    campaign_id = table.Column<long>(type: "bigint", nullable: true),
                    target = table.Column<int>(type: "integer", nullable: false),
                    target_id = table.Column<long>(type: "bigint", nullable: false),
                    target_label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    inspected_on = table.Column<DateOnly>(type: "date", nullable: false),
                    summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    inspector = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspections", x => x.id);
                    table.ForeignKey(
                        name: "FK_inspections_inspection_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "inspection_campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "findings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    inspection_id = table.Column<long>(type: "bigint", nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    category = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    responsible_unit = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    responsible_person = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    proof = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    submitted_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    return_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    checked_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rounds = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_findings", x => x.id);
                    table.ForeignKey(
                        name: "FK_findings_inspections_inspection_id",
                        column: x => x.inspection_id,
                        principalTable: "inspections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "supervision_files",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    finding_id = table.Column<long>(type: "bigint", nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    file_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    content_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    size = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    uploaded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervision_files", x => x.id);
                    table.ForeignKey(
                        name: "FK_supervision_files_findings_finding_id",
                        column: x => x.finding_id,
                        principalTable: "findings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_anomaly_rules_county_code_code_version",
                table: "anomaly_rules",
                columns: new[] { "county_code", "code", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_anomaly_warnings_status_severity",
                table: "anomaly_warnings",
                columns: new[] { "status", "severity" });

            migrationBuilder.CreateIndex(
                name: "IX_anomaly_warnings_township_code",
                table: "anomaly_warnings",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_anomaly_warnings_village_code",
                table: "anomaly_warnings",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "ux_anomaly_warnings_open",
                table: "anomaly_warnings",
                columns: new[] { "rule_code", "target_kind", "target_id" },
                unique: true,
                filter: "status = 1");

            migrationBuilder.CreateIndex(
                name: "IX_findings_inspection_id",
                table: "findings",
                column: "inspection_id");

            migrationBuilder.CreateIndex(
                name: "IX_findings_status_deadline",
                table: "findings",
                columns: new[] { "status", "deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_findings_township_code",
                table: "findings",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_findings_village_code",
                table: "findings",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_inspection_campaigns_county_code_year",
                table: "inspection_campaigns",
                columns: new[] { "county_code", "year" });

            migrationBuilder.CreateIndex(
                name: "IX_inspections_campaign_id",
                table: "inspections",
                column: "campaign_id");

            migrationBuilder.CreateIndex(
                name: "IX_inspections_target_target_id",
                table: "inspections",
                columns: new[] { "target", "target_id" });

            migrationBuilder.CreateIndex(
                name: "IX_inspections_township_code",
                table: "inspections",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_inspections_village_code",
                table: "inspections",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_supervision_files_finding_id",
                table: "supervision_files",
                column: "finding_id");

            migrationBuilder.CreateIndex(
                name: "IX_supervision_files_township_code",
                table: "supervision_files",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_supervision_files_village_code",
                table: "supervision_files",
                column: "village_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "anomaly_rules");

            migrationBuilder.DropTable(
                name: "anomaly_warnings");

            migrationBuilder.DropTable(
                name: "supervision_files");

            migrationBuilder.DropTable(
                name: "findings");

            migrationBuilder.DropTable(
                name: "inspections");

            migrationBuilder.DropTable(
                name: "inspection_campaigns");
        }
    }
}

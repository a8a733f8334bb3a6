using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    effective_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    severity = table.Column<int>(type: "INTEGER", nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    published_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    published_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_anomaly_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "anomaly_warnings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    rule_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    rule_version = table.Column<int>(type: "INTEGER", nullable: false),
                    severity = table.Column<int>(type: "INTEGER", nullable: false),
                    target_kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    target_id = table.Column<long>(type: "INTEGER", nullable: false),
                    target_label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    link = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    raised_at = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    finding_id = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_anomaly_warnings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inspection_campaigns",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspection_campaigns", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inspections",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    campaign_id = table.Column<long>(type: "INTEGER", nullable: true),
                    target = table.Column<int>(type: "INTEGER", nullable: false),
                    target_id = table.Column<long>(type: "INTEGER", nullable: false),
                    target_label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    inspected_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    inspector = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    inspection_id = table.Column<long>(type: "INTEGER", nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    category = table.Column<int>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    responsible_unit = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    responsible_person = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    proof = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    submitted_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    return_reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    checked_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    checked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    rounds = table.Column<int>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    finding_id = table.Column<long>(type: "INTEGER", nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    size = table.Column<int>(type: "INTEGER", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    uploaded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    uploaded_at = table.Column<long>(type: "INTEGER", nullable: false)
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UsageInspections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "loan_inspection_plans",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    first_within_months = table.Column<int>(type: "integer", nullable: false),
                    every_months = table.Column<int>(type: "integer", nullable: false),
                    document_no = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_inspection_plans", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "loan_inspections",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    loan_id = table.Column<long>(type: "bigint", nullable: false),
                    loan_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    household_no = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    borrower_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    loan_amount = table.Column<long>(type: "bigint", nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    bank_code = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    campaign_id = table.Column<long>(type: "bigint", nullable: true),
                    client_key = table.Column<Guid>(type: "uuid", nullable: true),
                    inspected_on = table.Column<DateOnly>(type: "date", nullable: false),
                    inspectors = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    use_category = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    latitude = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: true),
                    longitude = table.Column<decimal>(type: "numeric(9,6)", precision: 9, scale: 6, nullable: true),
                    statement = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    conclusion = table.Column<int>(type: "integer", nullable: false),
                    follow_up = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    case_id = table.Column<long>(type: "bigint", nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_inspections", x => x.id);
                    table.ForeignKey(
                        name: "FK_loan_inspections_inspection_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "inspection_campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_loan_inspections_loan_usage_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "loan_usage_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_loan_inspections_loans_loan_id",
                        column: x => x.loan_id,
                        principalTable: "loans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "loan_inspection_photos",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    inspection_id = table.Column<long>(type: "bigint", nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    bank_code = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    file_name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    content_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    size = table.Column<int>(type: "integer", nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_inspection_photos", x => x.id);
                    table.ForeignKey(
                        name: "FK_loan_inspection_photos_loan_inspections_inspection_id",
                        column: x => x.inspection_id,
                        principalTable: "loan_inspections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_loan_inspection_photos_inspection_id",
                table: "loan_inspection_photos",
                column: "inspection_id");

            migrationBuilder.CreateIndex(
                name: "IX_loan_inspection_plans_county_code_effective_from",
                table: "loan_inspection_plans",
                columns: new[] { "county_code", "effective_from" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_loan_inspections_campaign_id",
                table: "loan_inspections",
                column: "campaign_id");

            migrationBuilder.CreateIndex(
                name: "IX_loan_inspections_case_id",
                table: "loan_inspections",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_loan_inspections_client_key",
                table: "loan_inspections",
                column: "client_key",
                unique: true,
                filter: "client_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_loan_inspections_county_code_bank_code",
                table: "loan_inspections",
                columns: new[] { "county_code", "bank_code" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_inspections_loan_id_inspected_on",
                table: "loan_inspections",
                columns: new[] { "loan_id", "inspected_on" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_inspections_village_code",
                table: "loan_inspections",
                column: "village_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "loan_inspection_photos");

            migrationBuilder.DropTable(
                name: "loan_inspection_plans");

            migrationBuilder.DropTable(
                name: "loan_inspections");
        }
    }
}

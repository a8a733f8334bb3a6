using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LoanUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "loan_enterprise_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    loan_id = table.Column<long>(type: "bigint", nullable: false),
                    loan_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    bank_code = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    enterprise = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    yearly_amount = table.Column<long>(type: "bigint", nullable: true),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_enterprise_links", x => x.id);
                    table.ForeignKey(
                        name: "FK_loan_enterprise_links_loans_loan_id",
                        column: x => x.loan_id,
                        principalTable: "loans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "loan_usage_cases",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    bank_code = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    rule_kind = table.Column<int>(type: "integer", nullable: false),
                    rule_id = table.Column<long>(type: "bigint", nullable: false),
                    subject_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    subject = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    live_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    loan_count = table.Column<int>(type: "integer", nullable: false),
                    households = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    raised_on = table.Column<DateOnly>(type: "date", nullable: false),
                    raised_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    officer = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    decided_on = table.Column<DateOnly>(type: "date", nullable: true),
                    decided_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    finding = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    rectified_as = table.Column<int>(type: "integer", nullable: true),
                    rectified_on = table.Column<DateOnly>(type: "date", nullable: true),
                    rectified_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    rectification_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_usage_cases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "loan_usage_rules",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    min_households = table.Column<int>(type: "integer", nullable: false),
                    keywords = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_usage_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "risk_fund_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    bank_code = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    key = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    total = table.Column<long>(type: "bigint", nullable: false),
                    fund_part = table.Column<long>(type: "bigint", nullable: false),
                    bank_part = table.Column<long>(type: "bigint", nullable: false),
                    policy_id = table.Column<long>(type: "bigint", nullable: true),
                    loan_id = table.Column<long>(type: "bigint", nullable: true),
                    loan_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_fund_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "risk_fund_policies",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    bank_code = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    leverage = table.Column<int>(type: "integer", nullable: false),
                    mode = table.Column<int>(type: "integer", nullable: false),
                    fund_share = table.Column<int>(type: "integer", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_fund_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "loan_usage_case_loans",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    loan_id = table.Column<long>(type: "bigint", nullable: false),
                    loan_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    household_no = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    borrower_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    evidence = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_usage_case_loans", x => x.id);
                    table.ForeignKey(
                        name: "FK_loan_usage_case_loans_loan_usage_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "loan_usage_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_loan_enterprise_links_county_code_bank_code_enterprise",
                table: "loan_enterprise_links",
                columns: new[] { "county_code", "bank_code", "enterprise" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_enterprise_links_loan_id_kind_enterprise",
                table: "loan_enterprise_links",
                columns: new[] { "loan_id", "kind", "enterprise" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_loan_enterprise_links_village_code",
                table: "loan_enterprise_links",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_loan_usage_case_loans_case_id_loan_id",
                table: "loan_usage_case_loans",
                columns: new[] { "case_id", "loan_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_loan_usage_case_loans_loan_id",
                table: "loan_usage_case_loans",
                column: "loan_id");

            migrationBuilder.CreateIndex(
                name: "IX_loan_usage_cases_county_code_status_rule_kind",
                table: "loan_usage_cases",
                columns: new[] { "county_code", "status", "rule_kind" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_usage_cases_township_code",
                table: "loan_usage_cases",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_loan_usage_cases_village_code",
                table: "loan_usage_cases",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "ux_loan_usage_cases_live",
                table: "loan_usage_cases",
                columns: new[] { "county_code", "bank_code", "rule_kind", "live_key" },
                unique: true,
                filter: "live_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_loan_usage_rules_county_code_kind_effective_from",
                table: "loan_usage_rules",
                columns: new[] { "county_code", "kind", "effective_from" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_fund_entries_county_code_bank_code_key",
                table: "risk_fund_entries",
                columns: new[] { "county_code", "bank_code", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_fund_entries_county_code_bank_code_on",
                table: "risk_fund_entries",
                columns: new[] { "county_code", "bank_code", "on" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_fund_entries_loan_id",
                table: "risk_fund_entries",
                column: "loan_id");

            migrationBuilder.CreateIndex(
                name: "IX_risk_fund_policies_county_code_bank_code_effective_from",
                table: "risk_fund_policies",
                columns: new[] { "county_code", "bank_code", "effective_from" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "loan_enterprise_links");

            migrationBuilder.DropTable(
                name: "loan_usage_case_loans");

            migrationBuilder.DropTable(
                name: "loan_usage_rules");

            migrationBuilder.DropTable(
                name: "risk_fund_entries");

            migrationBuilder.DropTable(
                name: "risk_fund_policies");

            migrationBuilder.DropTable(
                name: "loan_usage_cases");
        }
    }
}

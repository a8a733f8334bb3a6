using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Sealing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "wage_records",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "ventures",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "venture_years",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "venture_workers",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "venture_supports",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "venture_loans",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "users",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "training_sessions",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "training_attendees",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "supervision_files",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "selection_policies",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "risk_fund_policies",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "risk_fund_entries",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "public_welfare_jobs",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "projects",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_villages",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_households",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_evidence_files",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_budgets",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_assessments",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_assessment_scores",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "plan_objections",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "plan_lines",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "payment_batches",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "monitoring_lines",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "members",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "lpr_quotes",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loans",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_usage_rules",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_usage_cases",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_usage_case_loans",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_subsidy_claims",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_steps",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_repayments",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_instalments",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_inspections",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_inspection_plans",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_inspection_photos",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_enterprise_links",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_account_flows",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "linkage_agreements",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "land_transfers",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "land_rent_payments",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "journal_entries",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "inspections",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "inspection_campaigns",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "income_entries",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "households",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "household_status_changes",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "household_member_removals",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "fund_sources",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "findings",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "farm_orders",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "farm_deliveries",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "distribution_rules",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "distribution_rule_parts",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "distribution_plans",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "distribution_plan_parts",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "disposals",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "credit_policies",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contracts",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contract_receivables",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contract_receipts",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contract_employment",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contract_bids",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contract_assets",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "certificates",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "assets",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_status_changes",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_shares",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_ownership_changes",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_incomes",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_fundings",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_files",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "areas",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "api_tokens",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "anomaly_warnings",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "anomaly_rules",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "agreement_households",
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "seal_heads",
                columns: table => new
                {
                    table_name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    bucket = table.Column<long>(type: "bigint", nullable: false),
                    row_count = table.Column<long>(type: "bigint", nullable: false),
                    id_sum = table.Column<long>(type: "bigint", nullable: false),
                    presence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_seal_heads", x => new { x.table_name, x.bucket });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "seal_heads");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "wage_records");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "ventures");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "venture_years");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "venture_workers");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "venture_supports");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "venture_loans");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "users");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "training_sessions");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "training_attendees");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "supervision_files");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "selection_policies");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "risk_fund_policies");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "risk_fund_entries");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "public_welfare_jobs");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "project_villages");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "project_households");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "project_evidence_files");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "project_budgets");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "project_assessments");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "project_assessment_scores");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "plan_objections");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "plan_lines");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "payment_batches");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "monitoring_lines");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "members");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "lpr_quotes");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loans");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_usage_rules");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_usage_cases");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_usage_case_loans");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_subsidy_claims");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_steps");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_repayments");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_instalments");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_inspections");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_inspection_plans");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_inspection_photos");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_enterprise_links");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "loan_account_flows");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "linkage_agreements");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "land_transfers");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "land_rent_payments");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "journal_entries");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "inspections");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "inspection_campaigns");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "income_entries");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "households");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "household_status_changes");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "household_member_removals");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "fund_sources");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "findings");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "farm_orders");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "farm_deliveries");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "distribution_rules");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "distribution_rule_parts");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "distribution_plans");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "distribution_plan_parts");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "disposals");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "credit_policies");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "contracts");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "contract_receivables");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "contract_receipts");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "contract_employment");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "contract_bids");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "contract_assets");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "asset_status_changes");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "asset_shares");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "asset_ownership_changes");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "asset_incomes");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "asset_fundings");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "asset_files");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "areas");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "api_tokens");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "anomaly_warnings");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "anomaly_rules");

            migrationBuilder.DropColumn(
                name: "seal",
                table: "agreement_households");
        }
    }
}

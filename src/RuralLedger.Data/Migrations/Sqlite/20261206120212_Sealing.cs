using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
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
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "ventures",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "venture_years",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "venture_workers",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "venture_supports",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "venture_loans",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "users",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "training_sessions",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "training_attendees",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "supervision_files",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "selection_policies",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "risk_fund_policies",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "risk_fund_entries",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "public_welfare_jobs",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "projects",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_villages",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_households",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_evidence_files",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_budgets",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_assessments",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "project_assessment_scores",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "plan_objections",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "plan_lines",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "payment_batches",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "monitoring_lines",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "members",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "lpr_quotes",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loans",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_usage_rules",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_usage_cases",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_usage_case_loans",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_subsidy_claims",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_steps",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_repayments",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_instalments",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_inspections",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_inspection_plans",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_inspection_photos",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_enterprise_links",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "loan_account_flows",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "linkage_agreements",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "land_transfers",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "land_rent_payments",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "journal_entries",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "inspections",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "inspection_campaigns",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "income_entries",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "households",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "household_status_changes",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "household_member_removals",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "fund_sources",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "findings",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "farm_orders",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "farm_deliveries",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "distribution_rules",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "distribution_rule_parts",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "distribution_plans",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "distribution_plan_parts",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "disposals",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "credit_policies",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contracts",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contract_receivables",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contract_receipts",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contract_employment",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contract_bids",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "contract_assets",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "certificates",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "assets",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_status_changes",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_shares",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_ownership_changes",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_incomes",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_fundings",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "asset_files",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "areas",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "api_tokens",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "anomaly_warnings",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "anomaly_rules",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "seal",
                table: "agreement_households",
                type: "BLOB",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "seal_heads",
                columns: table => new
                {
                    table_name = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    bucket = table.Column<long>(type: "INTEGER", nullable: false),
                    row_count = table.Column<long>(type: "INTEGER", nullable: false),
                    id_sum = table.Column<long>(type: "INTEGER", nullable: false),
                    presence = table.Column<long>(type: "INTEGER", nullable: false)
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Assets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "asset_files",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    asset_id = table.Column<long>(type: "INTEGER", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    caption = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    size = table.Column<int>(type: "INTEGER", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", maxLength: 5242880, nullable: false),
                    uploaded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    uploaded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_asset_files", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "asset_incomes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    asset_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    received_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    contract_id = table.Column<long>(type: "INTEGER", nullable: true),
                    source_id = table.Column<long>(type: "INTEGER", nullable: true),
                    owner = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_asset_incomes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "assets",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    code = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    @class = table.Column<int>(name: "class", type: "INTEGER", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    industry = table.Column<int>(type: "INTEGER", nullable: false),
                    quantity = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    original_value = table.Column<long>(type: "INTEGER", nullable: false),
                    formed_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    project_id = table.Column<long>(type: "INTEGER", nullable: true),
                    supervision_unit = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    supervision_person = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    beneficiaries = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    income_rule = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "certificates",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    asset_id = table.Column<long>(type: "INTEGER", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    verification_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    asset_code = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    asset_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    asset_class = table.Column<int>(type: "INTEGER", nullable: false),
                    asset_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    location = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    quantity = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    unit = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    original_value = table.Column<long>(type: "INTEGER", nullable: false),
                    formed_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    holders_text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    issued_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    issued_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    replaces_id = table.Column<long>(type: "INTEGER", nullable: true),
                    reissue_reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    replaced_by_number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    revoked_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    revoke_reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contracts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    operator_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    operator_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    operator_credit_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 18, nullable: true),
                    operator_contact = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    mode = table.Column<int>(type: "INTEGER", nullable: false),
                    signed_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    start_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    term_months = table.Column<int>(type: "INTEGER", nullable: false),
                    end_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    consideration = table.Column<int>(type: "INTEGER", nullable: false),
                    annual_amount = table.Column<long>(type: "INTEGER", nullable: false),
                    rate_basis_points = table.Column<int>(type: "INTEGER", nullable: false),
                    frequency = table.Column<int>(type: "INTEGER", nullable: false),
                    grace_days = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    terminated_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    termination_reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    breach = table.Column<bool>(type: "INTEGER", nullable: false),
                    breach_description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contracts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "disposals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    asset_id = table.Column<long>(type: "INTEGER", nullable: false),
                    @case = table.Column<int>(name: "case", type: "INTEGER", nullable: false),
                    method = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    proposed_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    proposed_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    resolution_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    representatives_total = table.Column<int>(type: "INTEGER", nullable: true),
                    representatives_present = table.Column<int>(type: "INTEGER", nullable: true),
                    votes_for = table.Column<int>(type: "INTEGER", nullable: true),
                    resolution_note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    township_approved_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    township_approver = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    township_opinion = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    county_approved_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    county_approver = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    county_opinion = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    completed_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    proceeds = table.Column<long>(type: "INTEGER", nullable: false),
                    buyer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    rejected_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_disposals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "fund_sources",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    allocated = table.Column<long>(type: "INTEGER", nullable: false),
                    document_no = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fund_sources", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "projects",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    code = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    industry = table.Column<int>(type: "INTEGER", nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    approved_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    approval_document = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    started_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    accepted_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_projects", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "asset_fundings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    fund_source_id = table.Column<long>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    asset_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_asset_fundings", x => x.id);
                    table.ForeignKey(
                        name: "FK_asset_fundings_assets_asset_id",
                        column: x => x.asset_id,
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "asset_ownership_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    effective_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    before = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    after = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    asset_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_asset_ownership_changes", x => x.id);
                    table.ForeignKey(
                        name: "FK_asset_ownership_changes_assets_asset_id",
                        column: x => x.asset_id,
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "asset_shares",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    holder_kind = table.Column<int>(type: "INTEGER", nullable: false),
                    holder_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    holder_code = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    household_id = table.Column<long>(type: "INTEGER", nullable: true),
                    basis_points = table.Column<int>(type: "INTEGER", nullable: false),
                    asset_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_asset_shares", x => x.id);
                    table.ForeignKey(
                        name: "FK_asset_shares_assets_asset_id",
                        column: x => x.asset_id,
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "asset_status_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    from_status = table.Column<int>(type: "INTEGER", nullable: true),
                    to_status = table.Column<int>(type: "INTEGER", nullable: false),
                    effective_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    asset_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_asset_status_changes", x => x.id);
                    table.ForeignKey(
                        name: "FK_asset_status_changes_assets_asset_id",
                        column: x => x.asset_id,
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contract_assets",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    asset_id = table.Column<long>(type: "INTEGER", nullable: false),
                    value_at_signing = table.Column<long>(type: "INTEGER", nullable: false),
                    contract_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contract_assets", x => x.id);
                    table.ForeignKey(
                        name: "FK_contract_assets_contracts_contract_id",
                        column: x => x.contract_id,
                        principalTable: "contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contract_bids",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    bidder_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    credit_code = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    annual_amount = table.Column<long>(type: "INTEGER", nullable: false),
                    won = table.Column<bool>(type: "INTEGER", nullable: false),
                    contract_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contract_bids", x => x.id);
                    table.ForeignKey(
                        name: "FK_contract_bids_contracts_contract_id",
                        column: x => x.contract_id,
                        principalTable: "contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contract_employment",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    jobs = table.Column<int>(type: "INTEGER", nullable: false),
                    poor_people = table.Column<int>(type: "INTEGER", nullable: false),
                    poor_households = table.Column<int>(type: "INTEGER", nullable: false),
                    wages = table.Column<long>(type: "INTEGER", nullable: false),
                    wages_to_poor = table.Column<long>(type: "INTEGER", nullable: false),
                    contract_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contract_employment", x => x.id);
                    table.ForeignKey(
                        name: "FK_contract_employment_contracts_contract_id",
                        column: x => x.contract_id,
                        principalTable: "contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contract_receipts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    received_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    contract_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contract_receipts", x => x.id);
                    table.ForeignKey(
                        name: "FK_contract_receipts_contracts_contract_id",
                        column: x => x.contract_id,
                        principalTable: "contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "contract_receivables",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    period = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    paid = table.Column<long>(type: "INTEGER", nullable: false),
                    cancelled = table.Column<bool>(type: "INTEGER", nullable: false),
                    contract_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contract_receivables", x => x.id);
                    table.ForeignKey(
                        name: "FK_contract_receivables_contracts_contract_id",
                        column: x => x.contract_id,
                        principalTable: "contracts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_budgets",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    fund_source_id = table.Column<long>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    project_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_budgets", x => x.id);
                    table.ForeignKey(
                        name: "FK_project_budgets_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_villages",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    project_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_villages", x => x.id);
                    table.ForeignKey(
                        name: "FK_project_villages_projects_project_id",
                        column: x => x.project_id,
                        principalTable: "projects",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_asset_files_asset_id",
                table: "asset_files",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "IX_asset_files_township_code",
                table: "asset_files",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_asset_files_village_code",
                table: "asset_files",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_asset_fundings_asset_id",
                table: "asset_fundings",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "IX_asset_fundings_fund_source_id",
                table: "asset_fundings",
                column: "fund_source_id");

            migrationBuilder.CreateIndex(
                name: "IX_asset_incomes_asset_id_received_on",
                table: "asset_incomes",
                columns: new[] { "asset_id", "received_on" });

            migrationBuilder.CreateIndex(
                name: "IX_asset_incomes_contract_id",
                table: "asset_incomes",
                column: "contract_id");

            migrationBuilder.CreateIndex(
                name: "IX_asset_incomes_county_code_year",
                table: "asset_incomes",
                columns: new[] { "county_code", "year" });

            migrationBuilder.CreateIndex(
                name: "IX_asset_incomes_township_code",
                table: "asset_incomes",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_asset_incomes_village_code",
                table: "asset_incomes",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_asset_ownership_changes_asset_id",
                table: "asset_ownership_changes",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "IX_asset_shares_asset_id",
                table: "asset_shares",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "IX_asset_shares_household_id",
                table: "asset_shares",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_asset_status_changes_asset_id",
                table: "asset_status_changes",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "IX_assets_county_code_code",
                table: "assets",
                columns: new[] { "county_code", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assets_name",
                table: "assets",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "IX_assets_project_id",
                table: "assets",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "IX_assets_township_code_id",
                table: "assets",
                columns: new[] { "township_code", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_assets_village_code_id",
                table: "assets",
                columns: new[] { "village_code", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_certificates_asset_id",
                table: "certificates",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "IX_certificates_county_code_year_sequence",
                table: "certificates",
                columns: new[] { "county_code", "year", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_certificates_number",
                table: "certificates",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_certificates_township_code",
                table: "certificates",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_certificates_verification_code",
                table: "certificates",
                column: "verification_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_certificates_village_code",
                table: "certificates",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_contract_assets_asset_id",
                table: "contract_assets",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "IX_contract_assets_contract_id",
                table: "contract_assets",
                column: "contract_id");

            migrationBuilder.CreateIndex(
                name: "IX_contract_bids_contract_id",
                table: "contract_bids",
                column: "contract_id");

            migrationBuilder.CreateIndex(
                name: "IX_contract_employment_contract_id",
                table: "contract_employment",
                column: "contract_id");

            migrationBuilder.CreateIndex(
                name: "IX_contract_receipts_contract_id",
                table: "contract_receipts",
                column: "contract_id");

            migrationBuilder.CreateIndex(
                name: "IX_contract_receivables_contract_id",
                table: "contract_receivables",
                column: "contract_id");

            migrationBuilder.CreateIndex(
                name: "IX_contract_receivables_due_on",
                table: "contract_receivables",
                column: "due_on");

            migrationBuilder.CreateIndex(
                name: "IX_contracts_county_code_end_on",
                table: "contracts",
                columns: new[] { "county_code", "end_on" });

            migrationBuilder.CreateIndex(
                name: "IX_contracts_county_code_number",
                table: "contracts",
                columns: new[] { "county_code", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_contracts_township_code",
                table: "contracts",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_contracts_village_code",
                table: "contracts",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_disposals_asset_id",
                table: "disposals",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "IX_disposals_township_code",
                table: "disposals",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_disposals_village_code",
                table: "disposals",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_fund_sources_county_code_year_name",
                table: "fund_sources",
                columns: new[] { "county_code", "year", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_project_budgets_fund_source_id",
                table: "project_budgets",
                column: "fund_source_id");

            migrationBuilder.CreateIndex(
                name: "IX_project_budgets_project_id",
                table: "project_budgets",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "IX_project_villages_project_id",
                table: "project_villages",
                column: "project_id");

            migrationBuilder.CreateIndex(
                name: "IX_project_villages_village_code",
                table: "project_villages",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_projects_county_code_code",
                table: "projects",
                columns: new[] { "county_code", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_projects_county_code_year",
                table: "projects",
                columns: new[] { "county_code", "year" });

            migrationBuilder.CreateIndex(
                name: "IX_projects_township_code",
                table: "projects",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_projects_village_code",
                table: "projects",
                column: "village_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "asset_files");

            migrationBuilder.DropTable(
                name: "asset_fundings");

            migrationBuilder.DropTable(
                name: "asset_incomes");

            migrationBuilder.DropTable(
                name: "asset_ownership_changes");

            migrationBuilder.DropTable(
                name: "asset_shares");

            migrationBuilder.DropTable(
                name: "asset_status_changes");

            migrationBuilder.DropTable(
                name: "certificates");

            migrationBuilder.DropTable(
                name: "contract_assets");

            migrationBuilder.DropTable(
                name: "contract_bids");

            migrationBuilder.DropTable(
                name: "contract_employment");

            migrationBuilder.DropTable(
                name: "contract_receipts");

            migrationBuilder.DropTable(
                name: "contract_receivables");

            migrationBuilder.DropTable(
                name: "disposals");

            migrationBuilder.DropTable(
                name: "fund_sources");

            migrationBuilder.DropTable(
                name: "project_budgets");

            migrationBuilder.DropTable(
                name: "project_villages");

            migrationBuilder.DropTable(
                name: "assets");

            migrationBuilder.DropTable(
                name: "contracts");

            migrationBuilder.DropTable(
                name: "projects");
        }
    }
}

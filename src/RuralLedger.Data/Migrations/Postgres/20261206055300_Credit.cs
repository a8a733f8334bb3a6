using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Credit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "credit_policies",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    programme = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    document_no = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false),
                    max_amount = table.Column<long>(type: "bigint", nullable: false),
                    max_term_months = table.Column<int>(type: "integer", nullable: false),
                    min_age = table.Column<int>(type: "integer", nullable: false),
                    max_age = table.Column<int>(type: "integer", nullable: false),
                    guarantee_free = table.Column<bool>(type: "boolean", nullable: false),
                    subsidy_share = table.Column<int>(type: "integer", nullable: false),
                    day_count_basis = table.Column<int>(type: "integer", nullable: false),
                    extension_max_count = table.Column<int>(type: "integer", nullable: false),
                    extension_max_months = table.Column<int>(type: "integer", nullable: false),
                    renewal_max_count = table.Column<int>(type: "integer", nullable: false),
                    aging_buckets = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    allowed_uses = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    prohibited_uses = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    eligible_statuses = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_policies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "loan_subsidy_claims",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    bank_code = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    bank_name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    quarter = table.Column<int>(type: "integer", nullable: false),
                    policy_id = table.Column<long>(type: "bigint", nullable: false),
                    share = table.Column<int>(type: "integer", nullable: false),
                    interest_on_time = table.Column<long>(type: "bigint", nullable: false),
                    interest_late = table.Column<long>(type: "bigint", nullable: false),
                    subsidy = table.Column<long>(type: "bigint", nullable: false),
                    repayments = table.Column<int>(type: "integer", nullable: false),
                    loans = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    built_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    built_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    approved_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    approved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    paid_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_subsidy_claims", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lpr_quotes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    effective_on = table.Column<DateOnly>(type: "date", nullable: false),
                    one_year = table.Column<int>(type: "integer", nullable: false),
                    five_year = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lpr_quotes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "loans",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    household_no = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    borrower_id = table.Column<long>(type: "bigint", nullable: false),
                    borrower_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    borrower_age = table.Column<int>(type: "integer", nullable: false),
                    bank_code = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    bank_name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    policy_id = table.Column<long>(type: "bigint", nullable: false),
                    programme = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    applied_on = table.Column<DateOnly>(type: "date", nullable: false),
                    signed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    term_months = table.Column<int>(type: "integer", nullable: false),
                    method = table.Column<int>(type: "integer", nullable: false),
                    purpose = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    purpose_detail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    renewal_of_id = table.Column<long>(type: "bigint", nullable: true),
                    renewal_count = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    annual_rate = table.Column<int>(type: "integer", nullable: true),
                    lpr_ceiling = table.Column<int>(type: "integer", nullable: true),
                    decided_on = table.Column<DateOnly>(type: "date", nullable: true),
                    disbursed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    disbursed_amount = table.Column<long>(type: "bigint", nullable: false),
                    account_cipher = table.Column<byte[]>(type: "bytea", maxLength: 80, nullable: true),
                    account_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: true),
                    account_masked = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    maturity_on = table.Column<DateOnly>(type: "date", nullable: true),
                    original_maturity_on = table.Column<DateOnly>(type: "date", nullable: true),
                    extension_count = table.Column<int>(type: "integer", nullable: false),
                    principal_repaid = table.Column<long>(type: "bigint", nullable: false),
                    interest_repaid = table.Column<long>(type: "bigint", nullable: false),
                    closed_on = table.Column<DateOnly>(type: "date", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loans", x => x.id);
                    table.ForeignKey(
                        name: "FK_loans_credit_policies_policy_id",
                        column: x => x.policy_id,
                        principalTable: "credit_policies",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "loan_instalments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    loan_id = table.Column<long>(type: "bigint", nullable: false),
                    seq = table.Column<int>(type: "integer", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    due_on = table.Column<DateOnly>(type: "date", nullable: false),
                    principal = table.Column<long>(type: "bigint", nullable: false),
                    interest = table.Column<long>(type: "bigint", nullable: false),
                    principal_paid = table.Column<long>(type: "bigint", nullable: false),
                    interest_paid = table.Column<long>(type: "bigint", nullable: false),
                    settled_on = table.Column<DateOnly>(type: "date", nullable: true),
                    superseded = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_instalments", x => x.id);
                    table.ForeignKey(
                        name: "FK_loan_instalments_loans_loan_id",
                        column: x => x.loan_id,
                        principalTable: "loans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "loan_repayments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    loan_id = table.Column<long>(type: "bigint", nullable: false),
                    loan_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    bank_code = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: false),
                    principal = table.Column<long>(type: "bigint", nullable: false),
                    interest = table.Column<long>(type: "bigint", nullable: false),
                    interest_on_time = table.Column<long>(type: "bigint", nullable: false),
                    interest_late = table.Column<long>(type: "bigint", nullable: false),
                    payer_name = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    payer_account_cipher = table.Column<byte[]>(type: "bytea", maxLength: 80, nullable: false),
                    payer_account_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    payer_account_masked = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    source = table.Column<int>(type: "integer", nullable: false),
                    claim_id = table.Column<long>(type: "bigint", nullable: true),
                    subsidy = table.Column<long>(type: "bigint", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_repayments", x => x.id);
                    table.ForeignKey(
                        name: "FK_loan_repayments_loans_loan_id",
                        column: x => x.loan_id,
                        principalTable: "loans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "loan_steps",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    loan_id = table.Column<long>(type: "bigint", nullable: false),
                    seq = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    on = table.Column<DateOnly>(type: "date", nullable: false),
                    by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    decision = table.Column<int>(type: "integer", nullable: false),
                    opinion = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loan_steps", x => x.id);
                    table.ForeignKey(
                        name: "FK_loan_steps_loans_loan_id",
                        column: x => x.loan_id,
                        principalTable: "loans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_credit_policies_county_code_effective_from",
                table: "credit_policies",
                columns: new[] { "county_code", "effective_from" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_loan_instalments_due_on_settled_on",
                table: "loan_instalments",
                columns: new[] { "due_on", "settled_on" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_instalments_loan_id_seq",
                table: "loan_instalments",
                columns: new[] { "loan_id", "seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_bank_code_paid_on_claim_id",
                table: "loan_repayments",
                columns: new[] { "bank_code", "paid_on", "claim_id" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_claim_id",
                table: "loan_repayments",
                column: "claim_id");

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_county_code_payer_account_hash",
                table: "loan_repayments",
                columns: new[] { "county_code", "payer_account_hash" });

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_loan_id_paid_on_principal_interest",
                table: "loan_repayments",
                columns: new[] { "loan_id", "paid_on", "principal", "interest" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_loan_repayments_village_code",
                table: "loan_repayments",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_loan_steps_loan_id_seq",
                table: "loan_steps",
                columns: new[] { "loan_id", "seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_loan_subsidy_claims_county_code_bank_code_year_quarter",
                table: "loan_subsidy_claims",
                columns: new[] { "county_code", "bank_code", "year", "quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_loans_bank_code_status",
                table: "loans",
                columns: new[] { "bank_code", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_loans_county_code_status",
                table: "loans",
                columns: new[] { "county_code", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_loans_household_id",
                table: "loans",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_loans_number",
                table: "loans",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_loans_policy_id",
                table: "loans",
                column: "policy_id");

            migrationBuilder.CreateIndex(
                name: "IX_loans_township_code_status",
                table: "loans",
                columns: new[] { "township_code", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_loans_village_code_status",
                table: "loans",
                columns: new[] { "village_code", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_lpr_quotes_effective_on",
                table: "lpr_quotes",
                column: "effective_on",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "loan_instalments");

            migrationBuilder.DropTable(
                name: "loan_repayments");

            migrationBuilder.DropTable(
                name: "loan_steps");

            migrationBuilder.DropTable(
                name: "loan_subsidy_claims");

            migrationBuilder.DropTable(
                name: "lpr_quotes");

            migrationBuilder.DropTable(
                name: "loans");

            migrationBuilder.DropTable(
                name: "credit_policies");
        }
    }
}

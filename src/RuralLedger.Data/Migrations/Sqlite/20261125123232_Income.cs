using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Income : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "plan_id",
                table: "asset_incomes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "distribution_plans",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    number = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    reverses_id = table.Column<long>(type: "INTEGER", nullable: true),
                    reversal_reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    reversed_by_id = table.Column<long>(type: "INTEGER", nullable: true),
                    rule_id = table.Column<long>(type: "INTEGER", nullable: false),
                    rule_code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    rule_version = table.Column<int>(type: "INTEGER", nullable: false),
                    freeze_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    pool = table.Column<long>(type: "INTEGER", nullable: false),
                    dividends = table.Column<long>(type: "INTEGER", nullable: false),
                    total_weight = table.Column<long>(type: "INTEGER", nullable: false),
                    households = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    meeting_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    meeting_entitled = table.Column<int>(type: "INTEGER", nullable: true),
                    meeting_present = table.Column<int>(type: "INTEGER", nullable: true),
                    meeting_for = table.Column<int>(type: "INTEGER", nullable: true),
                    meeting_minutes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    notice_from = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    notice_to = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    notice_place = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    approved_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    approved_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    approval_opinion = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    posted_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    posted_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_distribution_plans", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "distribution_rules",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    effective_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    weighting = table.Column<int>(type: "INTEGER", nullable: false),
                    minimum_per_household = table.Column<long>(type: "INTEGER", nullable: false),
                    eligible = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    require_public_welfare_job = table.Column<bool>(type: "INTEGER", nullable: false),
                    factor_disabled = table.Column<int>(type: "INTEGER", nullable: false),
                    factor_elderly = table.Column<int>(type: "INTEGER", nullable: false),
                    factor_elderly_age = table.Column<int>(type: "INTEGER", nullable: false),
                    factor_no_labour = table.Column<int>(type: "INTEGER", nullable: false),
                    factor_per_person = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_distribution_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "journal_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    plan_id = table.Column<long>(type: "INTEGER", nullable: false),
                    batch_id = table.Column<long>(type: "INTEGER", nullable: true),
                    household_id = table.Column<long>(type: "INTEGER", nullable: true),
                    posted_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    debit = table.Column<int>(type: "INTEGER", nullable: false),
                    credit = table.Column<int>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    memo = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    posted_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    posted_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journal_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "payment_batches",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plan_id = table.Column<long>(type: "INTEGER", nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    lines = table.Column<int>(type: "INTEGER", nullable: false),
                    total = table.Column<long>(type: "INTEGER", nullable: false),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    paid = table.Column<int>(type: "INTEGER", nullable: false),
                    paid_total = table.Column<long>(type: "INTEGER", nullable: false),
                    failed = table.Column<int>(type: "INTEGER", nullable: false),
                    result_on = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plan_lines",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plan_id = table.Column<long>(type: "INTEGER", nullable: false),
                    county_code = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    household_id = table.Column<long>(type: "INTEGER", nullable: false),
                    household_no = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    head_name = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    people = table.Column<int>(type: "INTEGER", nullable: false),
                    weight = table.Column<long>(type: "INTEGER", nullable: false),
                    minimum = table.Column<long>(type: "INTEGER", nullable: false),
                    weighted_floor = table.Column<long>(type: "INTEGER", nullable: false),
                    remainder_fen = table.Column<int>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    exact_share = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    payment = table.Column<int>(type: "INTEGER", nullable: false),
                    batch_id = table.Column<long>(type: "INTEGER", nullable: true),
                    failure_reason = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_lines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "distribution_plan_parts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    basis_points = table.Column<int>(type: "INTEGER", nullable: false),
                    amount = table.Column<long>(type: "INTEGER", nullable: false),
                    plan_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_distribution_plan_parts", x => x.id);
                    table.ForeignKey(
                        name: "FK_distribution_plan_parts_distribution_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "distribution_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "plan_objections",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    filed_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    filed_by = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    content = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    answer = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    answered_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    plan_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_objections", x => x.id);
                    table.ForeignKey(
                        name: "FK_plan_objections_distribution_plans_plan_id",
                        column: x => x.plan_id,
                        principalTable: "distribution_plans",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "distribution_rule_parts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    basis_points = table.Column<int>(type: "INTEGER", nullable: false),
                    rule_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_distribution_rule_parts", x => x.id);
                    table.ForeignKey(
                        name: "FK_distribution_rule_parts_distribution_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "distribution_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_distribution_plan_parts_plan_id",
                table: "distribution_plan_parts",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "IX_distribution_plans_county_code_number",
                table: "distribution_plans",
                columns: new[] { "county_code", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_distribution_plans_township_code",
                table: "distribution_plans",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_distribution_plans_village_code_year",
                table: "distribution_plans",
                columns: new[] { "village_code", "year" });

            migrationBuilder.CreateIndex(
                name: "IX_distribution_rule_parts_rule_id",
                table: "distribution_rule_parts",
                column: "rule_id");

            migrationBuilder.CreateIndex(
                name: "IX_distribution_rules_county_code_code_version",
                table: "distribution_rules",
                columns: new[] { "county_code", "code", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_county_code_key",
                table: "journal_entries",
                columns: new[] { "county_code", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_household_id",
                table: "journal_entries",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_plan_id",
                table: "journal_entries",
                column: "plan_id");

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_township_code",
                table: "journal_entries",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_journal_entries_village_code",
                table: "journal_entries",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_payment_batches_plan_id_sequence",
                table: "payment_batches",
                columns: new[] { "plan_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payment_batches_township_code",
                table: "payment_batches",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_payment_batches_village_code",
                table: "payment_batches",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_plan_lines_batch_id",
                table: "plan_lines",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "IX_plan_lines_household_id_year",
                table: "plan_lines",
                columns: new[] { "household_id", "year" });

            migrationBuilder.CreateIndex(
                name: "IX_plan_lines_plan_id_household_id",
                table: "plan_lines",
                columns: new[] { "plan_id", "household_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plan_lines_township_code",
                table: "plan_lines",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "IX_plan_lines_village_code",
                table: "plan_lines",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_plan_objections_plan_id",
                table: "plan_objections",
                column: "plan_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "distribution_plan_parts");

            migrationBuilder.DropTable(
                name: "distribution_rule_parts");

            migrationBuilder.DropTable(
                name: "journal_entries");

            migrationBuilder.DropTable(
                name: "payment_batches");

            migrationBuilder.DropTable(
                name: "plan_lines");

            migrationBuilder.DropTable(
                name: "plan_objections");

            migrationBuilder.DropTable(
                name: "distribution_rules");

            migrationBuilder.DropTable(
                name: "distribution_plans");

            migrationBuilder.DropColumn(
                name: "plan_id",
                table: "asset_incomes");
        }
    }
}

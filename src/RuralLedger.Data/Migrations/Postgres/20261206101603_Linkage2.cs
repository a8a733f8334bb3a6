using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace RuralLedger.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Linkage2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "project_id",
                table: "linkage_agreements",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "planned_benefit",
                table: "agreement_households",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "farm_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    buyer_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    buyer_code = table.Column<string>(type: "character(18)", fixedLength: true, maxLength: 18, nullable: false),
                    product = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    quantity_kg = table.Column<long>(type: "bigint", nullable: false),
                    guaranteed_price = table.Column<long>(type: "bigint", nullable: false),
                    pricing = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    season = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    agreement_id = table.Column<long>(type: "bigint", nullable: true),
                    agreement_number = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_farm_orders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "land_transfers",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    household_no = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    head_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    tenant_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    tenant_code = table.Column<string>(type: "character(18)", fixedLength: true, maxLength: 18, nullable: true),
                    location = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    area_mu = table.Column<long>(type: "bigint", nullable: false),
                    rent_per_mu = table.Column<long>(type: "bigint", nullable: false),
                    annual_rent = table.Column<long>(type: "bigint", nullable: false),
                    start_on = table.Column<DateOnly>(type: "date", nullable: false),
                    end_on = table.Column<DateOnly>(type: "date", nullable: false),
                    agreement_id = table.Column<long>(type: "bigint", nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_land_transfers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "training_sessions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    topic = table.Column<int>(type: "integer", nullable: false),
                    subject = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    place = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    trainer = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    hours = table.Column<long>(type: "bigint", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_sessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "farm_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    order_id = table.Column<long>(type: "bigint", nullable: false),
                    county_code = table.Column<string>(type: "character(6)", fixedLength: true, maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    household_no = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    head_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    delivered_on = table.Column<DateOnly>(type: "date", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    weight_kg = table.Column<long>(type: "bigint", nullable: false),
                    market_price = table.Column<long>(type: "bigint", nullable: false),
                    price_paid = table.Column<long>(type: "bigint", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_farm_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "FK_farm_deliveries_farm_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "farm_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "land_rent_payments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    paid_on = table.Column<DateOnly>(type: "date", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    note = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    transfer_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_land_rent_payments", x => x.id);
                    table.ForeignKey(
                        name: "FK_land_rent_payments_land_transfers_transfer_id",
                        column: x => x.transfer_id,
                        principalTable: "land_transfers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_attendees",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    member_id = table.Column<long>(type: "bigint", nullable: false),
                    member_name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    household_no = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    village_code = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: false),
                    attended = table.Column<bool>(type: "boolean", nullable: false),
                    completed = table.Column<bool>(type: "boolean", nullable: false),
                    certificate_no = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    session_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_attendees", x => x.id);
                    table.ForeignKey(
                        name: "FK_training_attendees_training_sessions_session_id",
                        column: x => x.session_id,
                        principalTable: "training_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_linkage_agreements_project_id",
                table: "linkage_agreements",
                column: "project_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_farm_deliveries_order_id_household_id_delivered_on",
                table: "farm_deliveries",
                columns: new[] { "order_id", "household_id", "delivered_on" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_farm_deliveries_village_code",
                table: "farm_deliveries",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_farm_deliveries_year_household_id",
                table: "farm_deliveries",
                columns: new[] { "year", "household_id" });

            migrationBuilder.CreateIndex(
                name: "IX_farm_orders_agreement_id",
                table: "farm_orders",
                column: "agreement_id");

            migrationBuilder.CreateIndex(
                name: "IX_farm_orders_county_code_year",
                table: "farm_orders",
                columns: new[] { "county_code", "year" });

            migrationBuilder.CreateIndex(
                name: "IX_land_rent_payments_transfer_id",
                table: "land_rent_payments",
                column: "transfer_id");

            migrationBuilder.CreateIndex(
                name: "IX_land_rent_payments_year",
                table: "land_rent_payments",
                column: "year");

            migrationBuilder.CreateIndex(
                name: "IX_land_transfers_household_id",
                table: "land_transfers",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_land_transfers_village_code",
                table: "land_transfers",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "IX_training_attendees_household_id",
                table: "training_attendees",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "IX_training_attendees_session_id_member_id",
                table: "training_attendees",
                columns: new[] { "session_id", "member_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_sessions_county_code_year",
                table: "training_sessions",
                columns: new[] { "county_code", "year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "farm_deliveries");

            migrationBuilder.DropTable(
                name: "land_rent_payments");

            migrationBuilder.DropTable(
                name: "training_attendees");

            migrationBuilder.DropTable(
                name: "farm_orders");

            migrationBuilder.DropTable(
                name: "land_transfers");

            migrationBuilder.DropTable(
                name: "training_sessions");

            migrationBuilder.DropIndex(
                name: "IX_linkage_agreements_project_id",
                table: "linkage_agreements");

            migrationBuilder.DropColumn(
                name: "project_id",
                table: "linkage_agreements");

            migrationBuilder.DropColumn(
                name: "planned_benefit",
                table: "agreement_households");
        }
    }
}

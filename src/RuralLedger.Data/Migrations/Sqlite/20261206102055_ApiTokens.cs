using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RuralLedger.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApiTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    secret_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    expires_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    permits_per_minute = table.Column<int>(type: "INTEGER", nullable: false),
                    last_used_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_used_ip = table.Column<string>(type: "TEXT", maxLength: 45, nullable: true),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    revoked_by = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    revoke_reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_tokens", x => x.id);
                    table.ForeignKey(
                        name: "FK_api_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    client_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    request_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: true),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    location = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    sealed_body = table.Column<byte[]>(type: "BLOB", maxLength: 2147483647, nullable: true),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_keys", x => x.id);
                    table.ForeignKey(
                        name: "FK_idempotency_keys_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_user_id",
                table: "api_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_created_at",
                table: "idempotency_keys",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_idempotency_keys_user_id_client_key",
                table: "idempotency_keys",
                columns: new[] { "user_id", "client_key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_tokens");

            migrationBuilder.DropTable(
                name: "idempotency_keys");
        }
    }
}

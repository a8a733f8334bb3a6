using Microsoft.Data.Sqlite;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests;

/// <summary>
/// The `rural` command as an operator runs it: a separate process on a SQLite data folder. The CLI is built with the
/// solution; the test runs the build of the same configuration as itself.
/// </summary>
public sealed class CliTests : IClassFixture<SqliteTestDatabase>
{
    private readonly SqliteTestDatabase _db;

    public CliTests(SqliteTestDatabase db) => _db = db;

    private Task<(int Exit, string Out, string Err)> RuralAsync(params string[] args) => new RuralCli(_db).RunAsync(args);

    [Fact]
    public async Task Demo_migrate_and_audit_verify_work_and_verify_names_a_tampered_row()
    {
        var demo = await RuralAsync("demo", "--size", "county");
        demo.Exit.Should().Be(0, demo.Err);
        demo.Out.Should().Contain("6,279 户").And.Contain("22,498 人");

        var again = await RuralAsync("demo", "--size", "county");
        again.Exit.Should().Be(2);
        again.Err.Should().Contain("错误 [demo.county_exists]");

        var migrate = await RuralAsync("db", "migrate");
        migrate.Exit.Should().Be(0, migrate.Err);
        migrate.Out.Should().Contain("已是最新");

        var intact = await RuralAsync("audit", "verify");
        intact.Exit.Should().Be(0, intact.Err);
        intact.Out.Should().Contain("校验通过").And.Contain("链 522699");

        long tampered;
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_db.DataFolder, "ruralledger.db")};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var pick = connection.CreateCommand();
            pick.CommandText = "SELECT id FROM audit_log WHERE chain_key = '522699' ORDER BY sequence LIMIT 1 OFFSET 10";
            tampered = (long)(await pick.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            await using var update = connection.CreateCommand();
            update.CommandText = $"UPDATE audit_log SET actor_name = 'someone else' WHERE id = {tampered}";
            (await update.ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).Should().Be(1);
        }

        var broken = await RuralAsync("audit", "verify");
        broken.Exit.Should().Be(3);
        broken.Err.Should().Contain("校验失败").And.Contain("链 522699 序号 11").And.Contain($"id {tampered}").And.Contain("被修改");
    }

    [Fact]
    public async Task Every_command_has_help()
    {
        foreach (var command in new[] { new[] { "--help" }, ["db", "migrate", "--help"], ["demo", "--help"], ["audit", "verify", "--help"] })
        {
            var help = await RuralAsync(command);
            help.Exit.Should().Be(0);
            help.Out.Should().Contain("Usage:");
        }
    }
}

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

        // Payer links (decision 0047): the demo's are whole; one removed and one altered outside the app are rebuilt from the repayments.
        var whole = await RuralAsync("loans", "payer-links");
        whole.Exit.Should().Be(0, whole.Err);
        whole.Out.Should().Contain("删去 0 条").And.Contain("补上 0 条");
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_db.DataFolder, "ruralledger.db")};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var change = connection.CreateCommand();
            change.CommandText = "DELETE FROM loan_payer_links WHERE rowid = (SELECT MIN(rowid) FROM loan_payer_links); "
                + "UPDATE loan_payer_links SET payer_account_masked = '0000********0000' WHERE rowid = (SELECT MAX(rowid) FROM loan_payer_links)";
            (await change.ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).Should().Be(2);
        }
        var rebuilt = await RuralAsync("loans", "payer-links");
        rebuilt.Exit.Should().Be(0, rebuilt.Err);
        rebuilt.Out.Should().Contain("删去 1 条").And.Contain("补上 2 条");
    }

    [Fact]
    public async Task Backup_then_more_writes_then_restore_finds_the_first_state_and_a_foreign_key_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        // A database of its own with the demo county (the class's database is for the demo loading test).
        await using var own = new SqliteTestDatabase();
        await own.InitializeFromDemoAsync();
        Task<(int Exit, string Out, string Err)> CliAsync(params string[] args) => new RuralCli(own).RunAsync(args);
        var backups = Path.Combine(own.DataFolder, "backups");
        var first = Path.Combine(backups, "first");
        var database = Path.Combine(own.DataFolder, "ruralledger.db");
        async Task<string> NameAsync()
        {
            await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
            await connection.OpenAsync(ct);
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT name FROM areas WHERE code = '522699001001'";
            return (string)(await read.ExecuteScalarAsync(ct))!;
        }
        var before = await NameAsync();

        var backup = await CliAsync("backup", "--to", first);
        backup.Exit.Should().Be(0, backup.Err);
        backup.Out.Should().Contain("备份完成").And.Contain("密钥");
        File.Exists(Path.Combine(first, "manifest.json")).Should().BeTrue();
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync(ct);
            await using var write = connection.CreateCommand();
            write.CommandText = "UPDATE areas SET name = '写在备份之后' WHERE code = '522699001001'";
            (await write.ExecuteNonQueryAsync(ct)).Should().Be(1);
        }
        var unforced = await CliAsync("restore", "--from", first);
        var restored = await CliAsync("restore", "--from", first, "--force");
        var after = await NameAsync();
        var verify = await CliAsync("audit", "verify");

        unforced.Exit.Should().Be(2);
        unforced.Err.Should().Contain("restore.target_exists");
        restored.Exit.Should().Be(0, restored.Err);
        after.Should().Be(before, "the restore brings back exactly the state of the backup");
        verify.Exit.Should().Be(0, verify.Err);

        // A backup whose key is another database's (checksums made to fit) is refused; so is a changed file.
        var foreign = await WithForeignKeyAsync(first, Path.Combine(backups, "foreign"));
        var refused = await CliAsync("restore", "--from", foreign, "--force");

        // A payout amount changed inside the backup's database (checksum made to fit): its seal no longer matches, the restore
        // is refused, and the live database keeps its amount.
        async Task<long> AmountAsync(string path)
        {
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync(ct);
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT amount FROM plan_lines WHERE id = (SELECT min(id) FROM plan_lines)";
            return (long)(await read.ExecuteScalarAsync(ct))!;
        }
        var paid = await AmountAsync(database);
        var tampered = await CopyBackupAsync(first, Path.Combine(backups, "tampered"), "ruralledger.db", async path =>
        {
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync(ct);
            await using var write = connection.CreateCommand();
            write.CommandText = "UPDATE plan_lines SET amount = amount + 100000 WHERE id = (SELECT min(id) FROM plan_lines)";
            (await write.ExecuteNonQueryAsync(ct)).Should().Be(1);
        });
        (await AmountAsync(Path.Combine(tampered, "ruralledger.db"))).Should().Be(paid + 100_000);
        var unsealed = await CliAsync("restore", "--from", tampered, "--force");

        unsealed.Exit.Should().Be(2, unsealed.Out);
        unsealed.Err.Should().Contain("backup.seals_broken").And.Contain("plan_lines id").And.Contain("内容被改动");
        (await AmountAsync(database)).Should().Be(paid, "a refused restore leaves the live database alone");
        await File.AppendAllTextAsync(Path.Combine(first, "personal-data.key"), " ", ct);
        var changed = await CliAsync("restore", "--from", first, "--force");

        refused.Exit.Should().Be(2);
        refused.Err.Should().Contain("restore.key_mismatch").And.Contain("不匹配");
        changed.Exit.Should().Be(2);
        changed.Err.Should().Contain("restore.checksum");
        (await NameAsync()).Should().Be(before, "a refused restore changes nothing");
    }

    [Fact]
    public async Task Postgres_backup_then_more_writes_then_restore_finds_the_first_state_and_a_foreign_key_or_a_broken_chain_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var own = new PostgresTestDatabase();
        await own.InitializeFromDemoAsync();
        Assert.SkipWhen(own.Unavailable is not null, own.Unavailable ?? "");
        Task<(int Exit, string Out, string Err)> CliAsync(params string[] args) => new RuralCli(own).RunAsync(args);
        var backups = Path.Combine(own.DataFolder, "backups");
        var first = Path.Combine(backups, "first");
        async Task<object?> ScalarAsync(string sql)
        {
            await using var connection = new Npgsql.NpgsqlConnection(own.ConnectionString + ";Pooling=false");
            await connection.OpenAsync(ct);
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync(ct);
        }
        Task<object?> NameAsync() => ScalarAsync("SELECT name FROM areas WHERE code = '522699001001'");
        var before = await NameAsync();
        var head = await ScalarAsync("SELECT head_name FROM households ORDER BY id LIMIT 1");
        var scratch = new Npgsql.NpgsqlConnectionStringBuilder(own.ConnectionString).Database + "_r%";

        var backup = await CliAsync("backup", "--to", first);
        backup.Exit.Should().Be(0, backup.Err);
        backup.Out.Should().Contain("备份完成");
        File.Exists(Path.Combine(first, "ruralledger.dump")).Should().BeTrue();
        (await File.ReadAllTextAsync(Path.Combine(first, "manifest.json"), ct)).Should().Contain("\"Postgres\"").And.Contain("ruralledger.dump");
        (await ScalarAsync("UPDATE areas SET name = '写在备份之后' WHERE code = '522699001001' RETURNING 1")).Should().Be(1);
        (await ScalarAsync("UPDATE households SET head_name = '备份之后' WHERE id = (SELECT min(id) FROM households) RETURNING 1")).Should().Be(1);
        var unforced = await CliAsync("restore", "--from", first);
        var restored = await CliAsync("restore", "--from", first, "--force");
        var verify = await CliAsync("audit", "verify");

        unforced.Exit.Should().Be(2);
        unforced.Err.Should().Contain("restore.target_exists");
        restored.Exit.Should().Be(0, restored.Err);
        (await NameAsync()).Should().Be(before, "the restore brings back exactly the state of the backup");
        (await ScalarAsync("SELECT head_name FROM households ORDER BY id LIMIT 1")).Should().Be(head);
        verify.Exit.Should().Be(0, verify.Err);
        (await ScalarAsync($"SELECT count(*) FROM pg_database WHERE datname LIKE '{scratch}'")).Should().Be(0L, "no scratch database is left behind");

        // Another key with checksums made to fit is refused, and changes nothing.
        var foreign = await WithForeignKeyAsync(first, Path.Combine(backups, "foreign"));
        await ScalarAsync("UPDATE areas SET name = '恢复之后' WHERE code = '522699001001'");
        var refused = await CliAsync("restore", "--from", foreign, "--force");

        refused.Exit.Should().Be(2);
        refused.Err.Should().Contain("restore.key_mismatch");
        (await NameAsync()).Should().Be("恢复之后", "a refused restore leaves the live database alone");

        // A database whose audit chain was altered is not backed up.
        await ScalarAsync("UPDATE audit_log SET actor_name = 'someone else' WHERE id = (SELECT min(id) FROM audit_log WHERE chain_key = '522699')");
        var broken = await CliAsync("backup", "--to", Path.Combine(backups, "broken"));
        broken.Exit.Should().Be(2);
        broken.Err.Should().Contain("backup.audit_broken");
    }

    /// <summary>A copy of the backup in <paramref name="first"/> with another database's key, its checksum made to fit the manifest.</summary>
    private static Task<string> WithForeignKeyAsync(string first, string foreign) =>
        CopyBackupAsync(first, foreign, "personal-data.key", path =>
        {
            File.Delete(path);
            Data.KeyFile.LoadOrCreate(path);
            return Task.CompletedTask;
        });

    /// <summary>A copy of the backup in <paramref name="first"/> with one file changed by <paramref name="change"/>, its checksum made to fit the manifest.</summary>
    private static async Task<string> CopyBackupAsync(string first, string copy, string name, Func<string, Task> change)
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(first))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        var changed = Path.Combine(copy, name);
        await change(changed);
        var manifest = await File.ReadAllTextAsync(Path.Combine(copy, "manifest.json"), ct);
        var oldSha = System.Text.RegularExpressions.Regex.Match(manifest, $"\"{System.Text.RegularExpressions.Regex.Escape(name)}\": \"([0-9a-f]{{64}})\"").Groups[1].Value;
        oldSha.Should().NotBeEmpty();
        var newSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(changed, ct)));
        await File.WriteAllTextAsync(Path.Combine(copy, "manifest.json"), manifest.Replace(oldSha, newSha, StringComparison.Ordinal), ct);
        return copy;
    }

    [Fact]
    public async Task Loans_claims_builds_the_last_quarter_once_and_aging_prints_the_buckets()
    {
        // The demo claims every quarter but the last finished one, which is left for this command.
        await using var own = new SqliteTestDatabase();
        await own.InitializeFromDemoAsync();
        Task<(int Exit, string Out, string Err)> CliAsync(params string[] args) => new RuralCli(own).RunAsync(args);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var last = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
        var quarter = $"{last.Year}Q{(last.Month + 2) / 3}";

        var claims = await CliAsync("loans", "claims", "--bank", "demo-rcc-0001", "--quarter", quarter.ToLowerInvariant());
        claims.Exit.Should().Be(0, claims.Err);
        claims.Out.Should().Contain("已生成贴息申报").And.Contain($"{last.Year} 年第 {(last.Month + 2) / 3} 季度").And.Contain("贴息比例 100%").And.Contain("（不贴息）");

        var again = await CliAsync("loans", "claims", "--bank", "DEMO-RCC-0001", "--quarter", quarter);
        again.Exit.Should().Be(2);
        again.Err.Should().Contain("错误 [loans.claim_exists]");
        var early = await CliAsync("loans", "claims", "--bank", "DEMO-RCC-0001", "--quarter", $"{today.Year}Q{(today.Month + 2) / 3}");
        early.Exit.Should().Be(2);
        early.Err.Should().Contain("错误 [loans.claim_early]");
        var malformed = await CliAsync("loans", "claims", "--bank", "DEMO-RCC-0001", "--quarter", "2026Q5");
        malformed.Exit.Should().Be(2);
        malformed.Err.Should().Contain("错误 [loans.claim_quarter]").And.Contain("2026Q5");
        var unknown = await CliAsync("loans", "claims", "--bank", "NO-SUCH-BANK", "--quarter", quarter);
        unknown.Exit.Should().Be(2);
        unknown.Err.Should().Contain("错误 [loans.claim_bank]");

        var aging = await CliAsync("loans", "aging", "--top", "3");
        aging.Exit.Should().Be(0, aging.Err);
        aging.Out.Should().Contain("逾期贷款").And.Contain("1–30 天").And.Contain("360 天以上");
    }

    [Fact]
    public async Task Loans_import_repayments_names_bad_rows_then_writes_the_fixed_file_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var own = new SqliteTestDatabase();
        await own.InitializeFromDemoAsync();
        Task<(int Exit, string Out, string Err)> CliAsync(params string[] args) => new RuralCli(own).RunAsync(args);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        string number;
        long loanId;
        await using (var db = own.CreateContext())
        {
            var loan = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
                db.Loans.Where(l => l.Status == RuralLedger.Core.Credit.LoanStatus.Active).OrderBy(l => l.Id), ct);
            (number, loanId) = (loan.Number, loan.Id.Value);
        }
        var day = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        const string Header = "贷款编号,还款日期,还款本金（元）,还款利息（元）,还款人姓名,还款账号\n";
        var bad = Path.Combine(own.DataFolder, "还款-有误.csv");
        await File.WriteAllTextAsync(bad, Header + $"{number},{day},0,1.00,借款人,6217001234567890\n{number},{day},0,1.234,借款人,6217001234567890\nXD000000-2025-99999,{day},0,1.00,借款人,6217001234567890\n", ct);
        var refused = await CliAsync("loans", "import-repayments", bad, "--confirm");
        refused.Exit.Should().Be(1, refused.Out);
        refused.Err.Should().Contain("第 3 行 [还款利息（元）] money.too_precise").And.Contain("第 4 行 [贷款编号] loans.unknown_loan").And.Contain("未写入任何内容");

        var good = Path.Combine(own.DataFolder, "还款.csv");
        await File.WriteAllTextAsync(good, Header + $"{number},{day},0,1.00,借款人,6217001234567890\n", ct);
        var preview = await CliAsync("loans", "import-repayments", good);
        preview.Exit.Should().Be(0, preview.Err);
        preview.Out.Should().Contain("新增 1 行").And.Contain("预览，未写入");
        var written = await CliAsync("loans", "import-repayments", good, "--confirm");
        written.Exit.Should().Be(0, written.Err);
        written.Out.Should().Contain("新增 1 行").And.Contain("已写入");
        var again = await CliAsync("loans", "import-repayments", good, "--confirm");
        again.Exit.Should().Be(0, again.Err);
        again.Out.Should().Contain("新增 0 行，已登记 1 行");
        await using (var db = own.CreateContext())
        {
            var id = new RuralLedger.Core.Credit.LoanId(loanId);
            db.Repayments.Count(r => r.LoanId == id && r.PaidOn == today && r.Source == RuralLedger.Core.Credit.RepaymentSource.Imported).Should().Be(1);
            db.AuditEntries.Count(a => a.Action == "import" && a.EntityType == "Repayment").Should().Be(1, "one audit event for the file");
        }
        // The bulk writes sealed what they changed.
        var verify = await CliAsync("audit", "verify");
        verify.Exit.Should().Be(0, verify.Err);

        var sheet = Path.Combine(own.DataFolder, "存量贷款.csv");
        await File.WriteAllTextAsync(sheet, "银行代码,银行合同编号\nDEMO-RCC-0001,HT-1\n", ct);
        var loans = await CliAsync("loans", "import-loans", sheet);
        loans.Exit.Should().Be(1);
        loans.Err.Should().Contain("第 1 行 [借款人身份证号] loans.import_missing_column");
    }

    [Fact]
    public async Task Every_command_has_help()
    {
        foreach (var command in new[] { new[] { "--help" }, ["db", "migrate", "--help"], ["demo", "--help"], ["audit", "verify", "--help"], ["backup", "--help"], ["restore", "--help"], ["loans", "claims", "--help"], ["loans", "aging", "--help"],
            ["loans", "import-repayments", "--help"], ["loans", "import-loans", "--help"] })
        {
            var help = await RuralAsync(command);
            help.Exit.Should().Be(0);
            help.Out.Should().Contain("Usage:");
        }
    }
}

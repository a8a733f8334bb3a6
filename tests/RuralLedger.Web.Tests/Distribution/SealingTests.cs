using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Bulk;
using RuralLedger.Data.Distribution;
using RuralLedger.Data.Sealing;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Distribution;

/// <summary>
/// Business rows are sealed (docs/decisions/0031-row-sealing.md): a real workflow — a registry written in bulk, income
/// added, plans built and approved, posted — verifies clean; then a payout amount changed, a household row changed, a
/// journal row deleted and a row inserted directly with SQL are each named by table and id, by the verifier and by
/// `rural audit verify` (non-zero exit).
/// </summary>
public abstract class SealingTests<TDatabase> : IClassFixture<TDatabase> where TDatabase : TestDatabase, new()
{
    private static readonly DivisionCode Village = DivisionCode.Parse("522691001001");

    private readonly TDatabase _db;

    protected SealingTests(TDatabase db)
    {
        Assert.SkipWhen(db.Unavailable is not null, db.Unavailable ?? "");
        _db = db;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_real_workflow_verifies_clean_and_each_row_changed_added_or_removed_in_sql_is_named()
    {
        var year = BusinessCalendar.Today(TimeProvider.System).Year - 1;
        await using (var db = _db.CreateContext())
        {
            await db.Database.MigrateAsync(Ct);
            await new RegistryBulkWriter(db).WriteAsync(Households(), Ct);
            // An app delete: the row leaves the heads with it.
            var spare = new FundSource(Village.County, FundSourceKind.Central, 2020, "临时资金", Money.FromYuan(1_000m), null);
            db.FundSources.Add(spare);
            await db.SaveChangesAsync(Ct);
            db.FundSources.Remove(spare);
            await db.SaveChangesAsync(Ct);
        }
        await TestIncome.AddAsync(_db, Village, Money.FromFen(12_345_678), year);
        long planId;
        await using (var db = _db.CreateContext())
        {
            var built = await new VillagePlans(db, TimeProvider.System).BuildAsync(new PlanBatchRequest(year, null, new DateOnly(year, 12, 31), Workers: 1), null, Ct);
            planId = built.Plans.Single().PlanId;
        }
        await using (var db = _db.CreateContext())
        {
            var today = BusinessCalendar.Today(TimeProvider.System);
            var plan = await db.DistributionPlans.SingleAsync(Ct);
            plan.RecordMeeting(today, 30, 25, 20, "四议（测试）", today);
            plan.PublishNotice(today, today.AddDays(6), "村委会公开栏", today);
            plan.Approve(today.AddDays(7), "乡镇（测试）", "同意");
            await db.SaveChangesAsync(Ct);
        }
        await using (var db = _db.CreateContext())
        {
            var posted = await new PlanPosting(db, TimeProvider.System).PostAsync([planId], null, Ct);
            posted.JournalRows.Should().BeGreaterThan(20);
        }

        SealReport clean;
        await using (var db = _db.CreateContext())
        {
            clean = await new SealVerifier(db).VerifyAsync(Ct);
        }
        clean.Findings.Select(SealReport.Describe).Should().BeEmpty();
        clean.Rows.Should().BeGreaterThan(100);
        var cleanCli = await new RuralCli(_db).RunAsync("audit", "verify");
        cleanCli.Exit.Should().Be(0, cleanCli.Err);
        cleanCli.Out.Should().Contain("数据封签校验通过");

        long line, household, removed, copied;
        await using (var db = _db.CreateContext())
        {
            line = await db.PlanLines.Where(l => l.PlanId == new DistributionPlanId(planId)).OrderBy(l => l.Id).Select(l => l.Id.Value).Skip(3).FirstAsync(Ct);
            household = await db.Households.OrderBy(h => h.Id).Select(h => h.Id.Value).Skip(5).FirstAsync(Ct);
            var journal = await db.JournalEntries.OrderBy(j => j.Id).Select(j => j.Id.Value).ToListAsync(Ct);
            removed = journal[4];
            copied = journal[7];
            await db.Database.ExecuteSqlAsync($"UPDATE plan_lines SET amount = amount + 100 WHERE id = {line}", Ct);
            await db.Database.ExecuteSqlAsync($"UPDATE households SET head_name = '改过的户主' WHERE id = {household}", Ct);
            await db.Database.ExecuteSqlAsync($"DELETE FROM journal_entries WHERE id = {removed}", Ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO journal_entries (key, county_code, township_code, village_code, plan_id, batch_id, household_id, posted_on, debit, credit, amount, memo, posted_by, posted_at, seal)
                SELECT key || ':copy', county_code, township_code, village_code, plan_id, batch_id, household_id, posted_on, debit, credit, amount, memo, posted_by, posted_at, seal
                FROM journal_entries WHERE id = {copied}
                """, Ct);
        }
        long inserted;
        SealReport tampered;
        await using (var db = _db.CreateContext())
        {
            inserted = await db.JournalEntries.MaxAsync(j => j.Id, Ct) is var max ? max.Value : 0;
            tampered = await new SealVerifier(db).VerifyAsync(Ct);
        }

        tampered.Findings.Select(f => (f.Table, f.Id, f.Problem)).Should().BeEquivalentTo(new (string, long?, SealProblem)[]
        {
            ("plan_lines", line, SealProblem.Changed),
            ("households", household, SealProblem.Changed),
            ("journal_entries", removed, SealProblem.Removed),
            ("journal_entries", inserted, SealProblem.Added),
        }, "a copied seal does not fit another id, and the deleted row is named by what the heads still hold");
        var cli = await new RuralCli(_db).RunAsync("audit", "verify");
        cli.Exit.Should().Be(4, cli.Err);
        cli.Err.Should().Contain($"plan_lines id {line}：内容被改动").And.Contain($"households id {household}：内容被改动")
            .And.Contain($"journal_entries id {removed}：在应用之外删除").And.Contain($"journal_entries id {inserted}：在应用之外新增")
            .And.Contain("数据封签校验失败：4 处");

        // Initialising by hand seals only rows with no seal at all: the copied seal is not replaced, and stays found.
        var init = await new RuralCli(_db).RunAsync("audit", "seal", "--init");
        init.Exit.Should().Be(0, init.Err);
        init.Out.Should().Contain("已为 0 行加封");
        (await new RuralCli(_db).RunAsync("audit", "verify")).Exit.Should().Be(4);
    }

    [Fact]
    public async Task Rows_sealed_before_a_migration_added_columns_are_sealed_again_and_a_row_changed_before_it_stays_named()
    {
        await using var db = _db.CreateContext();
        await db.Database.MigrateAsync(Ct);
        var migrations = db.GetService<IMigrationsAssembly>().Migrations.Keys.ToList();
        var applied = migrations.Where(m => m.EndsWith("_Usage3", StringComparison.Ordinal) || m.EndsWith("_LinkageImports", StringComparison.Ordinal)).ToList();
        var added = SealUpgrade.AddedColumns(db, applied);
        added.ToDictionary(p => p.Key, p => p.Value.Order(StringComparer.Ordinal).ToArray()).Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["loan_account_flows"] = ["counterparty_household_id"],
            ["linkage_agreements"] = ["partner_number"],
            ["land_transfers"] = ["end_reason", "ended_on"],
        });

        // Households as a table that gained a column after they were sealed: their seals are rewritten over the columns
        // they had, one row's content is then changed as if outside the application before the upgrade.
        await new RegistryBulkWriter(db).WriteAsync(Households(first: 500), Ct);
        var numbers = Households(first: 500).Select(h => h.HouseholdNo).ToList();
        var ids = await db.Households.Where(h => numbers.Contains(h.HouseholdNo)).OrderBy(h => h.Id).Select(h => h.Id.Value).ToListAsync(Ct);
        var layout = SealLayout.For(db.Model, "households")!;
        var gained = new HashSet<string>(StringComparer.Ordinal) { "head_name" };
        var before = layout.Without(gained);
        var sealer = RowSeals.SealerOf(db);
        await db.Database.OpenConnectionAsync(Ct);
        foreach (var id in ids)
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = $"SELECT {before.SelectList} FROM households WHERE id = {id}";
            await using var reader = await cmd.ExecuteReaderAsync(Ct);
            await reader.ReadAsync(Ct);
            var values = before.Columns.Select((c, i) => SealLayout.Read(reader, i, c, db.Provider)).ToArray();
            var seal = sealer.Seal(before, values);
            await reader.CloseAsync();
            await db.Database.ExecuteSqlAsync($"UPDATE households SET seal = {seal} WHERE id = {id}", Ct);
        }
        var changed = ids[2];
        await db.Database.ExecuteSqlAsync($"UPDATE households SET member_count = member_count + 1 WHERE id = {changed}", Ct);
        await db.Database.CloseConnectionAsync();
        (await Named(db)).Should().Contain(ids, "under the new layout every row sealed before looks changed");

        var resealed = await SealUpgrade.ResealAsync(db, new Dictionary<string, IReadOnlySet<string>> { ["households"] = gained }, TimeProvider.System, Ct);

        resealed.Should().BeGreaterThanOrEqualTo(ids.Count - 1);
        (await Named(db)).Intersect(ids).Should().Equal([changed], "the row changed before the upgrade matches neither layout");
        (await db.AuditEntries.CountAsync(a => a.Action == SealUpgrade.Action, Ct)).Should().Be(1);

        // Left clean for the other test of this database: the changed row put back and sealed as the app would.
        await db.Database.ExecuteSqlAsync($"UPDATE households SET member_count = member_count - 1 WHERE id = {changed}", Ct);
        await db.Database.OpenConnectionAsync(Ct);
        await RowSeals.ResealAsync(db, "households", [changed], Ct);
        await db.Database.CloseConnectionAsync();
        (await Named(db)).Intersect(ids).Should().BeEmpty("the other test of this database changes its own rows");
    }

    private static async Task<List<long>> Named(RuralDbContext db) =>
        (await new SealVerifier(db).VerifyAsync(Ct)).Findings.Where(f => f.Table == "households" && f.Problem == SealProblem.Changed).Select(f => f.Id!.Value).ToList();

    private static IEnumerable<Household> Households(int first = 0)
    {
        var vault = PersonalDataVault.CreateRandom();
        var recorded = new DateTimeOffset(2020, 1, 1, 9, 0, 0, BusinessCalendar.ChinaOffset);
        for (var n = 0; n < 30; n++)
        {
            var h = new Household(Village.Value + (first + n + 1).ToString("D5"), Village, null, HouseholdType.General, PovertyStatus.Registered, new DateOnly(2020, 1, 1), recorded, "test");
            h.AddMember("户主" + n.ToString("D3"), CitizenId.Compose(Village.County, new DateOnly(1960, 1, 1).AddDays(n), first + n + 1), Relation.Head, LabourAbility.Normal, Health.Healthy, Education.Primary, vault);
            yield return h;
        }
    }
}

public sealed class SqliteSealingTests(SqliteTestDatabase db) : SealingTests<SqliteTestDatabase>(db);

public sealed class PostgresSealingTests(PostgresTestDatabase db) : SealingTests<PostgresTestDatabase>(db);

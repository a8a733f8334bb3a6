using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Bulk;
using RuralLedger.Data;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Distribution;

/// <summary>
/// Issue #5, crash safety: `rural plans post` of a large approved plan (30,000 households) is killed in the middle
/// of its posting transaction; afterwards the journal holds none of the plan's rows and the plan is still approved
/// (or, had the kill come after the commit, all rows and posted). Posting again completes to exactly what a clean
/// post gives, `rural plans verify` agrees, and posting twice more changes nothing.
/// </summary>
public abstract class CrashSafetyTests<TDatabase> : IClassFixture<TDatabase> where TDatabase : TestDatabase, new()
{
    private const int Households = 30_000;
    // The CLI's documented test hook (PlansCommand.PauseAfterRowsVariable): pause after this many journal rows.
    private const string PauseVariable = "RURAL_POST_PAUSE_AFTER_ROWS";
    private const int PauseAfterRows = 2 * DistributionBulkWriter.BatchSize;
    private static readonly DivisionCode Village = DivisionCode.Parse("522698001001");

    private readonly TDatabase _db;

    protected CrashSafetyTests(TDatabase db)
    {
        Assert.SkipWhen(db.Unavailable is not null, db.Unavailable ?? "");
        _db = db;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_post_killed_midway_leaves_all_or_nothing_and_posting_again_gives_the_clean_result()
    {
        await using (var db = _db.CreateContext())
        {
            await db.Database.MigrateAsync(Ct);
            await new RegistryBulkWriter(db).WriteAsync(GenerateHouseholds(), Ct);
        }
        var year = BusinessCalendar.Today(TimeProvider.System).Year - 1;
        var pool = Money.FromYuan(1_234_567.89m);
        await TestIncome.AddAsync(_db, Village, pool, year);

        var build = await RuralAsync(null, "plans", "build", "--year", year.ToString(), "--village", Village.Value);
        build.Exit.Should().Be(0, build.Err);
        var planId = PlanId(build.Out);
        build.Out.Should().Contain($"{Households:N0} 户");
        await ApproveAsync(planId);

        // Killed once it has written rows of the posting transaction, before it can commit.
        var killed = await KillMidPostAsync(planId);
        killed.Should().Contain("记账中").And.Contain("测试钩子");
        var (status, rows, _) = await JournalAsync(planId);
        if (status == PlanStatus.Posted)
        {
            rows.Should().Be(Households + 2, "a kill after the commit leaves the whole posting");
        }
        else
        {
            status.Should().Be(PlanStatus.Approved);
            rows.Should().Be(0, "a kill inside the transaction leaves none of it");
        }
        var unposted = await RuralAsync(null, "plans", "verify", "--id", planId.ToString());
        unposted.Exit.Should().Be(0, unposted.Out + unposted.Err);

        var post = await RuralAsync(null, "plans", "post", "--id", planId.ToString());
        post.Exit.Should().Be(0, post.Err);
        post.Out.Should().Contain($"写入记账分录 {Households + 2:N0} 条");
        var after = await JournalAsync(planId);
        after.Status.Should().Be(PlanStatus.Posted);
        after.Rows.Should().Be(Households + 2, "collective income, the fund, and one payable per household");
        after.Total.Should().Be(pool);
        await using (var db = _db.CreateContext())
        {
            var lines = await db.PlanLines.Where(l => l.PlanId == new DistributionPlanId(planId)).Select(l => new { l.HouseholdId, l.Amount }).ToListAsync(Ct);
            var payables = await db.JournalEntries.Where(j => j.PlanId == new DistributionPlanId(planId) && j.Credit == LedgerAccount.DividendsPayable)
                .Select(j => new { j.HouseholdId, j.Amount }).ToDictionaryAsync(j => j.HouseholdId!.Value, j => j.Amount, Ct);
            lines.Should().HaveCount(Households);
            lines.Should().OnlyContain(l => payables[l.HouseholdId] == l.Amount);
            var parts = (await db.DistributionPlans.AsNoTracking().SingleAsync(p => p.Id == new DistributionPlanId(planId), Ct)).Parts;
            var other = await db.JournalEntries.Where(j => j.PlanId == new DistributionPlanId(planId) && j.Credit != LedgerAccount.DividendsPayable).ToListAsync(Ct);
            other.Select(j => (j.Credit, j.Amount)).Should().BeEquivalentTo(parts.Where(p => p.Kind != RulePartKind.HouseholdDividend).Select(p => (JournalEntry.AccountOf(p.Kind), p.Amount)));
        }
        var verify = await RuralAsync(null, "plans", "verify", "--id", planId.ToString());
        verify.Exit.Should().Be(0, verify.Err);
        verify.Out.Should().StartWith("OK");

        for (var i = 0; i < 2; i++)
        {
            var again = await RuralAsync(null, "plans", "post", "--id", planId.ToString());
            again.Exit.Should().Be(0, again.Err);
            again.Out.Should().Contain("未重复记账");
        }
        (await JournalAsync(planId)).Should().Be(after);

        // verify names a journal row that no longer matches its line.
        await using (var db = _db.CreateContext())
        {
            var first = await db.JournalEntries.Where(j => j.PlanId == new DistributionPlanId(planId) && j.HouseholdId != null).OrderBy(j => j.Id).FirstAsync(Ct);
            (await db.JournalEntries.Where(j => j.Id == first.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Amount, first.Amount + Money.FromFen(1)), Ct)).Should().Be(1);
        }
        var broken = await RuralAsync(null, "plans", "verify", "--id", planId.ToString());
        broken.Exit.Should().Be(3);
        broken.Err.Should().Contain("不一致").And.Contain("应付分红");
    }

    [Fact]
    public async Task The_plans_commands_have_help()
    {
        foreach (var command in new[] { "build", "post", "verify" })
        {
            var help = await RuralAsync(null, "plans", command, "--help");
            help.Exit.Should().Be(0);
            help.Out.Should().Contain("Usage:").And.Contain("--");
        }
    }

    private IEnumerable<Household> GenerateHouseholds()
    {
        var vault = PersonalDataVault.CreateRandom();
        var recorded = new DateTimeOffset(2020, 1, 1, 9, 0, 0, BusinessCalendar.ChinaOffset);
        for (var i = 0; i < Households; i++)
        {
            var h = new Household(Village.Value + (i + 1).ToString("D5"), Village, null, HouseholdType.General, PovertyStatus.Registered, new DateOnly(2020, 1, 1), recorded, "test");
            var birth = new DateOnly(1950, 1, 1).AddDays(i / 900);
            h.AddMember("户主" + i.ToString("D5"), CitizenId.Compose(Village.County, birth, i % 900 + 1), Relation.Head, LabourAbility.Normal, Health.Healthy, Education.Primary, vault);
            yield return h;
        }
    }

    /// <summary>四议, the 7-day notice and township approval, recorded through the domain with dates moved into the past.</summary>
    private async Task ApproveAsync(long planId)
    {
        await using var db = _db.CreateContext();
        var plan = await db.DistributionPlans.SingleAsync(p => p.Id == new DistributionPlanId(planId), Ct);
        var today = BusinessCalendar.Today(TimeProvider.System);
        plan.RecordMeeting(today, 30, 25, 20, "四议（测试）", today);
        plan.PublishNotice(today, today.AddDays(6), "村委会公开栏", today);
        // The notice has run its seven days by the day of approval.
        plan.Approve(today.AddDays(7), "乡镇（测试）", "同意");
        await db.SaveChangesAsync(Ct);
    }

    private async Task<(PlanStatus Status, int Rows, Money Total)> JournalAsync(long planId)
    {
        await using var db = _db.CreateContext();
        var status = await db.DistributionPlans.Where(p => p.Id == new DistributionPlanId(planId)).Select(p => p.Status).SingleAsync(Ct);
        var amounts = await db.JournalEntries.Where(j => j.PlanId == new DistributionPlanId(planId)).Select(j => j.Amount).ToListAsync(Ct);
        return (status, amounts.Count, Money.Sum(amounts));
    }

    /// <summary>Starts the post with the pause hook, waits for the hook's line, and kills the whole process tree.</summary>
    private async Task<string> KillMidPostAsync(long planId)
    {
        using var process = Process.Start(Start(new Dictionary<string, string> { [PauseVariable] = PauseAfterRows.ToString() }, "plans", "post", "--id", planId.ToString()))!;
        var seen = new StringBuilder();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(5));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.AppendLine(line);
                if (line.Contains("测试钩子"))
                {
                    break;
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }
        return seen.ToString();
    }

    private Task<(int Exit, string Out, string Err)> RuralAsync(Dictionary<string, string>? environment, params string[] args) => new RuralCli(_db).RunAsync(environment, args);

    private ProcessStartInfo Start(Dictionary<string, string>? environment, params string[] args) => new RuralCli(_db).Start(environment, args);

    /// <summary>The id in the build's line "方案 123：FP…".</summary>
    private static long PlanId(string output)
    {
        var start = output.IndexOf("方案 ", StringComparison.Ordinal) + 3;
        return long.Parse(output[start..output.IndexOf('：', start)]);
    }
}

public sealed class SqliteCrashSafetyTests(SqliteTestDatabase db) : CrashSafetyTests<SqliteTestDatabase>(db);

public sealed class PostgresCrashSafetyTests(PostgresTestDatabase db) : CrashSafetyTests<PostgresTestDatabase>(db);

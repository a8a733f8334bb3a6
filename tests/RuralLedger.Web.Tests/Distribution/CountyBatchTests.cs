using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Bulk;
using RuralLedger.Data.Distribution;
using RuralLedger.Data;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Distribution;

/// <summary>
/// A batch over several counties builds and posts them several at once (CountyWorkers: on SQLite the next counties
/// are read while one connection writes, on PostgreSQL counties are written side by side). The result must be the
/// one a county-by-county run gives: the same plans, lines and amounts to the fen, each county's default rule created
/// once, every plan posted once — and `rural plans post --year` posts a year's approved plans the same way.
/// </summary>
public abstract class CountyBatchTests<TDatabase> : IClassFixture<TDatabase> where TDatabase : TestDatabase, new()
{
    private static readonly string[] Counties = ["522691", "522692", "522693"];
    private const int HouseholdsPerVillage = 37;

    private readonly TDatabase _db;

    protected CountyBatchTests(TDatabase db)
    {
        Assert.SkipWhen(db.Unavailable is not null, db.Unavailable ?? "");
        _db = db;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEnumerable<DivisionCode> Villages => Counties.SelectMany(c => new[] { DivisionCode.Parse(c + "001001"), DivisionCode.Parse(c + "002001") });

    [Fact]
    public async Task Counties_built_and_posted_at_once_equal_counties_built_and_posted_one_by_one()
    {
        await using (var db = _db.CreateContext())
        {
            await db.Database.MigrateAsync(Ct);
            await new RegistryBulkWriter(db).WriteAsync(Villages.SelectMany(GenerateHouseholds), Ct);
        }
        var today = BusinessCalendar.Today(TimeProvider.System);
        int oneByOne = today.Year - 2, atOnce = today.Year - 1;
        var i = 0;
        foreach (var village in Villages)
        {
            // Pools that don't divide evenly, different in every village; the same in both years.
            var pool = Money.FromFen(12_345_678 + (i++ * 7_919));
            await TestIncome.AddAsync(_db, village, pool, oneByOne);
            await TestIncome.AddAsync(_db, village, pool, atOnce);
        }

        PlanBatchResult sequential, parallel;
        await using (var db = _db.CreateContext())
        {
            sequential = await new VillagePlans(db, TimeProvider.System).BuildAsync(new PlanBatchRequest(oneByOne, null, new DateOnly(oneByOne, 12, 31), Workers: 1), null, Ct);
        }
        await using (var db = _db.CreateContext())
        {
            parallel = await new VillagePlans(db, TimeProvider.System).BuildAsync(new PlanBatchRequest(atOnce, null, new DateOnly(atOnce, 12, 31), Workers: 3), null, Ct);
        }
        sequential.Plans.Select(p => p.VillageCode).Should().Equal(Villages);
        parallel.Plans.Select(p => p.VillageCode).Should().Equal(Villages);
        parallel.Plans.Select(p => (p.Pool, p.Households, p.Number.Replace($"-{atOnce}-", "-Y-")))
            .Should().Equal(sequential.Plans.Select(p => (p.Pool, p.Households, p.Number.Replace($"-{oneByOne}-", "-Y-"))));
        parallel.Lines.Should().Be(Villages.Count() * HouseholdsPerVillage);

        await using (var db = _db.CreateContext())
        {
            (await db.DistributionRules.CountAsync(r => r.Code == "721", Ct)).Should().Be(Counties.Length, "each county's default rule is created once");
            foreach (var (a, b) in sequential.Plans.Zip(parallel.Plans))
            {
                (await LinesAsync(db, b.PlanId)).Should().Equal(await LinesAsync(db, a.PlanId));
            }
        }

        await ApproveAllAsync();
        PostResult posted;
        await using (var db = _db.CreateContext())
        {
            posted = await new PlanPosting(db, TimeProvider.System).PostByCountyAsync(sequential.Plans.Select(p => p.PlanId).ToList(), null, Ct, workers: 1);
        }
        posted.Plans.Should().OnlyContain(p => p.Status == PlanStatus.Posted && !p.AlreadyDone);

        var cli = await new RuralCli(_db).RunAsync("plans", "post", "--year", atOnce.ToString());
        cli.Exit.Should().Be(0, cli.Err);
        cli.Out.Should().Contain("记账开始：").And.Contain($"完成：{Villages.Count()} 个方案记账，写入记账分录 {posted.JournalRows:N0} 条");
        foreach (var county in Counties)
        {
            cli.Out.Should().Contain($"县 {county}：2 个方案记账");
        }

        await using (var db = _db.CreateContext())
        {
            foreach (var plan in sequential.Plans.Concat(parallel.Plans))
            {
                var check = await new PlanVerifier(db).VerifyAsync(plan.PlanId, Ct);
                check.FirstMismatch.Should().BeNull();
                check.Status.Should().Be(PlanStatus.Posted);
                check.JournalRows.Should().Be(HouseholdsPerVillage + 2, "one payable per household, collective income and the fund");
            }
            // Both years post the same rows but for the plan, its number and the date.
            var byYear = await db.JournalEntries.Join(db.DistributionPlans, j => j.PlanId, p => p.Id, (j, p) => new { p.Year, j.Amount }).ToListAsync(Ct);
            Money.Sum(byYear.Where(r => r.Year == atOnce).Select(r => r.Amount)).Should().Be(Money.Sum(byYear.Where(r => r.Year == oneByOne).Select(r => r.Amount)));
        }

        // Posting again pays nobody twice: nothing is approved any more, and the plans' own retry says so.
        var again = await new RuralCli(_db).RunAsync("plans", "post", "--year", atOnce.ToString());
        again.Exit.Should().Be(0, again.Err);
        again.Out.Should().Contain("没有待记账");
        await using (var db = _db.CreateContext())
        {
            var retry = await new PlanPosting(db, TimeProvider.System).PostByCountyAsync(parallel.Plans.Select(p => p.PlanId).ToList(), null, Ct, workers: 3);
            retry.JournalRows.Should().Be(0);
            retry.Plans.Should().OnlyContain(p => p.AlreadyDone);
        }
    }

    private static IEnumerable<Household> GenerateHouseholds(DivisionCode village)
    {
        var vault = PersonalDataVault.CreateRandom();
        var recorded = new DateTimeOffset(2020, 1, 1, 9, 0, 0, BusinessCalendar.ChinaOffset);
        var serial = village.Value[6..9] == "001" ? 0 : 500;
        for (var n = 0; n < HouseholdsPerVillage; n++)
        {
            var h = new Household(village.Value + (n + 1).ToString("D5"), village, null, HouseholdType.General, PovertyStatus.Registered, new DateOnly(2020, 1, 1), recorded, "test");
            var birth = new DateOnly(1960, 1, 1).AddDays(n);
            h.AddMember("户主" + n.ToString("D3"), CitizenId.Compose(village.County, birth, serial + n + 1), Relation.Head, LabourAbility.Normal, Health.Healthy, Education.Primary, vault);
            // Households of one to three people, so the per-household rule still gives remainders to spread.
            for (var m = 0; m < n % 3; m++)
            {
                h.AddMember("成员" + n.ToString("D3") + m, CitizenId.Compose(village.County, birth.AddYears(20 + m), serial + 200 + (n * 3) + m), Relation.Son, LabourAbility.Normal, Health.Healthy, Education.Primary, vault);
            }
            yield return h;
        }
    }

    /// <summary>四议, the 7-day notice and township approval of every plan, through the domain with dates in the past.</summary>
    private async Task ApproveAllAsync()
    {
        await using var db = _db.CreateContext();
        var today = BusinessCalendar.Today(TimeProvider.System);
        foreach (var plan in await db.DistributionPlans.ToListAsync(Ct))
        {
            plan.RecordMeeting(today, 30, 25, 20, "四议（测试）", today);
            plan.PublishNotice(today, today.AddDays(6), "村委会公开栏", today);
            // The notice has run its seven days by the day of approval.
            plan.Approve(today.AddDays(7), "乡镇（测试）", "同意");
        }
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<List<(HouseholdId HouseholdId, int People, long Weight, Money Amount, int RemainderFen, string ExactShare)>> LinesAsync(RuralDbContext db, long planId) =>
        (await db.PlanLines.AsNoTracking().Where(l => l.PlanId == new DistributionPlanId(planId)).OrderBy(l => l.HouseholdNo).ToListAsync(Ct))
            .Select(l => (l.HouseholdId, l.People, l.Weight, l.Amount, l.RemainderFen, l.ExactShare)).ToList();
}

public sealed class SqliteCountyBatchTests(SqliteTestDatabase db) : CountyBatchTests<SqliteTestDatabase>(db);

public sealed class PostgresCountyBatchTests(PostgresTestDatabase db) : CountyBatchTests<PostgresTestDatabase>(db);

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Distribution;
using RuralLedger.Data;
using RuralLedger.Web.Features.Assets;
using RuralLedger.Web.Features.Distribution;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Distribution;

/// <summary>
/// The batch build (SQL projections, a whole county, bulk writes) gives a village exactly the plan that
/// PlanCommands.BuildAsync (entities, one village) gives it: the same pool, parts, households, weights and amounts
/// to the fen — under a factor rule with a minimum, so members' ages, labour and health count, and with a status
/// entered late (after the freeze date, effective before it) that both must see.
/// </summary>
public abstract class VillagePlansTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    private const string County = "522699";
    private static readonly DivisionCode Hunzhai = DivisionCode.Parse("522699001001");
    private static readonly DivisionCode Hongjiawan = DivisionCode.Parse("522699001002");

    protected VillagePlansTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_batch_gives_a_village_the_same_lines_and_amounts_as_building_it_alone()
    {
        var today = BusinessCalendar.Today(TimeProvider.System);
        int single = today.Year - 1, batch = today.Year - 2;
        var freezeOn = new DateOnly(today.Year - 2, 6, 30);
        await using (var db = App.Database.CreateContext())
        {
            db.DistributionRules.Add(new DistributionRule(County, "factor", 1, "因素加权（测试）", new DateOnly(2016, 1, 1),
                [
                    new RulePart("dividend", "脱贫户分红", RulePartKind.HouseholdDividend, 6_500),
                    new RulePart("collective", "村集体经济收入", RulePartKind.CollectiveIncome, 2_500),
                    new RulePart("fund", "村级管理和发展基金", RulePartKind.ManagementFund, 1_000),
                ],
                HouseholdWeighting.Factors, new FactorWeights(100, 37, 41, 29, 65), Money.FromYuan(12.34m),
                // Not "exited": so only the late entries below make most households beneficiaries.
                [PovertyStatus.Registered, PovertyStatus.MonitoredUnstable, PovertyStatus.MonitoredMarginal, PovertyStatus.MonitoredSudden],
                requirePublicWelfareJob: false));
            await db.SaveChangesAsync(Ct);
        }
        var lateEntered = await EnterLateStatusAsync(freezeOn);
        await TestIncome.SetAsideDemoAsync(App.Database, batch);
        await TestIncome.SetAsideDemoAsync(App.Database, single);

        // The same pool in two years: one year built alone, the other with the whole county.
        var pool = Money.FromYuan(123_456.78m);
        await TestIncome.AddAsync(App.Database, Hunzhai, pool, single);
        await TestIncome.AddAsync(App.Database, Hunzhai, Money.FromYuan(100_000m), batch);
        await TestIncome.AddAsync(App.Database, Hunzhai, pool - Money.FromYuan(100_000m), batch);
        await TestIncome.AddAsync(App.Database, Hongjiawan, Money.FromYuan(50_000.01m), batch);

        long alone;
        await using (var db = App.Database.CreateContext())
        {
            alone = await new PlanCommands(db, TimeProvider.System, new Numbering(db)).BuildAsync(
                new PlanInput(Hunzhai.Value, single, "factor", freezeOn, null, null), Ct);
        }
        PlanBatchResult result;
        await using (var db = App.Database.CreateContext())
        {
            result = await new VillagePlans(db, TimeProvider.System).BuildAsync(new PlanBatchRequest(batch, "factor", freezeOn, CountyCode: County), null, Ct);
        }
        result.Plans.Select(p => p.VillageCode).Should().Equal(Hunzhai, Hongjiawan);
        result.Skipped.Should().BeEmpty();
        var together = result.Plans[0].PlanId;

        await using (var db = App.Database.CreateContext())
        {
            var a = await db.DistributionPlans.AsNoTracking().SingleAsync(p => p.Id == new DistributionPlanId(alone), Ct);
            var b = await db.DistributionPlans.AsNoTracking().SingleAsync(p => p.Id == new DistributionPlanId(together), Ct);
            b.Pool.Should().Be(pool);
            (b.Pool, b.Dividends, b.TotalWeight, b.Households, b.RuleId, b.FreezeOn, b.Status, b.Kind, b.Title.Replace(batch.ToString(), "Y"))
                .Should().Be((a.Pool, a.Dividends, a.TotalWeight, a.Households, a.RuleId, a.FreezeOn, a.Status, a.Kind, a.Title.Replace(single.ToString(), "Y")));
            b.Number.Should().Be($"FP{Hunzhai.Value}-{batch}-01");
            b.Parts.Select(p => (p.Code, p.Kind, p.BasisPoints, p.Amount)).Should().Equal(a.Parts.Select(p => (p.Code, p.Kind, p.BasisPoints, p.Amount)));

            var linesAlone = await LinesAsync(db, alone);
            var linesTogether = await LinesAsync(db, together);
            linesAlone.Should().HaveCountGreaterThan(20);
            linesTogether.Should().Equal(linesAlone);
            linesTogether.Select(l => l.Weight).Distinct().Should().HaveCountGreaterThan(3, "the factors made the weights differ");
            linesTogether.Sum(l => l.Amount.Fen).Should().Be(b.Dividends.Fen);
            linesTogether.Select(l => l.HouseholdId).Should().Contain(lateEntered, "a status entered late, effective before the freeze date, counts");

            // The batch took its income: a second run finds nothing left to distribute.
            (await db.AssetIncomes.CountAsync(i => i.Year == batch && i.PlanId == null, Ct)).Should().Be(0);
            (await db.AssetIncomes.Where(i => i.Year == batch && i.VillageCode == Hunzhai && i.PlanId != new DistributionPlanId(-1)).Select(i => i.PlanId).Distinct().ToListAsync(Ct)).Should().Equal(new DistributionPlanId(together));
            (await new PlanVerifier(db).VerifyAsync(together, Ct)).FirstMismatch.Should().BeNull();
        }
        await using (var db = App.Database.CreateContext())
        {
            var again = await new VillagePlans(db, TimeProvider.System).BuildAsync(new PlanBatchRequest(batch, "factor", freezeOn, CountyCode: County), null, Ct);
            again.Plans.Should().BeEmpty();
        }
    }

    [Fact]
    public async Task Under_the_721_rule_the_batch_counts_members_from_the_household_row_and_still_gives_the_same_lines()
    {
        var today = BusinessCalendar.Today(TimeProvider.System);
        int single = today.Year - 3, batch = today.Year - 4;
        var freezeOn = new DateOnly(today.Year - 4, 12, 31);
        var pool = Money.FromYuan(87_654.32m);
        await TestIncome.SetAsideDemoAsync(App.Database, batch);
        await TestIncome.SetAsideDemoAsync(App.Database, single);
        await TestIncome.AddAsync(App.Database, Hongjiawan, pool, single);
        await TestIncome.AddAsync(App.Database, Hongjiawan, pool, batch);

        long alone;
        await using (var db = App.Database.CreateContext())
        {
            alone = await new PlanCommands(db, TimeProvider.System, new Numbering(db)).BuildAsync(new PlanInput(Hongjiawan.Value, single, null, freezeOn, null, null), Ct);
        }
        PlanBatchResult result;
        await using (var db = App.Database.CreateContext())
        {
            result = await new VillagePlans(db, TimeProvider.System).BuildAsync(new PlanBatchRequest(batch, null, freezeOn, VillageCode: Hongjiawan), null, Ct);
        }
        result.Plans.Should().ContainSingle();
        await using (var db = App.Database.CreateContext())
        {
            var linesAlone = await LinesAsync(db, alone);
            var linesTogether = await LinesAsync(db, result.Plans[0].PlanId);
            linesAlone.Should().HaveCountGreaterThan(10);
            linesTogether.Should().Equal(linesAlone);
            linesTogether.Select(l => l.People).Distinct().Should().HaveCountGreaterThan(1, "households of different sizes");
        }
    }

    private static async Task<List<(HouseholdId HouseholdId, string HouseholdNo, string HeadName, int People, long Weight, Money Minimum, Money WeightedFloor, int RemainderFen, Money Amount, string ExactShare, LinePayment Payment)>> LinesAsync(RuralDbContext db, long planId) =>
        (await db.PlanLines.AsNoTracking().Where(l => l.PlanId == new DistributionPlanId(planId)).OrderBy(l => l.HouseholdNo).ToListAsync(Ct))
            .Select(l => (l.HouseholdId, l.HouseholdNo, l.HeadName, l.People, l.Weight, l.Minimum, l.WeightedFloor, l.RemainderFen, l.Amount, l.ExactShare, l.Payment)).ToList();

    /// <summary>
    /// 25 households no longer poor on the freeze date get a monitoring entry recorded today but effective before the
    /// freeze date (补录): under the test rule only that late entry makes them beneficiaries.
    /// </summary>
    private async Task<List<HouseholdId>> EnterLateStatusAsync(DateOnly freezeOn)
    {
        await using var db = App.Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        var households = (await db.Households.Where(h => h.VillageCode == Hunzhai).ToListAsync(Ct))
            .Where(h => h.StatusOn(freezeOn, now) is PovertyStatus.Exited or PovertyStatus.RiskRemoved && h.StatusHistory.Max(c => c.EffectiveOn) < freezeOn.AddDays(-10))
            .OrderBy(h => h.HouseholdNo, StringComparer.Ordinal).Take(25).ToList();
        households.Should().HaveCount(25);
        foreach (var h in households)
        {
            h.ChangeStatus(PovertyStatus.MonitoredSudden, freezeOn.AddDays(-10), "补录：突发严重困难（测试）", now, BusinessCalendar.Today(TimeProvider.System), "test");
        }
        await db.SaveChangesAsync(Ct);
        return households.Select(h => h.Id).ToList();
    }
}

public sealed class SqliteVillagePlansTests(RuralApp<SqliteTestDatabase> app) : VillagePlansTests<SqliteTestDatabase>(app);

public sealed class PostgresVillagePlansTests(RuralApp<PostgresTestDatabase> app) : VillagePlansTests<PostgresTestDatabase>(app);

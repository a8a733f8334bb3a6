using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Distribution;

namespace RuralLedger.Data.Demo;

public sealed record DemoBoardResult(DivisionCode? Village, long? Noticed, long? Posted);

/// <summary>
/// Two distribution plans for the public board (公示栏), so a fresh install's board shows a real notice with masked names:
/// the village's income of the year before last, built, voted, noticed, approved and posted about three months ago, and
/// last year's income, voted and under notice now. The village is the one with the most income of last year apart from
/// the demo officers' two (their plans stay theirs to build in the walkthrough and in tests).
/// </summary>
public sealed class DemoBoardLoader(RuralDbContext db, TimeProvider clock)
{
    private const int PostedDaysAgo = 90;

    public async Task<DemoBoardResult> LoadAsync(string county, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var (last, before) = (today.Year - 1, today.Year - 2);
        var officers = await db.Areas.AsNoTracking().Where(a => a.CountyCode == county && a.Level == AreaLevel.Village).OrderBy(a => a.Code).Select(a => a.Code)
            .Take(2).ToListAsync(ct);
        var candidates = await db.AssetIncomes.AsNoTracking()
            .Where(i => i.CountyCode == county && i.PlanId == null && i.Year == last && i.VillageCode != null && !officers.Contains(i.VillageCode.Value))
            .GroupBy(i => i.VillageCode).Select(g => new { Village = g.Key!.Value, Fen = g.Sum(i => (long)i.Amount) }).ToListAsync(ct);
        var village = candidates.Where(c => c.Fen > 0).OrderByDescending(c => c.Fen).ThenBy(c => c.Village.Value, StringComparer.Ordinal).Select(c => (DivisionCode?)c.Village)
            .FirstOrDefault();
        if (village is not { } v)
        {
            return new DemoBoardResult(null, null, null);
        }

        // The earlier plan lives through its dates on a clock set back, so each step is dated as it would have been.
        var then = new SetBack(clock, TimeSpan.FromDays(PostedDaysAgo));
        var posted = await BuildAsync(v, before, then, ct);
        if (posted is { } p)
        {
            var day = BusinessCalendar.Today(then);
            await StepAsync(p, plan =>
            {
                plan.RecordMeeting(day, 36, 31, 29, "村民代表会议审议上年度资产收益分配方案（四议两公开）", day);
                plan.PublishNotice(day.AddDays(1), day.AddDays(7), "村务公开栏", day);
                plan.Approve(day.AddDays(9), "乡镇审核人（演示）", "公示无异议，同意分配");
            }, ct);
            await new PlanPosting(db, new SetBack(clock, TimeSpan.FromDays(PostedDaysAgo - 10))).PostAsync([p], null, ct);
        }
        var noticed = await BuildAsync(v, last, new SetBack(clock, TimeSpan.FromDays(3)), ct);
        if (noticed is { } n)
        {
            await StepAsync(n, plan =>
            {
                plan.RecordMeeting(today.AddDays(-3), 38, 33, 30, "村民代表会议审议上年度资产收益分配方案（四议两公开）", today);
                plan.PublishNotice(today.AddDays(-2), today.AddDays(4), "村委会公开栏", today);
            }, ct);
        }
        return new DemoBoardResult(v, noticed, posted);
    }

    private async Task<long?> BuildAsync(DivisionCode village, int year, TimeProvider at, CancellationToken ct)
    {
        var built = await new VillagePlans(db, at).BuildAsync(new PlanBatchRequest(year, null, new DateOnly(year, 12, 31), VillageCode: village), null, ct);
        db.ChangeTracker.Clear();
        return built.Plans.Count == 1 ? built.Plans[0].PlanId : null;
    }

    private async Task StepAsync(long id, Action<DistributionPlan> steps, CancellationToken ct)
    {
        var plan = await db.DistributionPlans.FirstAsync(p => p.Id == new DistributionPlanId(id), ct);
        steps(plan);
        // The demo loads with automatic change detection off.
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private sealed class SetBack(TimeProvider clock, TimeSpan back) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow() - back;

        public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;
    }
}

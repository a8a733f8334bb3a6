using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;

namespace RuralLedger.Data.Distribution;

public sealed record PostOutcome(long PlanId, PlanStatus Status, bool AlreadyDone);

public sealed record PostResult(IReadOnlyList<PostOutcome> Plans, int JournalRows);

/// <summary>
/// Posts approved plans: each plan's status and all its journal rows (pool → collective income, fund, other
/// parts, and one dividend payable per household) in ONE transaction, so a crash leaves either everything or
/// nothing. The domain decides whether a plan may be posted (<see cref="DistributionPlan.MarkPosted"/>); the rows
/// change in one UPDATE that only touches plans still approved, so a concurrent second posting finds fewer rows,
/// rolls back and answers "already posted". The journal rows go through <see cref="DistributionBulkWriter"/>, and
/// their unique (county, key) index would refuse a double insert even if two transactions got past the status
/// check. One audit event per county records the status change and the plans it covered.
/// Used by the web app (one plan), the CLI and the benchmark.
/// </summary>
public sealed class PlanPosting(RuralDbContext db, TimeProvider clock)
{
    // Lines are read per chunk of plans: COPY can't run while a reader is open on the connection, and a
    // province's lines should not be in memory at once.
    private const int PlansPerRead = 500;

    /// <param name="progress">Journal rows written so far in this call, after each bulk batch.</param>
    public async Task<PostResult> PostAsync(IReadOnlyCollection<long> planIds, Action<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(planIds);
        var today = BusinessCalendar.Today(clock);
        var at = clock.GetUtcNow();
        var by = db.Access.ActorName;
        await db.Database.OpenConnectionAsync(ct);
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var plans = await db.DistributionPlans.AsNoTracking().Where(p => planIds.Contains(p.Id)).OrderBy(p => p.Id).ToListAsync(ct);
            if (plans.Count != planIds.Distinct().Count())
            {
                throw new NotFoundException("plans.not_found", "没有这个分配方案，或它不在您的权限范围内。");
            }
            var toPost = plans.Where(p => p.Status is not (PlanStatus.Posted or PlanStatus.Reversed)).ToList();
            foreach (var plan in toPost)
            {
                // The domain decides whether the plan may be posted; the row itself changes below, in one statement.
                plan.MarkPosted(today, by);
                if (plan.Kind == PlanKind.Reversal)
                {
                    var original = await db.DistributionPlans.FirstAsync(p => p.Id == plan.ReversesId, ct);
                    original.MarkReversedBy(plan.Id);
                    // The corrected distribution may take the same income again.
                    foreach (var income in await db.AssetIncomes.Where(i => i.PlanId == original.Id).ToListAsync(ct))
                    {
                        income.Release(original.Id);
                    }
                }
            }
            var rows = 0;
            if (toPost.Count > 0)
            {
                await db.SaveChangesAsync(ct);
                var postIds = toPost.Select(p => p.Id).ToList();
                // Only rows still approved change: a posting that committed first leaves fewer, and this one rolls back.
                var changed = await db.DistributionPlans.Where(p => postIds.Contains(p.Id) && p.Status == PlanStatus.Approved)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(p => p.Status, PlanStatus.Posted)
                        .SetProperty(p => p.PostedOn, today)
                        .SetProperty(p => p.PostedBy, by)
                        .SetProperty(p => p.Version, p => p.Version + 1), ct);
                if (changed != toPost.Count)
                {
                    throw new DbUpdateConcurrencyException("另一记账已先提交。");
                }
                var writer = new DistributionBulkWriter(db);
                foreach (var chunk in toPost.Chunk(PlansPerRead))
                {
                    var ids = chunk.Select(p => p.Id).ToList();
                    var lines = (await db.PlanLines.Where(l => ids.Contains(l.PlanId))
                            .OrderBy(l => l.PlanId).ThenBy(l => l.HouseholdNo)
                            .Select(l => new { l.PlanId, l.HouseholdId, l.HouseholdNo, l.Amount })
                            .ToListAsync(ct))
                        .ToLookup(l => l.PlanId, l => new PayableLine(l.HouseholdId, l.HouseholdNo, l.Amount));
                    var before = rows;
                    rows += await writer.WriteJournalAsync(chunk.SelectMany(p => JournalEntry.ForPlan(p, lines[p.Id], today, by, at)),
                        n => progress?.Invoke(before + n), ct);
                }
                // One audit event per county for the status changes and the journal rows they came with.
                await new AuditWriter(clock).AppendAsync(db, toPost.GroupBy(p => p.CountyCode).Select(g => new AuditRecord(g.Key, "post", nameof(DistributionPlan),
                    g.Count() == 1 ? $"plan:{g.First().Id}" : $"plans:{g.Min(p => p.Id)}-{g.Max(p => p.Id)}",
                    "{\"Status\":\"Approved\"}",
                    string.Create(CultureInfo.InvariantCulture, $"{{\"Status\":\"Posted\",\"PostedOn\":\"{today:yyyy-MM-dd}\",\"PostedBy\":{JsonSerializer.Serialize(by)},\"plans\":[{string.Join(",", g.Select(p => p.Id))}]}}"))).ToList(), ct);
            }
            if (owned is not null)
            {
                await owned.CommitAsync(ct);
            }
            return new PostResult(plans.Select(p => new PostOutcome(p.Id, p.Status, !toPost.Contains(p))).ToList(), rows);
        }
        catch (Exception e) when (owned is not null && (e is DbUpdateConcurrencyException || DistributionBulkWriter.IsUniqueViolation(e)))
        {
            // Another posting of the same plan committed first: nothing of this one remains, and the plan is posted once.
            await owned.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var now = await db.DistributionPlans.AsNoTracking().Where(p => planIds.Contains(p.Id)).Select(p => new { p.Id, p.Status }).ToListAsync(ct);
            if (now.All(p => p.Status is PlanStatus.Posted or PlanStatus.Reversed))
            {
                return new PostResult(now.Select(p => new PostOutcome(p.Id, p.Status, AlreadyDone: true)).ToList(), 0);
            }
            throw new ConflictException("plans.stale", "方案已被他人修改，请刷新后重试。");
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
            await db.Database.CloseConnectionAsync();
        }
    }
}

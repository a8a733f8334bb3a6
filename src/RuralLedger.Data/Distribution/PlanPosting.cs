using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;
using RuralLedger.Data.Sealing;

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
/// check. Each plan's status change is audited as one row of that plan.
/// Used by the web app (one plan), the CLI and the benchmark.
/// </summary>
public sealed class PlanPosting(RuralDbContext db, TimeProvider clock)
{
    // Plans whose payables one statement posts: a county's worth, within every engine's limit on a statement.
    private const int PlansPerStatement = 1_000;

    /// <param name="progress">Journal rows written so far in this call, after each bulk batch.</param>
    public async Task<PostResult> PostAsync(IReadOnlyCollection<long> planIds, Action<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(planIds);
        var planKeys = planIds.Select(i => new DistributionPlanId(i)).ToList();
        var today = BusinessCalendar.Today(clock);
        var at = clock.GetUtcNow();
        var by = db.Access.ActorName;
        await db.Database.OpenConnectionAsync(ct);
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var plans = await db.DistributionPlans.AsNoTracking().Where(p => planKeys.Contains(p.Id)).OrderBy(p => p.Id).ToListAsync(ct);
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
                await RowSeals.ResealAsync(db, "distribution_plans", postIds.Select(p => p.Value).ToList(), ct);
                var writer = new DistributionBulkWriter(db);
                // The parts other than the dividends: a few rows per plan, from the plans themselves.
                rows += await writer.WriteJournalAsync(toPost.SelectMany(p => JournalEntry.ForPlan(p, Array.Empty<PayableLine>(), today, by, at)), null, ct);
                progress?.Invoke(rows);
                foreach (var chunk in toPost.Chunk(PlansPerStatement))
                {
                    rows += await PostPayablesAsync(chunk.Select(p => p.Id.Value).ToList(), today, by, at, ct);
                    progress?.Invoke(rows);
                }
                // One audit row per plan, keyed by the plan's id like the automatic rows, so the plan's own trail shows its
                // posting: the UPDATE above bypasses the change tracker and with it the automatic before/after.
                var posted = string.Create(CultureInfo.InvariantCulture, $"\"PostedOn\":\"{today:yyyy-MM-dd}\",\"PostedBy\":{JsonSerializer.Serialize(by)}");
                await new AuditWriter(clock).AppendAsync(db, toPost.Select(p => new AuditRecord(p.CountyCode, "post", nameof(DistributionPlan),
                    p.Id.ToString(),
                    string.Create(CultureInfo.InvariantCulture, $"{{\"Status\":\"Approved\",\"Version\":{p.Version - 1}}}"),
                    string.Create(CultureInfo.InvariantCulture, $"{{\"Status\":\"Posted\",{posted},\"Version\":{p.Version}}}"))).ToList(), ct);
            }
            if (owned is not null)
            {
                await owned.CommitAsync(ct);
            }
            return new PostResult(plans.Select(p => new PostOutcome(p.Id.Value, p.Status, !toPost.Contains(p))).ToList(), rows);
        }
        catch (Exception e) when (owned is not null && (e is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(e)))
        {
            // Another posting of the same plan committed first: nothing of this one remains, and the plan is posted once.
            await owned.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var now = await db.DistributionPlans.AsNoTracking().Where(p => planKeys.Contains(p.Id)).Select(p => new { p.Id, p.Status }).ToListAsync(ct);
            if (now.All(p => p.Status is PlanStatus.Posted or PlanStatus.Reversed))
            {
                return new PostResult(now.Select(p => new PostOutcome(p.Id.Value, p.Status, AlreadyDone: true)).ToList(), 0);
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

    /// <summary>
    /// Posts many plans, county by county: one transaction per county (all its plans or none), several counties at
    /// once (<see cref="CountyWorkers"/>). Each county's result is committed on its own, as if posted one by one.
    /// </summary>
    /// <param name="progress">A line of text after each county.</param>
    /// <param name="workers">Counties posted at once (default one per core, at most four).</param>
    public async Task<PostResult> PostByCountyAsync(IReadOnlyCollection<long> planIds, Action<string>? progress, CancellationToken ct, int? workers = null)
    {
        ArgumentNullException.ThrowIfNull(planIds);
        var planKeys = planIds.Select(i => new DistributionPlanId(i)).ToList();
        var owners = await db.DistributionPlans.AsNoTracking().Where(p => planKeys.Contains(p.Id)).Select(p => new { p.Id, p.CountyCode }).ToListAsync(ct);
        if (owners.Count != planIds.Distinct().Count())
        {
            throw new NotFoundException("plans.not_found", "没有这个分配方案，或它不在您的权限范围内。");
        }
        var byCounty = owners.GroupBy(p => p.CountyCode).ToDictionary(g => g.Key, g => g.Select(p => p.Id.Value).Order().ToList());
        var results = await CountyWorkers.RunAsync(db, clock, [.. byCounty.Keys.Order(StringComparer.Ordinal)], async (context, county, gate, token) =>
        {
            using (var writer = await gate.EnterAsync(context, token))
            {
                var result = await new PlanPosting(writer.Context, clock).PostAsync(byCounty[county], null, token);
                writer.Context.ChangeTracker.Clear();
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"县 {county}：{result.Plans.Count(p => !p.AlreadyDone):N0} 个方案记账，{result.JournalRows:N0} 条分录"));
                return result;
            }
        }, ct, workers);
        return new PostResult([.. results.SelectMany(r => r.Plans)], results.Sum(r => r.JournalRows));
    }

    /// <summary>
    /// One dividend payable per household line (pool → dividends payable), read from the plans' lines in one query
    /// and written through <see cref="DistributionBulkWriter"/>, which seals each row as it writes it: the rows
    /// <see cref="JournalEntry.ForPlan(DistributionPlan, IEnumerable{PayableLine}, DateOnly, string, DateTimeOffset)"/>
    /// describes, with the same keys and memos. A line of zero posts nothing. The plan ids are numbers from the
    /// database, written into the statement. Rows go in the order of the (plan, household) index the lines are read
    /// through, so nothing is sorted. A chunk's rows are read before any is written: PostgreSQL can't COPY on a
    /// connection that is still reading.
    /// </summary>
    private async Task<int> PostPayablesAsync(IReadOnlyList<long> planIds, DateOnly on, string by, DateTimeOffset at, CancellationToken ct)
    {
        var entries = new List<JournalEntry>();
        await using (var rows = await BulkRows.OpenAsync(db, string.Create(CultureInfo.InvariantCulture, $"""
            SELECT l.plan_id, l.household_id, p.village_code, l.amount, p.number || ' ' || l.household_no
            FROM plan_lines l JOIN distribution_plans p ON p.id = l.plan_id
            WHERE l.plan_id IN ({string.Join(",", planIds)}) AND l.amount <> 0
            ORDER BY l.plan_id, l.household_id
            """), [], ct))
        {
            while (await rows.ReadAsync(ct))
            {
                var planId = rows.Int64(0);
                var householdId = rows.Int64(1);
                entries.Add(new JournalEntry(
                    string.Create(CultureInfo.InvariantCulture, $"{JournalEntry.PayableKeyPrefix}{planId}{JournalEntry.PayableKeyHousehold}{householdId}"),
                    DivisionCode.Parse(rows.Text(2), "village_code"), new DistributionPlanId(planId), null, on,
                    LedgerAccount.IncomePool, LedgerAccount.DividendsPayable, Money.FromFen(rows.Int64(3)),
                    rows.Text(4) + JournalEntry.PayableMemoSuffix, by, at, new HouseholdId(householdId)));
            }
        }
        return await new DistributionBulkWriter(db).WriteJournalAsync(entries, null, ct);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Supervision;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;
using RuralLedger.Data.Linkage;

namespace RuralLedger.Data.Supervision;

/// <summary>One record a rule found, before it becomes a warning.</summary>
public sealed record AnomalyHit(long TargetId, string Label, string Detail, string Link, string CountyCode, DivisionCode? Township, DivisionCode? Village);

/// <summary>What one rule did in one county: how many records it found and how many new warnings that opened.</summary>
public sealed record RuleRunLine(string CountyCode, string Code, string Name, int Version, bool Enabled, int Hits, int Raised, long Milliseconds);

public sealed record RuleRunResult(IReadOnlyList<RuleRunLine> Rules, int Hits, int Raised, long Milliseconds);

/// <summary>
/// Runs the anomaly rules (预警规则) of each county and opens a warning for every hit not already open. Every rule is
/// one set-based query (no per-row loop), so a province runs in the database; counties whose rule in force has the
/// same threshold share one query, split by county afterwards, since most rules read tables without a county index
/// and a query per county would scan them once per county. The same code serves the page's button, the nightly job
/// and <c>rural rules run</c>; it expects a context that sees every record of the counties it runs (the system's),
/// and takes the county to limit itself to.
/// </summary>
public sealed class AnomalyRuns(RuralDbContext db, TimeProvider clock)
{
    // A removal whose reason says the person died or left: the registry keeps the reason as the officer wrote it.
    private static readonly string[] GoneWords = ["死亡", "去世", "病故", "迁出", "户口迁移"];

    // A province-wide rule is one statement over millions of rows: on a busy server it can outlast Npgsql's default 30 s,
    // which would fail the nightly run. (SQLite's command timeout is its lock wait, left as it is.)
    private static readonly TimeSpan PostgresStatementLimit = TimeSpan.FromMinutes(15);

    public async Task<RuleRunResult> RunAsync(string? countyCode, Action<string>? progress, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            db.Database.SetCommandTimeout(PostgresStatementLimit);
        }
        var total = Stopwatch.StartNew();
        var today = BusinessCalendar.Today(clock);
        var counties = countyCode is { } only
            ? [only]
            : await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.County).Select(a => a.CountyCode).Distinct().OrderBy(c => c).ToListAsync(ct);
        var published = (await db.AnomalyRules.AsNoTracking().Where(r => countyCode == null || r.CountyCode == countyCode).ToListAsync(ct))
            .ToLookup(r => r.CountyCode);
        var rules = counties.SelectMany(c => AnomalyRule.InForce(published[c], today).Select((rule, order) => (County: c, Order: order, Rule: rule))).ToList();
        var lines = new List<(string County, int Order, RuleRunLine Line)>();
        foreach (var group in rules.GroupBy(r => (r.Rule.Code, Threshold: r.Rule.Enabled ? r.Rule.Threshold : (int?)null)))
        {
            if (group.Key.Threshold is not { } threshold)
            {
                lines.AddRange(group.Select(r => (r.County, r.Order, new RuleRunLine(r.County, r.Rule.Code, r.Rule.Name, r.Rule.Version, false, 0, 0, 0))));
                continue;
            }
            var watch = Stopwatch.StartNew();
            var scope = new CountySet(group.Select(r => r.County).ToList(), countyCode is null && group.Count() == counties.Count);
            var (kind, hits) = await HitsAsync(group.Key.Code, threshold, scope, today, ct);
            var open = hits.Count == 0 ? [] : await OpenAsync(group.Key.Code, kind, scope, ct);
            // The shared queries' time is shared out, so a county's line and the sum over counties both stay meaningful.
            var queryShare = watch.ElapsedMilliseconds / scope.Codes.Count;
            var byCounty = hits.ToLookup(h => h.CountyCode);
            foreach (var (county, order, rule) in group)
            {
                watch.Restart();
                var found = byCounty[county].ToList();
                var raised = await RaiseAsync(rule, kind, county, found, open, ct);
                var ms = queryShare + watch.ElapsedMilliseconds;
                lines.Add((county, order, new RuleRunLine(county, rule.Code, rule.Name, rule.Version, true, found.Count, raised, ms)));
                progress?.Invoke($"{county} {rule.Code}: {found.Count} 条命中，新增预警 {raised} 条（{ms} ms）");
            }
        }
        var ordered = lines.OrderBy(l => l.County, StringComparer.Ordinal).ThenBy(l => l.Order).Select(l => l.Line).ToList();
        return new RuleRunResult(ordered, ordered.Sum(l => l.Hits), ordered.Sum(l => l.Raised), total.ElapsedMilliseconds);
    }

    /// <summary>The counties one query runs for: every county of the database, one, or a list.</summary>
    private sealed record CountySet(IReadOnlyList<string> Codes, bool All)
    {
        /// <summary>
        /// Limits <paramref name="query"/> to the set by the county column <paramref name="county"/>: no condition for all
        /// counties, an equality for one (so an index on the county is used as before), IN for a list.
        /// </summary>
        public IQueryable<T> Of<T>(IQueryable<T> query, Expression<Func<T, string>> county)
        {
            if (All)
            {
                return query;
            }
            var codes = Codes;
            var one = codes[0];
            Expression<Func<string, bool>> test = codes.Count == 1 ? c => c == one : c => codes.Contains(c);
            var body = ReplacingExpressionVisitor.Replace(test.Parameters[0], county.Body, test.Body);
            return query.Where(Expression.Lambda<Func<T, bool>>(body, county.Parameters));
        }

        public bool Holds(string county) => All || Codes.Contains(county);
    }

    /// <summary>
    /// The records of the scope's counties that already have an open warning of the rule: one read of the open warnings'
    /// unique index per rule and run, not one per hit or county.
    /// </summary>
    private async Task<HashSet<long>> OpenAsync(string code, string kind, CountySet scope, CancellationToken ct) =>
        (await scope.Of(db.AnomalyWarnings.AsNoTracking(), w => w.CountyCode)
            .Where(w => w.Status == WarningStatus.Open && w.RuleCode == code && w.TargetKind == kind).Select(w => w.TargetId).ToListAsync(ct)).ToHashSet();

    /// <summary>
    /// Adds a warning per hit of the county that has none open, written in bulk with one audit event for the county's
    /// new warnings of the rule (as a batch of plans is audited). The open ones (<see cref="OpenAsync"/>) are skipped in
    /// the usual case; the guard is the unique index over open warnings, so a run racing another (the button pressed
    /// during the nightly job) gets a unique violation, rolls its write back, reads what is open now and writes the rest.
    /// </summary>
    private async Task<int> RaiseAsync(AnomalyRule rule, string kind, string county, List<AnomalyHit> hits, HashSet<long> open, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var fresh = hits.Where(h => !open.Contains(h.TargetId)).DistinctBy(h => h.TargetId)
                .Select(h => new AnomalyWarning(rule.Code, rule.Version, rule.Severity, kind, h.TargetId, h.Label, h.Detail, h.Link,
                    h.CountyCode, h.Township, h.Village, now)).ToList();
            if (fresh.Count == 0)
            {
                return 0;
            }
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var ids = await new WarningBulkWriter(db).WriteAsync(fresh, ct);
                var range = ids.Length == 0 ? "*" : $"{ids.Min()}-{ids.Max()}";
                await new AuditWriter(clock).AppendAsync(db, [new AuditRecord(county, "create", nameof(AnomalyWarning), $"{rule.Code}:{range}", null,
                    string.Create(CultureInfo.InvariantCulture, $"{{\"source\":\"rules\",\"rule\":\"{rule.Code}@{rule.Version}\",\"kind\":\"{kind}\",\"warnings\":{fresh.Count}}}"))], ct);
                await tx.CommitAsync(ct);
                return fresh.Count;
            }
            catch (Exception e) when (DbErrors.IsUniqueViolation(e) && attempt < 3)
            {
                open.UnionWith(await OpenAsync(rule.Code, kind, new CountySet([county], All: false), ct));
            }
        }
    }

    /// <summary>The records a rule finds in the counties of <paramref name="scope"/>, with the kind of record.</summary>
    private async Task<(string Kind, List<AnomalyHit> Hits)> HitsAsync(string code, int n, CountySet scope, DateOnly today, CancellationToken ct)
    {
        switch (code)
        {
            case RuleCodes.IdleAsset:
            {
                // Idle since the last change to 闲置 (or since it was formed, if it never changed).
                var cutoff = today.AddMonths(-n);
                var rows = await scope.Of(db.Assets.AsNoTracking(), a => a.CountyCode)
                    .Where(a => a.Class == AssetClass.Operating && a.Status == AssetStatus.Idle)
                    .Select(a => new { a.Id, a.Code, a.Name, a.CountyCode, a.TownshipCode, a.VillageCode,
                        Since = a.StatusHistory.Where(s => s.ToStatus == AssetStatus.Idle).Max(s => (DateOnly?)s.EffectiveOn) ?? a.FormedOn })
                    .Where(a => a.Since <= cutoff)
                    .ToListAsync(ct);
                return ("asset", rows.Select(a => new AnomalyHit(a.Id.Value, $"{a.Code} {a.Name}",
                    $"自 {BusinessCalendar.Format(a.Since)} 起闲置，超过 {n} 个月", $"/assets/{a.Id}", a.CountyCode, a.TownshipCode, a.VillageCode)).ToList());
            }
            case RuleCodes.NoCertificate:
            {
                var rows = await scope.Of(db.Assets.AsNoTracking(), a => a.CountyCode)
                    .Where(a => a.Status != AssetStatus.Disposed
                        && !db.Certificates.Any(c => c.AssetId == a.Id && c.Status == CertificateStatus.Valid))
                    .Select(a => new { a.Id, a.Code, a.Name, a.CountyCode, a.TownshipCode, a.VillageCode })
                    .ToListAsync(ct);
                return ("asset", rows.Select(a => new AnomalyHit(a.Id.Value, $"{a.Code} {a.Name}", "没有有效的确权证书", $"/assets/{a.Id}",
                    a.CountyCode, a.TownshipCode, a.VillageCode)).ToList());
            }
            case RuleCodes.ContractArrears:
            {
                // A receivable unpaid N days after its due date and the contract's grace days.
                var rows = await scope.Of(db.Contracts.AsNoTracking(), c => c.CountyCode)
                    .Where(c => c.Status == ContractStatus.Active)
                    .Select(c => new { c.Id, c.Number, c.OperatorName, c.CountyCode, c.TownshipCode, c.VillageCode, c.GraceDays,
                        Due = c.Receivables.Where(r => !r.Cancelled && r.Paid < r.Amount).Min(r => (DateOnly?)r.DueOn) })
                    .Where(c => c.Due != null && c.Due < today.AddDays(-n))
                    .ToListAsync(ct);
                return ("contract", rows.Where(c => c.Due!.Value.AddDays(c.GraceDays + n) < today)
                    .Select(c => new AnomalyHit(c.Id.Value, $"{c.Number} {c.OperatorName}",
                        $"{BusinessCalendar.Format(c.Due!.Value)} 到期的租金未缴清，超过 {n} 天", $"/contracts/{c.Id}", c.CountyCode, c.TownshipCode, c.VillageCode)).ToList());
            }
            case RuleCodes.ContractExpired:
            {
                // Still 履行中 N days after its end: neither terminated (the asset taken back) nor followed by a later
                // contract on the same asset (renewed).
                var cutoff = today.AddDays(-n);
                var rows = await scope.Of(db.Contracts.AsNoTracking(), c => c.CountyCode)
                    .Where(c => c.Status == ContractStatus.Active && c.EndOn < cutoff
                        && !db.Contracts.Any(o => o.CountyCode == c.CountyCode && o.StartOn > c.StartOn
                            && o.Assets.Any(x => c.Assets.Select(y => y.AssetId).Contains(x.AssetId))))
                    .Select(c => new { c.Id, c.Number, c.OperatorName, c.EndOn, c.CountyCode, c.TownshipCode, c.VillageCode })
                    .ToListAsync(ct);
                return ("contract", rows.Select(c => new AnomalyHit(c.Id.Value, $"{c.Number} {c.OperatorName}",
                    $"{BusinessCalendar.Format(c.EndOn)} 到期，未续签也未收回", $"/contracts/{c.Id}", c.CountyCode, c.TownshipCode, c.VillageCode)).ToList());
            }
            case RuleCodes.IncomeUndistributed:
            {
                var cutoff = today.AddMonths(-n);
                var rows = await scope.Of(db.AssetIncomes.AsNoTracking(), i => i.CountyCode)
                    .Where(i => i.PlanId == null && i.ReceivedOn < cutoff && i.Amount > Money.Zero)
                    .Select(i => new { i.Id, i.AssetId, i.ReceivedOn, i.Amount, i.CountyCode, i.TownshipCode, i.VillageCode })
                    .ToListAsync(ct);
                return ("income", rows.Select(i => new AnomalyHit(i.Id.Value, $"资产 {i.AssetId} 的收益 {i.Amount}",
                    $"{BusinessCalendar.Format(i.ReceivedOn)} 到账，超过 {n} 个月未分配", $"/assets/{i.AssetId}/income", i.CountyCode, i.TownshipCode, i.VillageCode)).ToList());
            }
            case RuleCodes.BatchUnsent:
            {
                var cutoff = today.AddDays(-n);
                var rows = await scope.Of(db.DistributionPlans.AsNoTracking(), p => p.CountyCode)
                    .Where(p => p.Status == PlanStatus.Posted && p.Kind == PlanKind.Distribution && p.PostedOn < cutoff
                        && db.PlanLines.Any(l => l.PlanId == p.Id && l.Payment == LinePayment.Pending))
                    .Select(p => new { p.Id, p.Number, p.Title, p.PostedOn, p.CountyCode, p.TownshipCode, p.VillageCode })
                    .ToListAsync(ct);
                return ("plan", rows.Select(p => new AnomalyHit(p.Id.Value, $"{p.Number} {p.Title}",
                    $"{BusinessCalendar.Format(p.PostedOn!.Value)} 记账，超过 {n} 天仍有未发出代发批次的分配", $"/distribution/{p.Id}", p.CountyCode, p.TownshipCode, p.VillageCode)).ToList());
            }
            case RuleCodes.PayoutToRemoved:
            {
                // The payee (the line's head of household) left the household as dead or moved out on or before the
                // plan's freeze date, yet the line pays.
                // Read from the removals (a few per village) to the lines of their households, not from every line of
                // the province to its household's removals.
                var rows = await (from h in scope.Of(db.Households.AsNoTracking(), h => h.CountyCode)
                                  from r in h.Removals
                                  where GoneWords.Any(w => r.Reason.Contains(w))
                                  join l in db.PlanLines on new { Household = h.Id, Name = r.MemberName } equals new { Household = l.HouseholdId, Name = l.HeadName }
                                  join p in db.DistributionPlans on l.PlanId equals p.Id
                                  where p.Kind == PlanKind.Distribution && p.Status != PlanStatus.Discarded && p.Status != PlanStatus.Reversed
                                      && l.Amount > Money.Zero && r.RemovedOn <= p.FreezeOn
                                  select new { l.Id, l.HouseholdNo, l.HeadName, PlanNumber = p.Number, PlanId = p.Id, p.FreezeOn, l.CountyCode, l.TownshipCode, l.VillageCode })
                    .Distinct().ToListAsync(ct);
                return ("plan_line", rows.Select(l => new AnomalyHit(l.Id.Value, $"{l.PlanNumber} 户 {l.HouseholdNo} {l.HeadName}",
                    $"户主在冻结日 {BusinessCalendar.Format(l.FreezeOn)} 前已死亡或迁出，仍列入分配", $"/distribution/{l.PlanId}", l.CountyCode, l.TownshipCode, l.VillageCode)).ToList());
            }
            case RuleCodes.PaidInTwoCounties:
            {
                // Keyed hashes of citizen IDs meet across counties. A county holds an ID on one member row at most (its
                // unique index), so only an ID on two rows can be paid in two counties: those are found first, in one pass
                // over the index on the hash, and only their households' lines of distribution plans are read.
                var shared = db.Members.GroupBy(m => m.CitizenIdHash).Where(g => g.Count() > 1).Select(g => g.Key);
                var paid = await (from m in db.Members.AsNoTracking()
                                  where shared.Contains(m.CitizenIdHash)
                                  join l in db.PlanLines on m.HouseholdId equals l.HouseholdId
                                  join p in db.DistributionPlans on l.PlanId equals p.Id
                                  where p.Kind == PlanKind.Distribution && p.Status != PlanStatus.Discarded && p.Status != PlanStatus.Reversed
                                  select new { l.Id, l.PlanId, l.HouseholdNo, l.HeadName, l.Year, l.CountyCode, l.TownshipCode, l.VillageCode, m.CitizenIdHash })
                    .ToListAsync(ct);
                // Lines of one year whose household has a member whose ID is also in a household paid by another county's plan that year.
                // The hash is grouped by its text: arrays compare by reference, so each row's own array would be a group of one.
                var rows = paid.GroupBy(x => (x.Year, Convert.ToHexString(x.CitizenIdHash))).Where(g => g.Select(x => x.CountyCode).Distinct().Skip(1).Any())
                    .SelectMany(g => g).Where(x => scope.Holds(x.CountyCode)).DistinctBy(x => x.Id);
                return ("plan_line", rows.Select(l => new AnomalyHit(l.Id.Value, $"{l.Year} 年 户 {l.HouseholdNo} {l.HeadName}",
                    "家庭成员的身份证号同年也在另一个县的分配方案中受益", $"/distribution/{l.PlanId}", l.CountyCode, l.TownshipCode, l.VillageCode)).ToList());
            }
            case RuleCodes.DisposalApprovals:
            {
                var rows = await scope.Of(db.Disposals.AsNoTracking(), d => d.CountyCode)
                    .Where(d => d.Status == DisposalStatus.Completed
                        && (d.ResolutionOn == null || d.TownshipApprovedOn == null || d.CountyApprovedOn == null))
                    .Select(d => new { d.Id, d.AssetId, d.CompletedOn, d.CountyCode, d.TownshipCode, d.VillageCode })
                    .ToListAsync(ct);
                return ("disposal", rows.Select(d => new AnomalyHit(d.Id.Value, $"资产 {d.AssetId} 的处置",
                    "处置已完成，但村民代表会议决议、乡镇审核、县级审批不全", $"/disposals/{d.Id}", d.CountyCode, d.TownshipCode, d.VillageCode)).ToList());
            }
            case RuleCodes.BelowMonitoringLine:
                return ("household", await BelowLineAsync(scope, today.Year - 1, n, ct));
            default:
                throw new DomainException("rules.unknown", $"没有代码为 {code} 的预警规则。", "code");
        }
    }

    /// <summary>
    /// Households of the counties whose income per person in <paramref name="year"/> is under <paramref name="percent"/> %
    /// of their province's line for that year (<see cref="HouseholdIncomes.UnderLineAsync"/>: one statement per province,
    /// households without income recorded not judged). A year is judged once it is over (income is counted per calendar
    /// year); a province without a line for it judges nothing.
    /// </summary>
    private async Task<List<AnomalyHit>> BelowLineAsync(CountySet scope, int year, int percent, CancellationToken ct)
    {
        var incomes = new HouseholdIncomes(db, clock);
        var provinces = scope.Codes.GroupBy(c => c[..Math.Min(2, c.Length)]).ToList();
        var hits = new List<AnomalyHit>();
        foreach (var province in provinces)
        {
            if (await incomes.LineAsync(province.First(), year, ct) is not { } line)
            {
                continue;
            }
            var counties = new CountySet(province.ToList(), scope.All && provinces.Count == 1);
            // One county: its own sums; several: the sums of all (no county condition on the sources), joined to the counties' households.
            var filter = new IncomeFilter(County: counties.Codes.Count == 1 ? counties.Codes[0] : null);
            var limit = percent == 100 ? $"监测线 {line.PerPerson}" : $"监测线 {line.PerPerson} 的 {percent}%";
            await foreach (var h in incomes.UnderLineAsync(year, percent, line, filter, counties.Of(db.Households.AsNoTracking(), h => h.CountyCode), ct))
            {
                var per = h.Income.PerPerson(h.People)!.Value;
                hits.Add(new AnomalyHit(h.Id.Value, $"户 {h.HouseholdNo} {h.HeadName}", $"{year} 年人均收入 {per}，低于{limit}", $"/registry/{h.Id}",
                    h.CountyCode, h.VillageCode.TownshipOf(), h.VillageCode));
            }
        }
        return hits;
    }
}

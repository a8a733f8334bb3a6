using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;

namespace RuralLedger.Data.Distribution;

/// <summary>
/// Which villages a batch covers: one village, one county, or (neither given) every county with income.
/// <paramref name="Workers"/>: counties built at once (default one per core, at most four).
/// <paramref name="IncomeIds"/>: only these income rows (one village's request); all of them must still be free.
/// <paramref name="Title"/>: the plans' title instead of the default one.
/// </summary>
public sealed record PlanBatchRequest(int Year, string? RuleCode, DateOnly FreezeOn, string? CountyCode = null, DivisionCode? VillageCode = null, int? Workers = null,
    IReadOnlyCollection<long>? IncomeIds = null, string? Title = null);

public sealed record BuiltPlan(long PlanId, string Number, DivisionCode VillageCode, Money Pool, int Households);

/// <summary>A village without a plan: the refusal's code, message and (when an input caused it) field.</summary>
public sealed record SkippedVillage(DivisionCode VillageCode, string Code, string Reason, string? Field = null);

public sealed record PlanBatchResult(IReadOnlyList<BuiltPlan> Plans, IReadOnlyList<SkippedVillage> Skipped, long Lines);

/// <summary>
/// The one way plans are built: for one village (<c>PlanService.BuildAsync</c> asks for a batch of one), a county,
/// or every county. Each village's pool is its undistributed income of the year, under the rule version in effect on
/// the freeze date, over its households with their status on the freeze date and their members then — decided by
/// the registry rules in Core (<see cref="StatusFact"/>, <see cref="Age"/>, <see cref="Core.Linkage.PublicWelfareJob.Overlaps"/>)
/// and <see cref="DistributionCalculator"/>; SQL only reads the registry's facts, county by county, so a province
/// needs the memory of one county. Plans, lines and the taking of income are written in bulk, one transaction per
/// county. A village whose plan can't be computed (no beneficiaries, an unfunded minimum) is skipped with the
/// reason; the other villages still get their plans.
/// </summary>
public sealed class VillagePlans(RuralDbContext db, TimeProvider clock)
{
    public async Task<PlanBatchResult> BuildAsync(PlanBatchRequest request, Action<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<string> counties = request.VillageCode is { } v ? [v.County]
            : request.CountyCode is { } c ? [c]
            : await db.AssetIncomes.Where(i => i.Year == request.Year && i.PlanId == null).Select(i => i.CountyCode).Distinct().OrderBy(x => x).ToListAsync(ct);
        var analyze = db.Provider == DatabaseProvider.Postgres && counties.Count > 1;
        if (analyze)
        {
            await AnalyzeRegistryAsync(ct);
        }
        if (DefaultDistributionPolicy.IsDefault(request.RuleCode))
        {
            // Counties without the default rule get it now, in one save, rather than one by one in their transactions.
            await RuleLookup.EnsureDefaultsAsync(db, counties, ct);
            db.ChangeTracker.Clear();
        }
        // Counties share no rows: several are built at once (CountyWorkers), each in a transaction of its own.
        var perCounty = await CountyWorkers.RunAsync(db, clock, counties, async (context, county, gate, token) =>
        {
            var (built, skippedHere, linesHere) = await BuildCountyAsync(context, county, request, gate, token);
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"县 {county}：{built.Count:N0} 个方案，{linesHere:N0} 户分红行，跳过 {skippedHere.Count} 个村"));
            return (built, skippedHere, linesHere);
        }, ct, request.Workers);
        var plans = perCounty.SelectMany(c => c.built).ToList();
        var skipped = perCounty.SelectMany(c => c.skippedHere).ToList();
        var lines = perCounty.Sum(c => c.linesHere);
        if (analyze)
        {
            // The lines just written are what posting reads next, plan by plan.
            // A small sample is enough to know plan_lines is large and plan_id selective; the default one costs seconds.
            await db.Database.ExecuteSqlRawAsync("SET default_statistics_target = 10; ANALYZE plan_lines, distribution_plans, asset_incomes; RESET default_statistics_target;", ct);
        }
        return new PlanBatchResult(plans, skipped, lines);
    }

    private sealed record IncomeRow(long Id, DivisionCode? VillageCode, Money Amount);

    private sealed record HouseholdRow(HouseholdId Id, string HouseholdNo, string HeadName, DivisionCode VillageCode);

    /// <summary>
    /// Right after a bulk load PostgreSQL may have no statistics yet, and without them it plans a scan of the whole
    /// registry for every county. Sampling costs about a second, so it is skipped when the tables have statistics.
    /// </summary>
    private async Task AnalyzeRegistryAsync(CancellationToken ct)
    {
        var missing = await db.Database.SqlQueryRaw<string>(
            "SELECT t AS \"Value\" FROM unnest(ARRAY['households', 'household_status_changes', 'members']) AS t WHERE NOT EXISTS (SELECT 1 FROM pg_statistic WHERE starelid = t::regclass)")
            .ToListAsync(ct);
        if (missing.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE households, household_status_changes, members", ct);
        }
    }

    /// <summary>What a county's plans would be, computed from what was read outside the write lock.</summary>
    private sealed record CountyDraft(long? RuleId, int? RuleVersion, bool Factors, bool Jobs, Dictionary<DivisionCode, List<Beneficiary>> Beneficiaries,
        List<IncomeRow> Incomes, List<VillageOutcome> Villages, List<SkippedVillage> Skipped);

    private sealed record VillageOutcome(DivisionCode Village, List<IncomeRow> Incomes, DistributionResult Result);

    /// <summary>
    /// One county. Reading the registry and computing every village's amounts happen first, outside any write
    /// transaction (on SQLite while another county writes). Then, in the county's write transaction, the income and the
    /// rule are read again: if either changed meanwhile the county is computed again from them, so the plans written are
    /// those of the income taken and the rule in effect at that moment. Income another build takes after that read is
    /// refused by the taking itself (only rows still free are taken): 409, nothing written. The beneficiaries are as the
    /// registry knew them at <c>knownAt</c> either way.
    /// </summary>
    private async Task<(List<BuiltPlan>, List<SkippedVillage>, long)> BuildCountyAsync(RuralDbContext db, string county, PlanBatchRequest request, WriteGate gate, CancellationToken ct)
    {
        var knownAt = clock.GetUtcNow();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var rule = await RuleLookup.FindAsync(db, county, request.RuleCode, request.FreezeOn, ct);
            var (factors, jobs) = FactsRead(rule);
            var beneficiaries = await BeneficiariesAsync(db, county, request.VillageCode, request.Year, request.FreezeOn, knownAt, factors, jobs, ct);
            var draft = Draft(rule, factors, jobs, beneficiaries, await IncomesAsync(db, county, request, ct), request.Year);
            using (var writer = await gate.EnterAsync(db, ct))
            {
                return await WriteCountyAsync(writer.Context, county, request, knownAt, draft, ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<List<IncomeRow>> IncomesAsync(RuralDbContext db, string county, PlanBatchRequest request, CancellationToken ct)
    {
        var query = db.AssetIncomes.AsNoTracking().Where(i => i.CountyCode == county && i.Year == request.Year && i.PlanId == null);
        if (request.VillageCode is { } only)
        {
            query = query.Where(i => i.VillageCode == only);
        }
        if (request.IncomeIds is { Count: > 0 } ids)
        {
            var keys = ids.Select(x => new AssetIncomeId(x)).ToList();
            query = query.Where(i => keys.Contains(i.Id));
        }
        return await query.OrderBy(i => i.Id).Select(i => new IncomeRow(i.Id.Value, i.VillageCode, i.Amount)).ToListAsync(ct);
    }

    /// <summary>Every village's pool (its undistributed income of the year) and, under the rule, its amounts.</summary>
    private static CountyDraft Draft(DistributionRule? rule, bool factors, bool jobs, Dictionary<DivisionCode, List<Beneficiary>> beneficiaries, List<IncomeRow> incomes, int year)
    {
        var villages = new List<VillageOutcome>();
        var skipped = new List<SkippedVillage>();
        var byVillage = incomes.Where(i => i.VillageCode is { Level: AreaLevel.Village }).GroupBy(i => i.VillageCode!.Value).OrderBy(g => g.Key.Value, StringComparer.Ordinal);
        foreach (var g in byVillage)
        {
            var pool = Money.Sum(g.Select(i => i.Amount));
            if (pool <= Money.Zero)
            {
                skipped.Add(new SkippedVillage(g.Key, "plans.empty_pool", $"{year} 年度该村没有待分配的资产收益。", "incomeIds"));
                continue;
            }
            if (rule is null)
            {
                continue; // computed in the write transaction, once the county's default rule exists
            }
            try
            {
                villages.Add(new VillageOutcome(g.Key, [.. g], DistributionCalculator.Compute(pool, rule, beneficiaries.TryGetValue(g.Key, out var list) ? list : [])));
            }
            catch (DomainException e)
            {
                skipped.Add(new SkippedVillage(g.Key, e.Code, e.Message, e.Field));
            }
        }
        return new CountyDraft(rule?.Id.Value, rule?.Version, factors, jobs, beneficiaries, incomes, villages, skipped);
    }

    private async Task<(List<BuiltPlan>, List<SkippedVillage>, long)> WriteCountyAsync(RuralDbContext db, string county, PlanBatchRequest request, DateTimeOffset knownAt,
        CountyDraft draft, CancellationToken ct)
    {
        var year = request.Year;
        var freezeOn = request.FreezeOn;
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var incomes = await IncomesAsync(db, county, request, ct);
            if (request.IncomeIds is { Count: > 0 } wanted && incomes.Count != wanted.Distinct().Count())
            {
                throw new DomainException("plans.income_unavailable", "所选收益记录有的不存在、不属于该村该年度，或已纳入其他方案。", "incomeIds");
            }
            if (!incomes.Any(i => i.Amount > Money.Zero))
            {
                await CommitAsync(owned, ct);
                return ([], Draft(null, draft.Factors, draft.Jobs, draft.Beneficiaries, incomes, year).Skipped, 0);
            }
            var rule = await RuleLookup.FindAsync(db, county, request.RuleCode, freezeOn, ct)
                ?? await RuleLookup.ForAsync(db, county, request.RuleCode, freezeOn, ct);
            if (rule.Id.Value != draft.RuleId || rule.Version != draft.RuleVersion || !incomes.SequenceEqual(draft.Incomes))
            {
                // Income arrived or was taken, or the rule changed, since the county was read: compute it again.
                var (factors, jobs) = FactsRead(rule);
                var beneficiaries = factors == draft.Factors && jobs == draft.Jobs
                    ? draft.Beneficiaries
                    : await BeneficiariesAsync(db, county, request.VillageCode, year, freezeOn, knownAt, factors, jobs, ct);
                draft = Draft(rule, factors, jobs, beneficiaries, incomes, year);
            }

            // Villages in code order: two builds that share villages take their counters in the same order.
            var taken = await PlanNumbers.TakenAsync(db, county, year, ct);
            var numbers = await PlanNumbers.NextForVillagesAsync(db, [.. draft.Villages.Select(v => v.Village)], year, taken, ct);
            var plans = draft.Villages.Select((v, i) =>
                new DistributionPlan(numbers[i], v.Village, year, request.Title, rule, freezeOn, v.Result, db.Access.ActorName, clock.GetUtcNow())).ToList();

            var writer = new DistributionBulkWriter(db);
            var ids = await writer.WritePlansAsync(plans, ct);
            var lines = await writer.WriteLinesAsync(
                draft.Villages.SelectMany((v, i) => v.Result.Lines.Select(l => new PlanLine(new DistributionPlanId(ids[i]), v.Village, year, l))), null, ct);
            var takes = draft.Villages.SelectMany((v, i) => v.Incomes.Select(r => (r.Id, ids[i]))).ToList();
            if (await writer.TakeIncomesAsync(takes, ct) != takes.Count)
            {
                throw new ConflictException("plans.income_unavailable", "部分收益记录已被其他方案纳入，请重新测算。");
            }
            if (plans.Count > 0)
            {
                await new AuditWriter(clock).AppendAsync(db, [new AuditRecord(county, "create", nameof(DistributionPlan), $"{year}:{ids[0]}-{ids[^1]}", null,
                    string.Create(CultureInfo.InvariantCulture, $"{{\"source\":\"{(request.VillageCode is null ? "batch" : "village")}\",\"year\":{year},\"plans\":{plans.Count},\"lines\":{lines},\"rule\":\"{rule.Code}@{rule.Version}\",\"freezeOn\":\"{freezeOn:yyyy-MM-dd}\"}}"))], ct);
            }
            await CommitAsync(owned, ct);
            // A county's default rule, when created above, is the only entity tracked: let go of it, so a province's
            // counties don't make every later save look through the earlier ones.
            db.ChangeTracker.Clear();
            var built = plans.Select((p, i) => new BuiltPlan(ids[i], p.Number, p.VillageCode!.Value, p.Pool, p.Households)).ToList();
            return (built, draft.Skipped, lines);
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }
        }
    }

    private static async Task CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? owned, CancellationToken ct)
    {
        if (owned is not null)
        {
            await owned.CommitAsync(ct);
        }
    }

    /// <summary>
    /// The county's (or village's) households as the rule sees them on the freeze date, by village. Three plain
    /// projections — households, their status history up to the freeze date, their members — read through the
    /// village-code indexes: that order follows the order rows were written in, where the county's other indexes
    /// (status, ID hash) would visit them at random.
    /// </summary>
    /// <param name="memberDetails">
    /// Whether the rule weighs members by age, labour and health. Otherwise only their number counts, which the
    /// household row keeps (member_count, maintained with every member added or removed): the members table, three
    /// and a half times the households, is then not read at all.
    /// </param>
    /// <param name="jobs">
    /// Whether the rule pays only households with a public-welfare post in the year up to the freeze date
    /// (<see cref="Core.Linkage.PublicWelfareJob.WorkedIn"/>); only then are the jobs read.
    /// </param>
    private static async Task<Dictionary<DivisionCode, List<Beneficiary>>> BeneficiariesAsync(RuralDbContext db, string county, DivisionCode? village, int year, DateOnly freezeOn, DateTimeOffset knownAt,
        bool memberDetails, bool jobs, CancellationToken ct)
    {
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        // Village codes start with their county's six digits; ':' sorts right after '9'.
        var low = village is { } v ? v.Value : county;
        var high = village is null ? county + ":" : low + ":";
        const string InRange = "village_code >= @low AND village_code < @high";

        var households = new List<HouseholdRow>();
        string? lastVillageText = null;
        var lastVillage = default(DivisionCode);
        var members = new Dictionary<HouseholdId, IReadOnlyList<BeneficiaryMember>>();
        var described = new Dictionary<HouseholdId, List<BeneficiaryMember>>();
        (string, object?)[] range = [("@low", low), ("@high", high)];
        await using (var rows = await BulkRows.OpenAsync(db, $"SELECT id, household_no, head_name, village_code, member_count FROM households WHERE {InRange}", range, ct))
        {
            while (await rows.ReadAsync(ct))
            {
                var id = new HouseholdId(rows.Int64(0));
                // Rows come in village order: a village's code is parsed once, not once per household.
                var villageText = rows.Text(3);
                if (villageText != lastVillageText)
                {
                    (lastVillageText, lastVillage) = (villageText, DivisionCode.Parse(villageText));
                }
                households.Add(new HouseholdRow(id, rows.Text(1), rows.Text(2), lastVillage));
                if (!memberDetails)
                {
                    // Counted, not described: the rule looks at no member's age, labour or health. Households of
                    // the same size share one list of that many blank members (nothing changes them).
                    members[id] = Blank(rows.Int32(4));
                }
            }
        }

        // Each household's status on the freeze date, folded entry by entry with the rule Household.StatusOn uses.
        var status = new Dictionary<HouseholdId, StatusFact>(households.Count);
        // PostgreSQL is given the household ids themselves: an IN over a subquery may become a hash join over the whole history.
        await using (var rows = await BulkRows.OpenAsync(db, "SELECT household_id, id, effective_on, recorded_at, to_status FROM household_status_changes "
            + (sqlite ? $"WHERE household_id IN (SELECT id FROM households WHERE {InRange})" : "WHERE household_id = ANY(@ids)"),
            [.. range, ("@ids", sqlite ? null : households.Select(h => h.Id.Value).ToArray())], ct))
        {
            while (await rows.ReadAsync(ct))
            {
                var fact = new StatusFact(rows.Date(2), new DateTimeOffset(rows.UtcTicks(3), TimeSpan.Zero), rows.Int64(1), (PovertyStatus)rows.Int32(4));
                if (!fact.CountsOn(freezeOn, knownAt))
                {
                    continue;
                }
                var householdId = new HouseholdId(rows.Int64(0));
                if (!status.TryGetValue(householdId, out var current) || fact.Supersedes(current))
                {
                    status[householdId] = fact;
                }
            }
        }

        if (memberDetails)
        {
            await using var rows = await BulkRows.OpenAsync(db, $"SELECT household_id, birth_date, labour, health FROM members WHERE {InRange}", range, ct);
            while (await rows.ReadAsync(ct))
            {
                var householdId = new HouseholdId(rows.Int64(0));
                if (!described.TryGetValue(householdId, out var list))
                {
                    members[householdId] = described[householdId] = list = new List<BeneficiaryMember>(4);
                }
                list.Add(new BeneficiaryMember(Age.On(rows.Date(1), freezeOn), (LabourAbility)rows.Int32(2), (Health)rows.Int32(3) == Health.Disabled));
            }
        }

        var working = new HashSet<HouseholdId>();
        if (jobs)
        {
            // The posts of the place (a village has a few dozen); which count is PublicWelfareJob's rule.
            await using var rows = await BulkRows.OpenAsync(db, $"SELECT household_id, \"from\", \"to\" FROM public_welfare_jobs WHERE {InRange}", range, ct);
            while (await rows.ReadAsync(ct))
            {
                if (Core.Linkage.PublicWelfareJob.Overlaps(rows.Date(1), rows.IsNull(2) ? null : rows.Date(2), year, freezeOn))
                {
                    working.Add(new HouseholdId(rows.Int64(0)));
                }
            }
        }

        var byVillage = new Dictionary<DivisionCode, List<Beneficiary>>();
        foreach (var h in households)
        {
            if (!status.TryGetValue(h.Id, out var s))
            {
                continue; // registered after the freeze date
            }
            if (!byVillage.TryGetValue(h.VillageCode, out var list))
            {
                byVillage[h.VillageCode] = list = [];
            }
            list.Add(new Beneficiary(h.Id, h.HouseholdNo, h.HeadName, s.To, members.TryGetValue(h.Id, out var ms) ? ms : [], WorkedPublicWelfareJob: working.Contains(h.Id)));
        }
        return byVillage;
    }

    /// <summary>
    /// Which registry facts the rule reads beyond households and their status: members' age, labour and health
    /// (factor weighting), and public-welfare posts (<see cref="DistributionRule.RequirePublicWelfareJob"/>).
    /// </summary>
    private static (bool MemberDetails, bool Jobs) FactsRead(DistributionRule? rule) =>
        (rule?.Weighting == HouseholdWeighting.Factors, rule?.RequirePublicWelfareJob == true);

    private static readonly BeneficiaryMember[][] BlankMembers = [.. Enumerable.Range(0, 16).Select(n => new BeneficiaryMember[n])];

    private static BeneficiaryMember[] Blank(int count) => count < BlankMembers.Length ? BlankMembers[count] : new BeneficiaryMember[count];

}

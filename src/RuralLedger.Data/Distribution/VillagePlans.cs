using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;

namespace RuralLedger.Data.Distribution;

/// <summary>Which villages a batch covers: one village, one county, or (neither given) every county with income.</summary>
public sealed record PlanBatchRequest(int Year, string? RuleCode, DateOnly FreezeOn, string? CountyCode = null, DivisionCode? VillageCode = null);

public sealed record BuiltPlan(long PlanId, string Number, DivisionCode VillageCode, Money Pool, int Households);

public sealed record SkippedVillage(DivisionCode VillageCode, string Code, string Reason);

public sealed record PlanBatchResult(IReadOnlyList<BuiltPlan> Plans, IReadOnlyList<SkippedVillage> Skipped, long Lines);

/// <summary>
/// Builds one plan per village for a year over many villages at once — a county, or every county — with what
/// <c>PlanService.BuildAsync</c> computes for one: the village's undistributed income of the year as the pool, the
/// rule version in effect on the freeze date, the households with their status on the freeze date (latest
/// effective date on or before it, as the registry knows it now, late entries included) and their members then.
/// The registry is read with SQL projections, county by county, so a province needs the memory of one county;
/// plans, lines and the taking of income are written in bulk, one transaction per county.
/// A village whose plan can't be computed (no beneficiaries, an unfunded minimum) is skipped with the reason;
/// the other villages still get their plans.
/// </summary>
public sealed class VillagePlans(RuralDbContext db, TimeProvider clock)
{
    public async Task<PlanBatchResult> BuildAsync(PlanBatchRequest request, Action<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<string> counties = request.VillageCode is { } v ? [v.County]
            : request.CountyCode is { } c ? [c]
            : await db.AssetIncomes.Where(i => i.Year == request.Year && i.PlanId == null).Select(i => i.CountyCode).Distinct().OrderBy(x => x).ToListAsync(ct);
        var plans = new List<BuiltPlan>();
        var skipped = new List<SkippedVillage>();
        long lines = 0;
        var analyze = db.Provider == DatabaseProvider.Postgres && counties.Count > 1;
        if (analyze)
        {
            // Right after a bulk load PostgreSQL may have no statistics yet, and without them it plans a scan of the
            // whole registry for every county. Sampling costs well under a second.
            await db.Database.ExecuteSqlRawAsync("ANALYZE households, household_status_changes, members", ct);
        }
        foreach (var county in counties)
        {
            var (built, skippedHere, linesHere) = await BuildCountyAsync(county, request, ct);
            plans.AddRange(built);
            skipped.AddRange(skippedHere);
            lines += linesHere;
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"县 {county}：{built.Count:N0} 个方案，{linesHere:N0} 户分红行，跳过 {skippedHere.Count} 个村"));
        }
        if (analyze)
        {
            // The lines just written are what posting reads next, plan by plan.
            await db.Database.ExecuteSqlRawAsync("ANALYZE plan_lines, distribution_plans, asset_incomes", ct);
        }
        return new PlanBatchResult(plans, skipped, lines);
    }

    /// <summary>Plan numbers run per village and year: FP&lt;village&gt;-&lt;year&gt;-01, -02, …</summary>
    public static string NumberPrefix(DivisionCode village, int year) => $"FP{village.Value}-{year}-";

    private sealed record IncomeRow(long Id, DivisionCode? VillageCode, Money Amount);

    private sealed record HouseholdRow(HouseholdId Id, string HouseholdNo, string HeadName, DivisionCode VillageCode);

    private async Task<(List<BuiltPlan>, List<SkippedVillage>, long)> BuildCountyAsync(string county, PlanBatchRequest request, CancellationToken ct)
    {
        var year = request.Year;
        var freezeOn = request.FreezeOn;
        var knownAt = clock.GetUtcNow();
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            if (db.Provider == DatabaseProvider.Postgres)
            {
                // The lock PlanService takes for the same county's plan numbers (Numbering, series "plan").
                var key = $"plan:{county}:{year}";
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);
            }
            var incomeQuery = db.AssetIncomes.Where(i => i.CountyCode == county && i.Year == year && i.PlanId == null);
            if (request.VillageCode is { } only)
            {
                incomeQuery = incomeQuery.Where(i => i.VillageCode == only);
            }
            var incomes = (await incomeQuery.Select(i => new IncomeRow(i.Id, i.VillageCode, i.Amount)).ToListAsync(ct))
                .Where(i => i.VillageCode is { Level: AreaLevel.Village })
                .GroupBy(i => i.VillageCode!.Value)
                .OrderBy(g => g.Key.Value, StringComparer.Ordinal)
                .ToList();
            var skipped = new List<SkippedVillage>();
            var pools = new List<(DivisionCode Village, Money Pool, List<IncomeRow> Rows)>();
            foreach (var g in incomes)
            {
                var pool = Money.Sum(g.Select(i => i.Amount));
                if (pool <= Money.Zero)
                {
                    skipped.Add(new SkippedVillage(g.Key, "plans.empty_pool", $"{year} 年度该村没有待分配的资产收益。"));
                }
                else
                {
                    pools.Add((g.Key, pool, g.ToList()));
                }
            }
            if (pools.Count == 0)
            {
                await CommitAsync(owned, ct);
                return ([], skipped, 0);
            }

            var rule = await RuleLookup.ForAsync(db, county, request.RuleCode, freezeOn, ct);
            if (rule.RequirePublicWelfareJob)
            {
                throw new DomainException("plans.condition_unavailable", "该规则要求公益岗位务工记录，须在利益联结模块登记后方可测算。", "ruleCode");
            }
            var beneficiaries = await BeneficiariesAsync(county, request.VillageCode, freezeOn, knownAt, rule.Weighting == HouseholdWeighting.Factors, ct);

            var existing = await db.DistributionPlans.IgnoreQueryFilters().Where(p => p.CountyCode == county && p.Year == year).Select(p => p.Number).ToListAsync(ct);
            var computed = new List<(DistributionPlan Plan, DistributionResult Result, List<IncomeRow> Incomes)>();
            foreach (var (village, pool, rows) in pools)
            {
                DistributionResult result;
                try
                {
                    result = DistributionCalculator.Compute(pool, rule, beneficiaries.TryGetValue(village, out var list) ? list : []);
                }
                catch (DomainException e)
                {
                    skipped.Add(new SkippedVillage(village, e.Code, e.Message));
                    continue;
                }
                var prefix = NumberPrefix(village, year);
                var number = prefix + (existing.Count(n => n.StartsWith(prefix, StringComparison.Ordinal)) + 1).ToString("D2", CultureInfo.InvariantCulture);
                var plan = new DistributionPlan(number, village, year, null, rule, freezeOn, result, db.Access.ActorName, clock.GetUtcNow());
                computed.Add((plan, result, rows));
            }

            var writer = new DistributionBulkWriter(db);
            var ids = await writer.WritePlansAsync(computed.Select(c => c.Plan).ToList(), ct);
            var lines = await writer.WriteLinesAsync(
                computed.SelectMany((c, i) => c.Result.Lines.Select(l => new PlanLine(ids[i], c.Plan.VillageCode!.Value, year, l))), null, ct);
            var takes = computed.SelectMany((c, i) => c.Incomes.Select(r => (r.Id, ids[i]))).ToList();
            if (await writer.TakeIncomesAsync(takes, ct) != takes.Count)
            {
                throw new ConflictException("plans.income_unavailable", "部分收益记录已被其他方案纳入，请重新测算。");
            }
            if (computed.Count > 0)
            {
                await new AuditWriter(clock).AppendAsync(db, [new AuditRecord(county, "create", nameof(DistributionPlan), $"{year}:{ids[0]}-{ids[^1]}", null,
                    string.Create(CultureInfo.InvariantCulture, $"{{\"source\":\"batch\",\"year\":{year},\"plans\":{computed.Count},\"lines\":{lines},\"rule\":\"{rule.Code}@{rule.Version}\",\"freezeOn\":\"{freezeOn:yyyy-MM-dd}\"}}"))], ct);
            }
            await CommitAsync(owned, ct);
            var built = computed.Select((c, i) => new BuiltPlan(ids[i], c.Plan.Number, c.Plan.VillageCode!.Value, c.Plan.Pool, c.Plan.Households)).ToList();
            return (built, skipped, lines);
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
    private async Task<Dictionary<DivisionCode, List<Beneficiary>>> BeneficiariesAsync(string county, DivisionCode? village, DateOnly freezeOn, DateTimeOffset knownAt, bool memberDetails, CancellationToken ct)
    {
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        // Village codes start with their county's six digits; ':' sorts right after '9'.
        var low = village is { } v ? v.Value : county;
        var high = village is null ? county + ":" : low + ":";
        const string InRange = "village_code >= @low AND village_code < @high";

        var households = new List<HouseholdRow>();
        var members = new Dictionary<HouseholdId, List<BeneficiaryMember>>();
        await using (var cmd = Command($"SELECT id, household_no, head_name, village_code, member_count FROM households WHERE {InRange}", low, high))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var id = new HouseholdId(reader.GetInt64(0));
                households.Add(new HouseholdRow(id, reader.GetString(1), reader.GetString(2), DivisionCode.Parse(reader.GetString(3))));
                if (!memberDetails)
                {
                    // Counted, not described: the rule looks at no member's age, labour or health.
                    members[id] = [.. Enumerable.Repeat(default(BeneficiaryMember), reader.GetInt32(4))];
                }
            }
        }

        // Household.StatusOn: the latest effective date on or before the freeze date among entries already recorded,
        // ties to the later recording, then to the later entry.
        var status = new Dictionary<HouseholdId, (DateOnly On, long At, long Id, PovertyStatus Status)>(households.Count);
        // PostgreSQL is given the household ids themselves: an IN over a subquery may become a hash join over the whole history.
        await using (var cmd = Command("SELECT household_id, id, effective_on, recorded_at, to_status FROM household_status_changes "
            + (sqlite ? $"WHERE household_id IN (SELECT id FROM households WHERE {InRange})" : "WHERE household_id = ANY(@ids)")
            + " AND effective_on <= @freeze AND recorded_at <= @known", low, high,
            ("@freeze", sqlite ? freezeOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : freezeOn),
            ("@known", sqlite ? SqliteRuralDbContext.ToStored(knownAt) : knownAt.ToUniversalTime()),
            ("@ids", sqlite ? DBNull.Value : households.Select(h => h.Id.Value).ToArray())))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var householdId = new HouseholdId(reader.GetInt64(0));
                var change = (On: DateOf(reader, 2, sqlite), At: sqlite ? reader.GetInt64(3) : reader.GetFieldValue<DateTimeOffset>(3).UtcTicks, Id: reader.GetInt64(1));
                if (!status.TryGetValue(householdId, out var current) || change.CompareTo((current.On, current.At, current.Id)) > 0)
                {
                    status[householdId] = (change.On, change.At, change.Id, (PovertyStatus)reader.GetInt32(4));
                }
            }
        }

        await using (var cmd = Command($"SELECT household_id, birth_date, labour, health FROM members WHERE {InRange}", low, high))
        await using (var reader = memberDetails ? await cmd.ExecuteReaderAsync(ct) : null)
        {
            while (reader is not null && await reader.ReadAsync(ct))
            {
                var householdId = new HouseholdId(reader.GetInt64(0));
                if (!members.TryGetValue(householdId, out var list))
                {
                    members[householdId] = list = new List<BeneficiaryMember>(4);
                }
                list.Add(new BeneficiaryMember(RuleLookup.AgeOn(DateOf(reader, 1, sqlite), freezeOn), (LabourAbility)reader.GetInt32(2), (Health)reader.GetInt32(3) == Health.Disabled));
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
            list.Add(new Beneficiary(h.Id, h.HouseholdNo, h.HeadName, s.Status, members.TryGetValue(h.Id, out var ms) ? ms : [], WorkedPublicWelfareJob: false));
        }
        return byVillage;
    }

    // EF Core's SQLite provider stores dates as yyyy-MM-dd text.
    private static DateOnly DateOf(DbDataReader reader, int ordinal, bool sqlite) =>
        sqlite ? DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture) : reader.GetFieldValue<DateOnly>(ordinal);

    private DbCommand Command(string sql, string low, string high, params (string Name, object Value)[] more)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = sql;
        foreach (var (name, value) in more.Prepend(("@high", high)).Prepend(("@low", low)))
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Linkage;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage;

/// <summary>
/// One household's income of a year by category (收入构成), where each came from: wage = payroll + public-welfare posts +
/// entered; business = order-farming deliveries + entered; property = dividends of posted distribution plans + land rent
/// received + entered; transfer = entered. Per person is
/// the total over the household's members now, rounded half away from zero to the fen.
/// </summary>
public sealed record HouseholdIncome(long HouseholdId, string HouseholdNo, string HeadName, string VillageCode, int Year, int People,
    Money Payroll, Money PublicJobs, Money Dividends, Money Orders, Money Rent, Money Wage, Money Business, Money Property, Money Transfer, Money Total, Money? PerPerson,
    Money? Line, bool? BelowLine);

/// <summary>The monitoring line used for a comparison: the province's per-person figure for the year, or none set.</summary>
public sealed record LineUsed(string ProvinceCode, int Year, Money PerPerson, DateOnly EffectiveOn);

/// <summary>The income table of a year for the caller's scope (or one village): every household, and how many fall below the line.</summary>
public sealed record IncomeTable(int Year, LineUsed? Line, int Households, int BelowLine, Money Total, IReadOnlyList<HouseholdIncome> Items);

/// <summary>A household whose only linkage in the year is a share or dividend (一股了之).</summary>
public sealed record ShareOnlyHousehold(long HouseholdId, string HouseholdNo, string HeadName, string VillageCode, Money Dividends, int EquityAgreements);

/// <summary>
/// Household income by category for the caller's scope: the sums come from <see cref="HouseholdIncomes"/> (Data, shared
/// with the monitoring-line anomaly rule), joined in memory with the households.
/// </summary>
public sealed class HouseholdIncomeQuery(RuralDbContext db, TimeProvider clock)
{
    private HouseholdIncomes Incomes => new(db, clock);

    public const int TrendYears = 5;

    /// <summary>Every household of the caller's scope (or of <paramref name="village"/>) for <paramref name="year"/>.</summary>
    public async Task<IncomeTable> YearAsync(int year, string? village, CancellationToken ct)
    {
        CheckYear(year);
        DivisionCode? code = string.IsNullOrWhiteSpace(village) ? null : DivisionCode.Parse(village, "village");
        var households = db.Households.AsNoTracking();
        if (code is { } c)
        {
            households = households.Where(h => h.VillageCode == c);
        }
        var heads = await households.OrderBy(h => h.VillageCode).ThenBy(h => h.HouseholdNo)
            .Select(h => new Head(h.Id, h.HouseholdNo, h.HeadName, h.VillageCode, h.CountyCode, h.MemberCount)).ToListAsync(ct);
        var parts = await Incomes.SumsAsync(year, year, new IncomeFilter(Village: code), ct);
        var line = await LineAsync(db.Access.Scope.CountyCode, year, ct);
        var items = heads.Select(h => Row(h, year, parts, line)).ToList();
        return new IncomeTable(year, line, items.Count, items.Count(i => i.BelowLine == true), Money.Sum(items.Select(i => i.Total)), items);
    }

    /// <summary>One household's last <see cref="TrendYears"/> years up to <paramref name="year"/>, oldest first (the household file's trend).</summary>
    public async Task<IReadOnlyList<HouseholdIncome>> HouseholdAsync(long householdId, int year, CancellationToken ct)
    {
        CheckYear(year);
        var id = new HouseholdId(householdId);
        var head = await db.Households.AsNoTracking().Where(h => h.Id == id)
                .Select(h => new Head(h.Id, h.HouseholdNo, h.HeadName, h.VillageCode, h.CountyCode, h.MemberCount)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("registry.household_not_found", $"户档案 {householdId} 不存在或不在您的权限范围内。");
        var first = year - TrendYears + 1;
        var parts = await Incomes.SumsAsync(first, year, new IncomeFilter(Household: id), ct);
        var result = new List<HouseholdIncome>();
        for (var y = first; y <= year; y++)
        {
            result.Add(Row(head, y, parts, await LineAsync(head.CountyCode, y, ct)));
        }
        return result;
    }

    /// <summary>The trend up to this year (the household file).</summary>
    public Task<IReadOnlyList<HouseholdIncome>> TrendAsync(long householdId, CancellationToken ct) =>
        HouseholdAsync(householdId, BusinessCalendar.Today(clock).Year, ct);

    /// <summary>
    /// 一股了之: households with a dividend in the year (a posted plan's line) or a shareholding agreement in force, and no
    /// wage row, public-welfare post, other kind of agreement, order-farming delivery, land transfer or training attended
    /// in the year.
    /// </summary>
    public async Task<IReadOnlyList<ShareOnlyHousehold>> ShareOnlyAsync(int year, CancellationToken ct)
    {
        CheckYear(year);
        var dividends = await Incomes.Dividends(year, year).GroupBy(l => l.HouseholdId)
            .Select(g => new { g.Key, Fen = g.Sum(l => (long)l.Amount) }).ToDictionaryAsync(x => x.Key, x => x.Fen, ct);
        var inForce = InForce(year);
        var shares = await inForce.Where(a => a.Type == AgreementType.Shareholding).SelectMany(a => a.Households)
            .GroupBy(h => h.HouseholdId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var candidates = dividends.Where(d => d.Value > 0).Select(d => d.Key).Union(shares.Keys).ToHashSet();
        if (candidates.Count == 0)
        {
            return [];
        }
        var worked = (await db.WageRecords.AsNoTracking().Where(w => w.Year == year && w.HouseholdId != null).Select(w => w.HouseholdId!.Value).Distinct().ToListAsync(ct))
            .ToHashSet();
        var (start, end) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        worked.UnionWith(await db.PublicWelfareJobs.AsNoTracking().Where(j => j.From <= end && (j.To == null || j.To >= start)).Select(j => j.HouseholdId).Distinct()
            .ToListAsync(ct));
        worked.UnionWith(await inForce.Where(a => a.Type != AgreementType.Shareholding).SelectMany(a => a.Households).Select(h => h.HouseholdId).Distinct().ToListAsync(ct));
        worked.UnionWith(await db.FarmDeliveries.AsNoTracking().Where(d => d.Year == year).Select(d => d.HouseholdId).Distinct().ToListAsync(ct));
        worked.UnionWith(await db.LandTransfers.AsNoTracking().Where(t => t.StartOn <= end && (t.EndedOn ?? t.EndOn) >= start).Select(t => t.HouseholdId).Distinct().ToListAsync(ct));
        worked.UnionWith(await db.TrainingSessions.AsNoTracking().Where(t => t.Year == year).SelectMany(t => t.Attendees.Where(a => a.Attended)).Select(a => a.HouseholdId)
            .Distinct().ToListAsync(ct));
        candidates.ExceptWith(worked);
        var ids = candidates.ToList();
        var heads = new List<Head>();
        foreach (var chunk in ids.Chunk(1_000))
        {
            heads.AddRange(await db.Households.AsNoTracking().Where(h => chunk.Contains(h.Id))
                .Select(h => new Head(h.Id, h.HouseholdNo, h.HeadName, h.VillageCode, h.CountyCode, h.MemberCount)).ToListAsync(ct));
        }
        return heads.OrderBy(h => h.VillageCode.Value, StringComparer.Ordinal).ThenBy(h => h.HouseholdNo, StringComparer.Ordinal)
            .Select(h => new ShareOnlyHousehold(h.Id.Value, h.HouseholdNo, h.HeadName, h.VillageCode.Value, Money.FromFen(dividends.GetValueOrDefault(h.Id)),
                shares.GetValueOrDefault(h.Id))).ToList();
    }

    /// <summary>Public-welfare posts' pay of the year in the caller's scope, and how many members held one.</summary>
    internal async Task<(int Workers, Money Pay)> PublicJobPayAsync(int year, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var (start, end) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        var jobs = await db.PublicWelfareJobs.AsNoTracking().Where(j => j.From <= end && (j.To == null || j.To >= start))
            .Select(j => new { j.MemberId, j.From, j.To, j.MonthlyPay }).ToListAsync(ct);
        return (jobs.Select(j => j.MemberId).Distinct().Count(), Money.FromFen(jobs.Sum(j => checked(j.MonthlyPay.Fen * HouseholdIncomes.PostMonths(j.From, j.To, year, today)))));
    }

    /// <summary>The province's line for the year, by the county code's first two digits; none when the county hasn't set one.</summary>
    public async Task<LineUsed?> LineAsync(string countyCode, int year, CancellationToken ct) =>
        await Incomes.LineAsync(countyCode, year, ct) is { } l ? new LineUsed(l.ProvinceCode, l.Year, l.PerPerson, l.EffectiveOn) : null;

    private sealed record Head(HouseholdId Id, string HouseholdNo, string HeadName, DivisionCode VillageCode, string CountyCode, int People);

    private static HouseholdIncome Row(Head h, int year, IncomeSums sums, LineUsed? line)
    {
        var p = sums.Of(h.Id, year);
        var perPerson = p.PerPerson(h.People);
        return new HouseholdIncome(h.Id.Value, h.HouseholdNo, h.HeadName, h.VillageCode.Value, year, h.People, p.Payroll, p.PublicJobs, p.Dividends, p.Orders, p.Rent, p.Wage,
            p.Business, p.Property, p.Transfer, p.Total, perPerson, line?.PerPerson, line is null || perPerson is null ? null : perPerson < line.PerPerson);
    }

    private IQueryable<LinkageAgreement> InForce(int year)
    {
        var (start, end) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        // A draft (or a discarded one) binds nobody: it is not linkage.
        return db.LinkageAgreements.AsNoTracking().Where(a => (a.Status == AgreementStatus.Active || a.Status == AgreementStatus.Terminated)
            && a.StartOn <= end && (a.TerminatedOn ?? a.EndOn) >= start);
    }

    private static void CheckYear(int year)
    {
        if (year is < 2000 or > 2100)
        {
            throw new DomainException("income.year", "年度应在 2000–2100 之间。", "year");
        }
    }
}

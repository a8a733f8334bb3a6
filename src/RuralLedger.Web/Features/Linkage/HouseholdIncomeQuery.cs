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

/// <summary>One page of the income table: <see cref="IncomeTable.Items"/> holds the page's rows; <see cref="Matching"/> counts the rows shown over all pages.</summary>
public sealed record IncomePage(IncomeTable Table, int Matching, int Page);

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
        var items = new List<HouseholdIncome>();
        var (line, summary) = await EachAsync(year, village, items.Add, ct);
        return new IncomeTable(year, line, summary.Households, summary.BelowLine, summary.Total, items);
    }

    /// <summary>
    /// The page's view of <see cref="YearAsync"/>: the counts and total over every household, and one page of those shown
    /// (all, or only those below the line), the last page when <paramref name="page"/> is past it. Only that page is kept,
    /// so a province's table needs no more memory than a village's.
    /// </summary>
    public async Task<IncomePage> PageAsync(int year, string? village, bool belowOnly, int page, int size, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var skip = (long)(Math.Max(page, 1) - 1) * size;
        var wanted = new List<HouseholdIncome>(size);
        var block = new List<HouseholdIncome>(size);
        var matching = 0;
        void Keep(HouseholdIncome row)
        {
            if (belowOnly && row.BelowLine != true)
            {
                return;
            }
            if (matching % size == 0)
            {
                block.Clear();
            }
            block.Add(row);
            if (matching >= skip && wanted.Count < size)
            {
                wanted.Add(row);
            }
            matching++;
        }
        var (line, summary) = await EachAsync(year, village, Keep, ct);
        var pages = Math.Max(1, (matching + size - 1) / size);
        var shown = wanted.Count > 0 || matching == 0 ? wanted : block;
        var number = wanted.Count > 0 || matching == 0 ? Math.Min(Math.Max(page, 1), pages) : pages;
        return new IncomePage(new IncomeTable(year, line, summary.Households, summary.BelowLine, summary.Total, shown), matching, number);
    }

    private async Task<(LineUsed? Line, (int Households, int BelowLine, Money Total) Summary)> EachAsync(int year, string? village, Action<HouseholdIncome> row,
        CancellationToken ct)
    {
        CheckYear(year);
        DivisionCode? code = string.IsNullOrWhiteSpace(village) ? null : DivisionCode.Parse(village, "village");
        var line = await LineAsync(db.Access.Scope.CountyCode, year, ct);
        var (households, below, total) = (0, 0, Money.Zero);
        await foreach (var h in Incomes.YearAsync(year, new IncomeFilter(Village: code), ct))
        {
            var item = Row(new Head(h.Id, h.HouseholdNo, h.HeadName, h.VillageCode, h.CountyCode, h.People), year, h.Income, line);
            households++;
            below += item.BelowLine == true ? 1 : 0;
            total += item.Total;
            row(item);
        }
        return (line, (households, below, total));
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
            result.Add(Row(head, y, parts.Of(head.Id, y), await LineAsync(head.CountyCode, y, ct)));
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

    private static HouseholdIncome Row(Head h, int year, IncomeByCategory p, LineUsed? line)
    {
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

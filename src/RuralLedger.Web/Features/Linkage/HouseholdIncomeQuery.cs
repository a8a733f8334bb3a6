using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
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
/// Household income by category, computed set-based: one GROUP BY per source over the whole scope (wage rows, dividend
/// lines, entered amounts), public-welfare posts read once and spread over their months, then joined in memory by household.
/// </summary>
public sealed class HouseholdIncomeQuery(RuralDbContext db, TimeProvider clock)
{
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
        var parts = await PartsAsync(year, year, null, code, ct);
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
        var parts = await PartsAsync(first, year, id, null, ct);
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
        var dividends = await DividendsQuery(year, year).GroupBy(l => l.HouseholdId)
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
        worked.UnionWith(await db.LandTransfers.AsNoTracking().Where(t => t.StartOn <= end && t.EndOn >= start).Select(t => t.HouseholdId).Distinct().ToListAsync(ct));
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
        return (jobs.Select(j => j.MemberId).Distinct().Count(), Money.FromFen(jobs.Sum(j => checked(j.MonthlyPay.Fen * PostMonths(j.From, j.To, year, today)))));
    }

    /// <summary>The province's line for the year, by the county code's first two digits; none when the county hasn't set one.</summary>
    public async Task<LineUsed?> LineAsync(string countyCode, int year, CancellationToken ct)
    {
        var province = countyCode.Length >= 2 ? countyCode[..2] : countyCode;
        return await db.MonitoringLines.AsNoTracking().Where(l => l.ProvinceCode == province && l.Year == year)
            .Select(l => new LineUsed(l.ProvinceCode, l.Year, l.PerPerson, l.EffectiveOn)).SingleOrDefaultAsync(ct);
    }

    private sealed record Head(HouseholdId Id, string HouseholdNo, string HeadName, DivisionCode VillageCode, string CountyCode, int People);

    /// <summary>Fen by (household, year) for each source.</summary>
    private sealed record Parts(
        Dictionary<(HouseholdId, int), long> Payroll,
        Dictionary<(HouseholdId, int), long> PublicJobs,
        Dictionary<(HouseholdId, int), long> Dividends,
        Dictionary<(HouseholdId, int), long> Orders,
        Dictionary<(HouseholdId, int), long> Rent,
        Dictionary<(HouseholdId, int, IncomeCategory), long> Entered);

    private static HouseholdIncome Row(Head h, int year, Parts p, LineUsed? line)
    {
        var key = (h.Id, year);
        var payroll = Money.FromFen(p.Payroll.GetValueOrDefault(key));
        var jobs = Money.FromFen(p.PublicJobs.GetValueOrDefault(key));
        var dividends = Money.FromFen(p.Dividends.GetValueOrDefault(key));
        var orders = Money.FromFen(p.Orders.GetValueOrDefault(key));
        var rent = Money.FromFen(p.Rent.GetValueOrDefault(key));
        Money Entered(IncomeCategory c) => Money.FromFen(p.Entered.GetValueOrDefault((h.Id, year, c)));
        var wage = payroll + jobs + Entered(IncomeCategory.Wage);
        var property = dividends + rent + Entered(IncomeCategory.Property);
        var business = orders + Entered(IncomeCategory.Business);
        var transfer = Entered(IncomeCategory.Transfer);
        var total = wage + business + property + transfer;
        Money? perPerson = h.People > 0 ? PerPerson(total, h.People) : null;
        return new HouseholdIncome(h.Id.Value, h.HouseholdNo, h.HeadName, h.VillageCode.Value, year, h.People, payroll, jobs, dividends, orders, rent, wage, business, property,
            transfer, total, perPerson, line?.PerPerson, line is null || perPerson is null ? null : perPerson < line.PerPerson);
    }

    /// <summary>Total over people, rounded half away from zero to the fen.</summary>
    private static Money PerPerson(Money total, int people)
    {
        var q = Math.DivRem(Math.Abs(total.Fen), people, out var r);
        if (2 * r >= people)
        {
            q++;
        }
        return Money.FromFen(total.IsNegative ? -q : q);
    }

    private async Task<Parts> PartsAsync(int from, int to, HouseholdId? only, DivisionCode? village, CancellationToken ct)
    {
        var wages = db.WageRecords.AsNoTracking().Where(w => w.Year >= from && w.Year <= to && w.HouseholdId != null);
        var lines = DividendsQuery(from, to);
        var entries = db.IncomeEntries.AsNoTracking().Where(e => e.Year >= from && e.Year <= to);
        var jobs = db.PublicWelfareJobs.AsNoTracking().Where(j => j.From <= new DateOnly(to, 12, 31) && (j.To == null || j.To >= new DateOnly(from, 1, 1)));
        var deliveries = db.FarmDeliveries.AsNoTracking().Where(d => d.Year >= from && d.Year <= to);
        var transfers = db.LandTransfers.AsNoTracking();
        if (only is { } id)
        {
            deliveries = deliveries.Where(d => d.HouseholdId == id);
            transfers = transfers.Where(t => t.HouseholdId == id);
            wages = wages.Where(w => w.HouseholdId == id);
            lines = lines.Where(l => l.HouseholdId == id);
            entries = entries.Where(e => e.HouseholdId == id);
            jobs = jobs.Where(j => j.HouseholdId == id);
        }
        if (village is { } v)
        {
            deliveries = deliveries.Where(d => d.VillageCode == v);
            transfers = transfers.Where(t => t.VillageCode == v);
            wages = wages.Where(w => w.VillageCode == v);
            lines = lines.Where(l => l.VillageCode == v);
            entries = entries.Where(e => e.VillageCode == v);
            jobs = jobs.Where(j => j.VillageCode == v);
        }
        var payroll = await wages.GroupBy(w => new { w.HouseholdId, w.Year })
            .Select(g => new { g.Key.HouseholdId, g.Key.Year, Fen = g.Sum(w => (long)w.Wage) })
            .ToDictionaryAsync(x => (x.HouseholdId!.Value, x.Year), x => x.Fen, ct);
        var dividends = await lines.GroupBy(l => new { l.HouseholdId, l.Year })
            .Select(g => new { g.Key.HouseholdId, g.Key.Year, Fen = g.Sum(l => (long)l.Amount) })
            .ToDictionaryAsync(x => (x.HouseholdId, x.Year), x => x.Fen, ct);
        var orders = await deliveries.GroupBy(d => new { d.HouseholdId, d.Year })
            .Select(g => new { g.Key.HouseholdId, g.Key.Year, Fen = g.Sum(d => (long)d.Amount) })
            .ToDictionaryAsync(x => (x.HouseholdId, x.Year), x => x.Fen, ct);
        var rent = await transfers.SelectMany(t => t.Payments.Where(p => p.Year >= from && p.Year <= to), (t, p) => new { t.HouseholdId, p.Year, p.Amount })
            .GroupBy(x => new { x.HouseholdId, x.Year })
            .Select(g => new { g.Key.HouseholdId, g.Key.Year, Fen = g.Sum(x => (long)x.Amount) })
            .ToDictionaryAsync(x => (x.HouseholdId, x.Year), x => x.Fen, ct);
        var entered = await entries.GroupBy(e => new { e.HouseholdId, e.Year, e.Category })
            .Select(g => new { g.Key.HouseholdId, g.Key.Year, g.Key.Category, Fen = g.Sum(e => (long)e.Amount) })
            .ToDictionaryAsync(x => (x.HouseholdId, x.Year, x.Category), x => x.Fen, ct);
        var today = BusinessCalendar.Today(clock);
        var posts = new Dictionary<(HouseholdId, int), long>();
        await foreach (var j in jobs.Select(j => new { j.HouseholdId, j.From, j.To, j.MonthlyPay }).AsAsyncEnumerable().WithCancellation(ct))
        {
            for (var y = from; y <= to; y++)
            {
                var months = PostMonths(j.From, j.To, y, today);
                if (months > 0)
                {
                    posts[(j.HouseholdId, y)] = posts.GetValueOrDefault((j.HouseholdId, y)) + checked(j.MonthlyPay.Fen * months);
                }
            }
        }
        return new Parts(payroll, posts, dividends, orders, rent, entered);
    }

    /// <summary>
    /// Months of <paramref name="year"/> a post is paid for: each calendar month it is held on any day, up to the month of
    /// today (a month not yet begun is not income yet). A post's pay is counted as wage income (国家统计局口径：公益岗位工资属工资性收入).
    /// </summary>
    internal static int PostMonths(DateOnly from, DateOnly? to, int year, DateOnly today)
    {
        var start = from > new DateOnly(year, 1, 1) ? from : new DateOnly(year, 1, 1);
        var end = new DateOnly(year, 12, 31);
        if (to is { } t && t < end)
        {
            end = t;
        }
        if (today < end)
        {
            end = today;
        }
        return end < start ? 0 : (end.Year - start.Year) * 12 + end.Month - start.Month + 1;
    }

    /// <summary>Lines of plans that reached the books: posted plans, reversed ones together with their negated reversal lines.</summary>
    private IQueryable<PlanLine> DividendsQuery(int from, int to) =>
        db.PlanLines.AsNoTracking().Where(l => l.Year >= from && l.Year <= to
            && db.DistributionPlans.Any(p => p.Id == l.PlanId && (p.Status == PlanStatus.Posted || p.Status == PlanStatus.Reversed)));

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

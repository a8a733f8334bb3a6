using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Registry;

namespace RuralLedger.Data.Linkage;

/// <summary>
/// One household's income of one year by category (收入构成): wage = payroll + public-welfare posts + entered; business =
/// order-farming deliveries + entered; property = dividends of posted distribution plans + land rent received + entered;
/// transfer = entered.
/// </summary>
public sealed record IncomeByCategory(Money Payroll, Money PublicJobs, Money Dividends, Money Orders, Money Rent, Money Wage, Money Business, Money Property,
    Money Transfer)
{
    public Money Total => Wage + Business + Property + Transfer;

    /// <summary>The categories from each source's fen and the entered survey amounts: the one place the sources are added up.</summary>
    public static IncomeByCategory From(long payroll, long publicJobs, long dividends, long orders, long rent, long enteredWage, long enteredBusiness,
        long enteredProperty, long enteredTransfer)
    {
        var (p, j, d, o, r) = (Money.FromFen(payroll), Money.FromFen(publicJobs), Money.FromFen(dividends), Money.FromFen(orders), Money.FromFen(rent));
        return new IncomeByCategory(p, j, d, o, r, p + j + Money.FromFen(enteredWage), o + Money.FromFen(enteredBusiness), d + r + Money.FromFen(enteredProperty),
            Money.FromFen(enteredTransfer));
    }

    /// <summary>The total over <paramref name="people"/>, rounded half away from zero to the fen; none for a household without members.</summary>
    public Money? PerPerson(int people)
    {
        if (people <= 0)
        {
            return null;
        }
        var total = Total;
        var q = Math.DivRem(Math.Abs(total.Fen), people, out var r);
        if (2 * r >= people)
        {
            q++;
        }
        return Money.FromFen(total.IsNegative ? -q : q);
    }
}

/// <summary>One household's row of a year's income table: who, how many people now, and the income by category.</summary>
public sealed record HouseholdYearIncome(HouseholdId Id, string HouseholdNo, string HeadName, DivisionCode VillageCode, string CountyCode, int People,
    IncomeByCategory Income);

/// <summary>What the sums run over: a county, a village, one household, or (all null) whatever the context's scope shows.</summary>
public sealed record IncomeFilter(string? County = null, DivisionCode? Village = null, HouseholdId? Household = null);

/// <summary>The fen of every source by (household, year), as read by <see cref="HouseholdIncomes.SumsAsync"/>.</summary>
public sealed class IncomeSums
{
    internal IncomeSums(Dictionary<(HouseholdId, int), long> payroll, Dictionary<(HouseholdId, int), long> publicJobs, Dictionary<(HouseholdId, int), long> dividends,
        Dictionary<(HouseholdId, int), long> orders, Dictionary<(HouseholdId, int), long> rent, Dictionary<(HouseholdId, int, IncomeCategory), long> entered)
    {
        (Payroll, PublicJobs, Dividends, Orders, Rent, Entered) = (payroll, publicJobs, dividends, orders, rent, entered);
    }

    private Dictionary<(HouseholdId, int), long> Payroll { get; }

    private Dictionary<(HouseholdId, int), long> PublicJobs { get; }

    private Dictionary<(HouseholdId, int), long> Dividends { get; }

    private Dictionary<(HouseholdId, int), long> Orders { get; }

    private Dictionary<(HouseholdId, int), long> Rent { get; }

    private Dictionary<(HouseholdId, int, IncomeCategory), long> Entered { get; }

    public IncomeByCategory Of(HouseholdId household, int year)
    {
        var key = (household, year);
        long In(IncomeCategory c) => Entered.GetValueOrDefault((household, year, c));
        return IncomeByCategory.From(Payroll.GetValueOrDefault(key), PublicJobs.GetValueOrDefault(key), Dividends.GetValueOrDefault(key), Orders.GetValueOrDefault(key),
            Rent.GetValueOrDefault(key), In(IncomeCategory.Wage), In(IncomeCategory.Business), In(IncomeCategory.Property), In(IncomeCategory.Transfer));
    }

    /// <summary>The households with any income recorded in <paramref name="year"/> (from any source, even a zero or negative sum).</summary>
    public HashSet<HouseholdId> Recorded(int year) =>
        Payroll.Keys.Concat(PublicJobs.Keys).Concat(Dividends.Keys).Concat(Orders.Keys).Concat(Rent.Keys).Where(k => k.Item2 == year).Select(k => k.Item1)
            .Concat(Entered.Keys.Where(k => k.Item2 == year).Select(k => k.Item1)).ToHashSet();
}

/// <summary>
/// Household income by category, computed set-based: one GROUP BY per source (wage rows, dividend lines, deliveries,
/// rent payments, entered amounts), public-welfare posts read once and spread over their months. Shared by the income pages and the
/// monitoring-line anomaly rule, so both count a household's income the same way.
/// </summary>
public sealed class HouseholdIncomes(RuralDbContext db, TimeProvider clock)
{
    public async Task<IncomeSums> SumsAsync(int from, int to, IncomeFilter filter, CancellationToken ct)
    {
        var (wages, lines, entries, jobs, deliveries, transfers) = Sources(from, to, filter);
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
        return new IncomeSums(payroll, await PostsAsync(jobs, from, to, ct), dividends, orders, rent, entered);
    }

    /// <summary>
    /// Every household of the filter (and the context's scope) with its income of <paramref name="year"/>, ordered by village
    /// and household number, streamed: one statement joins the households to one GROUP BY per source, so the database does
    /// the sums and nothing per household is held here (public-welfare posts, a few per village, are read first).
    /// </summary>
    public async IAsyncEnumerable<HouseholdYearIncome> YearAsync(int year, IncomeFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        var posts = await PostsAsync(Sources(year, year, filter).Jobs, year, year, ct);
        var households = db.Households.AsNoTracking();
        if (filter.County is { } county)
        {
            households = households.Where(h => h.CountyCode == county);
        }
        if (filter.Household is { } id)
        {
            households = households.Where(h => h.Id == id);
        }
        if (filter.Village is { } v)
        {
            households = households.Where(h => h.VillageCode == v);
        }
        var rows = Joined(year, filter, households).OrderBy(x => x.VillageCode).ThenBy(x => x.HouseholdNo);
        await foreach (var x in WithoutJitAsync(rows, ct))
        {
            yield return x.Income(posts.GetValueOrDefault((x.Id, year)));
        }
    }

    /// <summary>
    /// The households of <paramref name="households"/> whose income per person in <paramref name="year"/> is under
    /// <paramref name="percent"/> % of <paramref name="line"/>, streamed. Only households with members and some income
    /// recorded in the year are judged: none recorded means not surveyed, not poor. The statement keeps the households
    /// whose recorded sums could be under the line (posts only add to them, and the per-person figure is rounded by at
    /// most half a fen) and those holding a post; the exact test is made here on <see cref="IncomeByCategory"/>, so the
    /// rule counts as the income pages do. The line is a parameter, not a join: joined by the county code's first two
    /// digits, PostgreSQL expected 5,000 of a million households and hashed every source's sums to disk.
    /// </summary>
    public async IAsyncEnumerable<HouseholdYearIncome> UnderLineAsync(int year, int percent, MonitoringLine line, IncomeFilter filter,
        IQueryable<Household> households, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(line);
        var jobs = Sources(year, year, filter).Jobs;
        var posts = await PostsAsync(jobs, year, year, ct);
        // Compared in fen times 100, so the percentage needs no rounding.
        var limit = checked(line.PerPerson.Fen * percent);
        var rows = from x in Joined(year, filter, households.Where(h => h.MemberCount > 0))
            let recorded = x.Payroll != null || x.Dividends != null || x.Orders != null || x.Rent != null || x.Wage != null
            where (recorded && ((x.Payroll ?? 0) + (x.Dividends ?? 0) + (x.Orders ?? 0) + (x.Rent ?? 0) + (x.Wage ?? 0) + (x.Business ?? 0) + (x.Property ?? 0)
                    + (x.Transfer ?? 0)) * 100 < (limit + 100) * x.People)
                || jobs.Select(j => j.HouseholdId).Contains(x.Id)
            select new { Sums = x, Recorded = recorded };
        await foreach (var r in WithoutJitAsync(rows, ct))
        {
            var post = posts.TryGetValue((r.Sums.Id, year), out var fen) ? fen : (long?)null;
            if (!r.Recorded && post is null)
            {
                continue;
            }
            var household = r.Sums.Income(post ?? 0);
            if (household.Income.PerPerson(household.People) is { } per && checked(per.Fen * 100) < limit)
            {
                yield return household;
            }
        }
    }

    /// <summary>
    /// Streams one of the province-wide statements. PostgreSQL's JIT compiles such a large plan for seconds (7 of 11.7 s over
    /// the province's million households, decision 0042) and its per-row work is too plain to win that back: JIT is off for
    /// this connection while the statement streams, then reset (the context holds the connection open until then).
    /// </summary>
    private async IAsyncEnumerable<T> WithoutJitAsync<T>(IQueryable<T> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        var postgres = db.Provider == DatabaseProvider.Postgres;
        if (postgres)
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SET jit = off", ct);
        }
        try
        {
            await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
            {
                yield return row;
            }
        }
        finally
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync("RESET jit", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>
    /// <paramref name="households"/>, each with its sum of <paramref name="year"/> from every source but posts: one statement
    /// joining the households to one GROUP BY per source, so the database does the sums and nothing per household is held here.
    /// </summary>
    private IQueryable<SourceSums> Joined(int year, IncomeFilter filter, IQueryable<Household> households)
    {
        var (wages, lines, entries, _, deliveries, transfers) = Sources(year, year, filter);
        var payroll = wages.GroupBy(w => w.HouseholdId!.Value).Select(g => new { Id = g.Key, Fen = g.Sum(w => (long)w.Wage) });
        var dividends = lines.GroupBy(l => l.HouseholdId).Select(g => new { Id = g.Key, Fen = g.Sum(l => (long)l.Amount) });
        var orders = deliveries.GroupBy(d => d.HouseholdId).Select(g => new { Id = g.Key, Fen = g.Sum(d => (long)d.Amount) });
        var rent = transfers.SelectMany(t => t.Payments.Where(p => p.Year == year), (t, p) => new { t.HouseholdId, p.Amount })
            .GroupBy(x => x.HouseholdId).Select(g => new { Id = g.Key, Fen = g.Sum(x => (long)x.Amount) });
        var entered = entries.GroupBy(e => e.HouseholdId).Select(g => new
        {
            Id = g.Key,
            Wage = g.Sum(e => e.Category == IncomeCategory.Wage ? (long)e.Amount : 0L),
            Business = g.Sum(e => e.Category == IncomeCategory.Business ? (long)e.Amount : 0L),
            Property = g.Sum(e => e.Category == IncomeCategory.Property ? (long)e.Amount : 0L),
            Transfer = g.Sum(e => e.Category == IncomeCategory.Transfer ? (long)e.Amount : 0L),
        });
        return from h in households
            join w in payroll on h.Id equals w.Id into wj
            from w in wj.DefaultIfEmpty()
            join d in dividends on h.Id equals d.Id into dj
            from d in dj.DefaultIfEmpty()
            join o in orders on h.Id equals o.Id into oj
            from o in oj.DefaultIfEmpty()
            join r in rent on h.Id equals r.Id into rj
            from r in rj.DefaultIfEmpty()
            join e in entered on h.Id equals e.Id into ej
            from e in ej.DefaultIfEmpty()
            select new SourceSums
            {
                Id = h.Id, HouseholdNo = h.HouseholdNo, HeadName = h.HeadName, VillageCode = h.VillageCode, CountyCode = h.CountyCode, People = h.MemberCount,
                Payroll = (long?)w.Fen, Dividends = (long?)d.Fen, Orders = (long?)o.Fen, Rent = (long?)r.Fen,
                Wage = (long?)e.Wage, Business = (long?)e.Business, Property = (long?)e.Property, Transfer = (long?)e.Transfer,
            };
    }

    /// <summary>A household with its sum of one year per source as <see cref="Joined"/> reads them; null where a source has no record.</summary>
    private sealed class SourceSums
    {
        public HouseholdId Id { get; init; }

        public string HouseholdNo { get; init; } = "";

        public string HeadName { get; init; } = "";

        public DivisionCode VillageCode { get; init; }

        public string CountyCode { get; init; } = "";

        public int People { get; init; }

        public long? Payroll { get; init; }

        public long? Dividends { get; init; }

        public long? Orders { get; init; }

        public long? Rent { get; init; }

        public long? Wage { get; init; }

        public long? Business { get; init; }

        public long? Property { get; init; }

        public long? Transfer { get; init; }

        public HouseholdYearIncome Income(long posts) => new(Id, HouseholdNo, HeadName, VillageCode, CountyCode, People,
            IncomeByCategory.From(Payroll ?? 0, posts, Dividends ?? 0, Orders ?? 0, Rent ?? 0, Wage ?? 0, Business ?? 0, Property ?? 0, Transfer ?? 0));
    }

    private (IQueryable<WageRecord> Wages, IQueryable<PlanLine> Lines, IQueryable<IncomeEntry> Entries, IQueryable<PublicWelfareJob> Jobs,
        IQueryable<FarmDelivery> Deliveries, IQueryable<LandTransfer> Transfers) Sources(int from, int to, IncomeFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // One year is an equality, not a range: the (year, household_id, amount) indexes then give a year's rows in
        // household order, so each GROUP BY reads an index without sorting (a range on year would need a sort).
        var single = from == to;
        var wages = db.WageRecords.AsNoTracking().Where(w => w.HouseholdId != null);
        wages = single ? wages.Where(w => w.Year == from) : wages.Where(w => w.Year >= from && w.Year <= to);
        var lines = Dividends(from, to);
        var entries = db.IncomeEntries.AsNoTracking();
        entries = single ? entries.Where(e => e.Year == from) : entries.Where(e => e.Year >= from && e.Year <= to);
        var jobs = db.PublicWelfareJobs.AsNoTracking().Where(j => j.From <= new DateOnly(to, 12, 31) && (j.To == null || j.To >= new DateOnly(from, 1, 1)));
        var deliveries = db.FarmDeliveries.AsNoTracking();
        deliveries = single ? deliveries.Where(d => d.Year == from) : deliveries.Where(d => d.Year >= from && d.Year <= to);
        var transfers = db.LandTransfers.AsNoTracking();
        if (filter.County is { } county)
        {
            deliveries = deliveries.Where(d => d.CountyCode == county);
            transfers = transfers.Where(t => t.CountyCode == county);
            wages = wages.Where(w => w.CountyCode == county);
            lines = lines.Where(l => l.CountyCode == county);
            entries = entries.Where(e => e.CountyCode == county);
            jobs = jobs.Where(j => j.CountyCode == county);
        }
        if (filter.Household is { } id)
        {
            deliveries = deliveries.Where(d => d.HouseholdId == id);
            transfers = transfers.Where(t => t.HouseholdId == id);
            wages = wages.Where(w => w.HouseholdId == id);
            lines = lines.Where(l => l.HouseholdId == id);
            entries = entries.Where(e => e.HouseholdId == id);
            jobs = jobs.Where(j => j.HouseholdId == id);
        }
        if (filter.Village is { } v)
        {
            deliveries = deliveries.Where(d => d.VillageCode == v);
            transfers = transfers.Where(t => t.VillageCode == v);
            wages = wages.Where(w => w.VillageCode == v);
            lines = lines.Where(l => l.VillageCode == v);
            entries = entries.Where(e => e.VillageCode == v);
            jobs = jobs.Where(j => j.VillageCode == v);
        }
        return (wages, lines, entries, jobs, deliveries, transfers);
    }

    /// <summary>Public-welfare posts' pay by (household, year), each post spread over the months it was held.</summary>
    private async Task<Dictionary<(HouseholdId, int), long>> PostsAsync(IQueryable<PublicWelfareJob> jobs, int from, int to, CancellationToken ct)
    {
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
        return posts;
    }

    /// <summary>The province's line for the year, by the county code's first two digits; none when the province hasn't set one.</summary>
    public Task<MonitoringLine?> LineAsync(string countyCode, int year, CancellationToken ct)
    {
        var province = countyCode.Length >= 2 ? countyCode[..2] : countyCode;
        return db.MonitoringLines.AsNoTracking().Where(l => l.ProvinceCode == province && l.Year == year).SingleOrDefaultAsync(ct);
    }

    /// <summary>Lines of plans that reached the books: posted plans, reversed ones together with their negated reversal lines.</summary>
    public IQueryable<PlanLine> Dividends(int from, int to)
    {
        var lines = db.PlanLines.AsNoTracking();
        lines = from == to ? lines.Where(l => l.Year == from) : lines.Where(l => l.Year >= from && l.Year <= to);
        return lines.Where(l => db.DistributionPlans.Any(p => p.Id == l.PlanId && (p.Status == PlanStatus.Posted || p.Status == PlanStatus.Reversed)));
    }

    /// <summary>
    /// Months of <paramref name="year"/> a post is paid for: each calendar month it is held on any day, up to the month of
    /// today (a month not yet begun is not income yet). A post's pay is counted as wage income (国家统计局口径：公益岗位工资属工资性收入).
    /// </summary>
    public static int PostMonths(DateOnly from, DateOnly? to, int year, DateOnly today)
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
}

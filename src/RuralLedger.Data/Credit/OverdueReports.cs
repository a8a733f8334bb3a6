using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Data.Credit;

public sealed record OverdueRow(long LoanId, string Number, string BorrowerName, string HouseholdNo, string PlaceName, string BankName, int Seq, DateOnly DueOn,
    Money PrincipalOverdue, Money InterestOverdue, Money Overdue, int DaysOverdue, int Bucket, string BucketName);

public sealed record AgingBucketTotal(int Bucket, string Name, int Instalments, int Loans, Money Amount);

/// <summary>Unpaid instalments past due on <c>AsOf</c>, aged by the buckets of the policy in force that day.</summary>
public sealed record OverdueReport(DateOnly AsOf, string Buckets, IReadOnlyList<AgingBucketTotal> Totals, Money Total, int Loans, IReadOnlyList<OverdueRow> Rows);

/// <summary>
/// 逾期清单 and its aging (账龄), read through the context's scope: the web app's list and export and the
/// <c>rural loans aging</c> command compute it here, the same way. The aging is one GROUP BY in the database (a bucket
/// is a range of due dates, from the policy's bounds); only the listed instalments are read into memory.
/// </summary>
public sealed class OverdueReports(RuralDbContext db, TimeProvider clock)
{
    private sealed class Owed
    {
        public LoanId LoanId { get; init; }

        public DateOnly DueOn { get; init; }

        public long Fen { get; init; }
    }

    /// <summary>
    /// Every unpaid instalment past due on <paramref name="asOf"/> of the active and extended loans in scope,
    /// optionally of one county, township, village or bank; aged by the county policy's buckets in force that day.
    /// <paramref name="listed"/> limits the rows listed (longest overdue first); the totals always cover them all.
    /// </summary>
    public async Task<OverdueReport> ComputeAsync(DateOnly? asOf, string? township, string? village, string? bank, CancellationToken ct, string? county = null,
        int? listed = null)
    {
        var day = asOf ?? BusinessCalendar.Today(clock);
        var loans = db.Loans.AsNoTracking().Where(l => l.Status == LoanStatus.Active || l.Status == LoanStatus.Extended);
        if (!string.IsNullOrWhiteSpace(county))
        {
            var code = DivisionCode.ForCounty(county.Trim()).Value[..6];
            loans = loans.Where(l => l.CountyCode == code);
        }
        if (!string.IsNullOrWhiteSpace(township))
        {
            var code = DivisionCode.Parse(township, "township");
            loans = loans.Where(l => l.TownshipCode == code);
        }
        if (!string.IsNullOrWhiteSpace(village))
        {
            var code = DivisionCode.Parse(village, "village");
            loans = loans.Where(l => l.VillageCode == code);
        }
        if (!string.IsNullOrWhiteSpace(bank))
        {
            var code = bank.Trim().ToUpperInvariant();
            loans = loans.Where(l => l.BankCode == code);
        }
        var buckets = await BucketsAsync(county, loans, day, ct);
        var owed = loans.SelectMany(l => l.Instalments.Where(i => !i.Superseded && i.SettledOn == null && i.DueOn < day), (l, i) => new Owed
        {
            LoanId = l.Id, DueOn = i.DueOn,
            Fen = (long)(object)i.Principal - (long)(object)i.PrincipalPaid + (long)(object)i.Interest - (long)(object)i.InterestPaid,
        }).Where(o => o.Fen > 0);
        var grouped = await owed.GroupBy(BucketOf(buckets, day))
            .Select(g => new { Bucket = g.Key, Instalments = g.Count(), Loans = g.Select(o => o.LoanId).Distinct().Count(), Fen = g.Sum(o => o.Fen) })
            .ToListAsync(ct);
        var totals = Enumerable.Range(0, buckets.Count).Select(b => grouped.FirstOrDefault(g => g.Bucket == b) is { } g
                ? new AgingBucketTotal(b, buckets.Label(b), g.Instalments, g.Loans, Money.FromFen(g.Fen))
                : new AgingBucketTotal(b, buckets.Label(b), 0, 0, Money.Zero))
            .ToList();
        var loanCount = totals.Sum(t => t.Instalments) == 0 ? 0 : await owed.Select(o => o.LoanId).Distinct().CountAsync(ct);

        var due = loans.SelectMany(l => l.Instalments.Where(i => !i.Superseded && i.SettledOn == null && i.DueOn < day), (l, i) => new
        {
            l.Id, l.Number, l.BorrowerName, l.HouseholdNo, l.TownshipCode, l.VillageCode, l.BankName, i.Seq, i.DueOn, i.Principal, i.Interest,
            i.PrincipalPaid, i.InterestPaid,
        }).OrderBy(r => r.DueOn).ThenBy(r => r.Number).ThenBy(r => r.Seq);
        var rows = listed is { } n ? await due.Take(n).ToListAsync(ct) : await due.ToListAsync(ct);
        var places = rows.SelectMany(r => new[] { r.TownshipCode, r.VillageCode }).Distinct().ToList();
        var names = places.Count == 0 ? [] : await db.Areas.AsNoTracking().Where(a => places.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
        var loansById = rows.DistinctBy(r => r.Id).ToDictionary(r => r.Id);
        var aged = LoanAging.Age(rows.Select(r => new InstalmentDue(r.Id, r.Seq, r.DueOn, r.Principal, r.Interest, r.PrincipalPaid, r.InterestPaid)), day, buckets);
        var overdue = aged.Select(a =>
            {
                var l = loansById[a.LoanId];
                var place = names.GetValueOrDefault(l.TownshipCode, l.TownshipCode.Value) + " · " + names.GetValueOrDefault(l.VillageCode, l.VillageCode.Value);
                return new OverdueRow(a.LoanId.Value, l.Number, l.BorrowerName, l.HouseholdNo, place, l.BankName, a.Seq, a.DueOn, a.PrincipalOverdue, a.InterestOverdue,
                    a.Overdue, a.DaysOverdue, a.Bucket, buckets.Label(a.Bucket));
            })
            .OrderByDescending(r => r.DaysOverdue).ThenBy(r => r.Number).ThenBy(r => r.Seq).ToList();
        return new OverdueReport(day, buckets.ToString(), totals, Money.Sum(totals.Select(t => t.Amount)), loanCount, overdue);
    }

    // The county's policy in force on the day (the first loan's county when none is named, else the caller's).
    private async Task<AgingBuckets> BucketsAsync(string? county, IQueryable<Loan> loans, DateOnly day, CancellationToken ct)
    {
        var countyOfPolicy = await loans.Select(l => l.CountyCode).FirstOrDefaultAsync(ct) ?? (string.IsNullOrWhiteSpace(county) ? db.Access.Scope.CountyCode : county.Trim());
        if (!string.IsNullOrEmpty(countyOfPolicy))
        {
            await CreditReference.EnsureAsync(db, countyOfPolicy, clock.GetUtcNow(), ct);
            if (CreditPolicyVersion.InForce(await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == countyOfPolicy).ToListAsync(ct), day) is { } policy)
            {
                return policy.Buckets;
            }
        }
        return AgingBuckets.Parse("30,90,180,360");
    }

    // due >= day − bound₀ ? 0 : due >= day − bound₁ ? 1 : … : last — days overdue ≤ bound as a due-date range the index can use.
    private static Expression<Func<Owed, int>> BucketOf(AgingBuckets buckets, DateOnly day)
    {
        var o = Expression.Parameter(typeof(Owed), "o");
        var dueOn = Expression.Property(o, nameof(Owed.DueOn));
        Expression body = Expression.Constant(buckets.Bounds.Count);
        for (var b = buckets.Bounds.Count - 1; b >= 0; b--)
        {
            body = Expression.Condition(Expression.GreaterThanOrEqual(dueOn, Expression.Constant(day.AddDays(-buckets.Bounds[b]))), Expression.Constant(b), body);
        }
        return Expression.Lambda<Func<Owed, int>>(body, o);
    }
}

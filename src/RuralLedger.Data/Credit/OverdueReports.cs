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
/// <c>rural loans aging</c> command compute it here, the same way. One statement reads the unpaid instalments past due
/// (few, from their partial index); <see cref="LoanAging"/> ages and totals them, so the buckets are the policy's data
/// and the rule lives in the domain once (docs/decisions/0039-claims-by-watermark.md).
/// </summary>
public sealed class OverdueReports(RuralDbContext db, TimeProvider clock)
{
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
        // The lines come from their own partial index and are matched to the loans asked for by EXISTS. Joined to those
        // loans directly, SQLite (no statistics) started from the loans — every loan of the bank — and read each one's
        // whole schedule for the few lines overdue: 7.5 s at the bench's 100,000 loans.
        var rows = await db.Loans.AsNoTracking()
            .SelectMany(l => l.Instalments.Where(i => !i.Superseded && i.SettledOn == null && i.DueOn < day), (l, i) => new { Loan = l, Line = i })
            .Where(x => loans.Any(a => a.Id == x.Loan.Id))
            .Select(x => new
            {
                x.Loan.Id, x.Loan.Number, x.Loan.BorrowerName, x.Loan.HouseholdNo, x.Loan.TownshipCode, x.Loan.VillageCode, x.Loan.BankName, x.Line.Seq,
                x.Line.DueOn, x.Line.Principal, x.Line.Interest, x.Line.PrincipalPaid, x.Line.InterestPaid,
            })
            .ToListAsync(ct);
        var aged = LoanAging.Age(rows.Select(r => new InstalmentDue(r.Id, r.Seq, r.DueOn, r.Principal, r.Interest, r.PrincipalPaid, r.InterestPaid)), day, buckets);
        var totals = LoanAging.Totals(aged.ToList(), buckets).Select(t => new AgingBucketTotal(t.Bucket, t.Name, t.Instalments, t.Loans, t.Amount)).ToList();
        var loansById = rows.DistinctBy(r => r.Id).ToDictionary(r => r.Id);
        var longest = aged.OrderByDescending(a => a.DaysOverdue).ThenBy(a => loansById[a.LoanId].Number, StringComparer.Ordinal).ThenBy(a => a.Seq);
        var shown = (listed is { } n ? longest.Take(n) : longest).ToList();
        var places = shown.SelectMany(a => new[] { loansById[a.LoanId].TownshipCode, loansById[a.LoanId].VillageCode }).Distinct().ToList();
        var names = places.Count == 0 ? [] : await db.Areas.AsNoTracking().Where(a => places.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
        var overdue = shown.Select(a =>
            {
                var l = loansById[a.LoanId];
                var place = names.GetValueOrDefault(l.TownshipCode, l.TownshipCode.Value) + " · " + names.GetValueOrDefault(l.VillageCode, l.VillageCode.Value);
                return new OverdueRow(a.LoanId.Value, l.Number, l.BorrowerName, l.HouseholdNo, place, l.BankName, a.Seq, a.DueOn, a.PrincipalOverdue, a.InterestOverdue,
                    a.Overdue, a.DaysOverdue, a.Bucket, buckets.Label(a.Bucket));
            })
            .ToList();
        return new OverdueReport(day, buckets.ToString(), totals, Money.Sum(totals.Select(t => t.Amount)), aged.Select(a => a.LoanId).Distinct().Count(), overdue);
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
}

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
/// <c>rural loans aging</c> command compute it here, the same way.
/// </summary>
public sealed class OverdueReports(RuralDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Every unpaid instalment past due on <paramref name="asOf"/> of the active and extended loans in scope,
    /// optionally of one county, township, village or bank; aged by the county policy's buckets in force that day.
    /// </summary>
    public async Task<OverdueReport> ComputeAsync(DateOnly? asOf, string? township, string? village, string? bank, CancellationToken ct, string? county = null)
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
        var rows = await loans.SelectMany(l => l.Instalments.Where(i => !i.Superseded && i.SettledOn == null && i.DueOn < day), (l, i) => new
        {
            l.Id, l.Number, l.BorrowerName, l.HouseholdNo, l.TownshipCode, l.VillageCode, l.BankName, l.CountyCode, i.Seq, i.DueOn, i.Principal, i.Interest,
            i.PrincipalPaid, i.InterestPaid,
        }).ToListAsync(ct);
        var countyOfPolicy = rows.FirstOrDefault()?.CountyCode ?? (string.IsNullOrWhiteSpace(county) ? db.Access.Scope.CountyCode : county.Trim());
        var buckets = AgingBuckets.Parse("30,90,180,360");
        if (!string.IsNullOrEmpty(countyOfPolicy))
        {
            await CreditReference.EnsureAsync(db, countyOfPolicy, clock.GetUtcNow(), ct);
            if (CreditPolicyVersion.InForce(await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == countyOfPolicy).ToListAsync(ct), day) is { } policy)
            {
                buckets = policy.Buckets;
            }
        }
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
        var totals = LoanAging.Totals(aged, buckets).Select(t => new AgingBucketTotal(t.Bucket, t.Name, t.Instalments, t.Loans, t.Amount)).ToList();
        return new OverdueReport(day, buckets.ToString(), totals, Money.Sum(overdue.Select(r => r.Overdue)), overdue.Select(r => r.LoanId).Distinct().Count(), overdue);
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Linkage.Wages;

/// <summary>One employer's wages of a year: all workers, and the part paid to registry households with its share.</summary>
public sealed record EmployerWages(string Source, string EmployerCode, string EmployerName, int Workers, int RegistryWorkers, Money Wages, Money WagesToPoor,
    Rate? ShareToPoor);

/// <summary>
/// The county's wage view of a year (务工工资): payroll rows by employer, the contracts' employment reports by operator,
/// public-welfare posts (all to registry households), and the total with the share to poor households.
/// </summary>
public sealed record WageSummary(int Year, IReadOnlyList<EmployerWages> Employers, Money Wages, Money WagesToPoor, Rate? ShareToPoor);

/// <summary>A member's month as the wage list shows it.</summary>
public sealed record WageRow(long Id, string? HouseholdNo, string WorkerName, string EmployerName, string EmployerCode, string Month, int Days, Money Wage);

public sealed record WageList(IReadOnlyList<WageRow> Items, int Total, int Limit);

public sealed class WageQueries(RuralDbContext db, HouseholdIncomeQuery income)
{
    public const int Limit = 500;

    public const string Payroll = "工资表";
    public const string ContractReport = "经营合同";
    public const string PublicJobs = "公益岗位";

    public async Task<WageSummary> SummaryAsync(int year, CancellationToken ct)
    {
        if (year is < 2000 or > 2100)
        {
            throw new DomainException("wages.year", "年度应在 2000–2100 之间。", "year");
        }
        var payroll = await db.WageRecords.AsNoTracking().Where(w => w.Year == year)
            .GroupBy(w => w.EmployerCode)
            .Select(g => new
            {
                Code = g.Key,
                Name = g.Max(w => w.EmployerName)!,
                Workers = g.Select(w => w.WorkerHash).Distinct().Count(),
                Registry = g.Where(w => w.MemberId != null).Select(w => w.MemberId).Distinct().Count(),
                Fen = g.Sum(w => (long)w.Wage),
                PoorFen = g.Sum(w => w.HouseholdId != null ? (long)w.Wage : 0),
            })
            .ToListAsync(ct);
        var rows = payroll.Select(p => Row(Payroll, p.Code, p.Name, p.Workers, p.Registry, Money.FromFen(p.Fen), Money.FromFen(p.PoorFen))).ToList();
        var reports = await db.Contracts.AsNoTracking()
            .SelectMany(c => c.Employment.Where(e => e.Year == year), (c, e) => new { c.OperatorName, c.OperatorCreditCode, e.Jobs, e.PoorPeople, e.Wages, e.WagesToPoor })
            .ToListAsync(ct);
        rows.AddRange(reports.GroupBy(r => (r.OperatorCreditCode ?? "", r.OperatorName))
            .Select(g => Row(ContractReport, g.Key.Item1, g.Key.OperatorName, g.Sum(r => r.Jobs), g.Sum(r => r.PoorPeople), Money.Sum(g.Select(r => r.Wages)),
                Money.Sum(g.Select(r => r.WagesToPoor)))));
        var posts = await income.PublicJobPayAsync(year, ct);
        if (posts.Workers > 0)
        {
            rows.Add(Row(PublicJobs, "", "公益性岗位（合计）", posts.Workers, posts.Workers, posts.Pay, posts.Pay));
        }
        var wages = Money.Sum(rows.Select(r => r.Wages));
        var toPoor = Money.Sum(rows.Select(r => r.WagesToPoor));
        return new WageSummary(year, rows.OrderByDescending(r => r.Wages).ThenBy(r => r.EmployerName, StringComparer.Ordinal).ToList(), wages, toPoor,
            Rate.ShareOf(toPoor, wages));
    }

    public async Task<WageList> ListAsync(int year, string? employer, CancellationToken ct)
    {
        var query = db.WageRecords.AsNoTracking().Where(w => w.Year == year);
        if (!string.IsNullOrWhiteSpace(employer))
        {
            var code = employer.Trim().ToUpperInvariant();
            query = query.Where(w => w.EmployerCode == code);
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(w => w.EmployerCode).ThenBy(w => w.Month).ThenBy(w => w.HouseholdNo).ThenBy(w => w.Id).Take(Limit).ToListAsync(ct);
        return new WageList(rows.Select(w => new WageRow(w.Id.Value, w.HouseholdNo, w.WorkerName, w.EmployerName, w.EmployerCode,
            $"{w.Year:D4}-{w.Month:D2}", w.Days, w.Wage)).ToList(), total, Limit);
    }

    private static EmployerWages Row(string source, string code, string name, int workers, int registry, Money wages, Money toPoor) =>
        new(source, code, name, workers, registry, wages, toPoor, Rate.ShareOf(toPoor, wages));
}

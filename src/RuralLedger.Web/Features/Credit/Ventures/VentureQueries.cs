using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Ventures;

public sealed record VentureRow(long Id, string Name, VentureCategory Category, string CategoryName, string HouseholdNo, string OwnerName, string Place,
    DateOnly StartedOn, int Loans, Money LoanAmount, int? Year, int Jobs, int PoorJobs, Money Income);

public sealed record VentureList(IReadOnlyList<VentureRow> Items, int Total, int Limit);

public sealed record VentureLoanView(long LoanId, string LoanNumber, Money Amount, DateOnly DisbursedOn);

public sealed record VentureSupportView(VentureSupportKind Kind, string KindName, DateOnly On, string Provider, string? Note);

public sealed record VentureWorkerView(string HouseholdNo, string MemberName, PovertyStatus Status, string StatusName);

public sealed record VentureYearView(int Year, int Jobs, int PoorJobs, Money Income, IReadOnlyList<VentureWorkerView> Workers);

public sealed record VentureView(long Id, string Name, VentureCategory Category, string CategoryName, string HouseholdNo, string OwnerName, string Place,
    DateOnly StartedOn, string? Description, string RecordedBy, int Version, IReadOnlyList<VentureLoanView> Loans, IReadOnlyList<VentureSupportView> Supports,
    IReadOnlyList<VentureYearView> Years);

/// <summary>One township's (or the whole scope's, <c>Township</c> null) figures for a year.</summary>
public sealed record VentureTotal(string? Township, string Name, int Year, int Projects, int Jobs, int PoorJobs, Money Income);

/// <summary>Per township and year, and per year over the caller's scope; <c>Projects</c> counts every project registered.</summary>
public sealed record VentureTotals(int Projects, IReadOnlyList<VentureTotal> ByTownship, IReadOnlyList<VentureTotal> ByYear);

/// <summary>
/// Reading the platform: the list (with one year's figures), a project, the totals per township and year, the xlsx
/// export. All through the scoped context; totals sum the yearly rows in memory (a county has dozens of projects, not
/// thousands), the money exact in fen.
/// </summary>
public sealed class VentureQueries(RuralDbContext db, AuditWriter audit, TimeProvider clock)
{
    public const int Limit = 500;

    public async Task<VentureList> ListAsync(string? township, int? year, VentureCategory? category, CancellationToken ct)
    {
        var query = Filter(township, category);
        var total = await query.CountAsync(ct);
        var ventures = await query.Include(v => v.Loans).Include(v => v.Years).Include(v => v.Workers).AsSplitQuery()
            .OrderBy(v => v.VillageCode).ThenBy(v => v.Id).Take(Limit).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, ventures.SelectMany(v => new DivisionCode?[] { v.TownshipCode, v.VillageCode }), ct);
        var rows = ventures.Select(v =>
        {
            var y = year ?? v.Years.Select(x => x.Year).DefaultIfEmpty().Max();
            var figures = v.Years.FirstOrDefault(x => x.Year == y);
            return new VentureRow(v.Id.Value, v.Name, v.Category, VentureNames.Of(v.Category), v.HouseholdNo, v.OwnerName, PlaceNames.Of(names, v.TownshipCode, v.VillageCode),
                v.StartedOn, v.Loans.Count, Money.Sum(v.Loans.Select(l => l.Amount)), figures?.Year, figures?.Jobs ?? 0, v.Workers.Count(w => w.Year == y),
                figures?.Income ?? Money.Zero);
        }).ToList();
        return new VentureList(rows, total, Limit);
    }

    public async Task<VentureView> GetAsync(long id, CancellationToken ct)
    {
        var key = new VentureId(id);
        var v = await db.Ventures.AsNoTracking().Include(x => x.Loans).Include(x => x.Supports).Include(x => x.Years).Include(x => x.Workers).AsSplitQuery()
                .FirstOrDefaultAsync(x => x.Id == key, ct)
            ?? throw new NotFoundException("ventures.not_found", $"创业项目 {id} 不存在或不在您的权限范围内。");
        var names = await PlaceNames.LoadAsync(db, [v.TownshipCode, v.VillageCode], ct);
        return new VentureView(v.Id.Value, v.Name, v.Category, VentureNames.Of(v.Category), v.HouseholdNo, v.OwnerName, PlaceNames.Of(names, v.TownshipCode, v.VillageCode),
            v.StartedOn, v.Description, v.RecordedBy, v.Version,
            v.Loans.OrderBy(l => l.DisbursedOn).Select(l => new VentureLoanView(l.LoanId.Value, l.LoanNumber, l.Amount, l.DisbursedOn)).ToList(),
            v.Supports.OrderBy(s => s.On).ThenBy(s => s.Id).Select(s => new VentureSupportView(s.Kind, VentureNames.Of(s.Kind), s.On, s.Provider, s.Note)).ToList(),
            v.Years.OrderByDescending(y => y.Year).Select(y => new VentureYearView(y.Year, y.Jobs, v.Workers.Count(w => w.Year == y.Year), y.Income,
                v.Workers.Where(w => w.Year == y.Year).OrderBy(w => w.HouseholdNo, StringComparer.Ordinal).ThenBy(w => w.MemberName, StringComparer.Ordinal)
                    .Select(w => new VentureWorkerView(w.HouseholdNo, w.MemberName, w.Status, RegistryNames.Of(w.Status))).ToList())).ToList());
    }

    public async Task<VentureTotals> TotalsAsync(string? township, VentureCategory? category, CancellationToken ct)
    {
        var query = Filter(township, category);
        var projects = await query.CountAsync(ct);
        var ventures = await query.Include(v => v.Years).Include(v => v.Workers).AsSplitQuery().ToListAsync(ct);
        var years = ventures.SelectMany(v => v.Years.Select(y => new { v.Id, v.TownshipCode, y.Year, y.Jobs, y.Income })).ToList();
        var poor = ventures.SelectMany(v => v.Workers.Select(w => new { v.TownshipCode, w.Year })).ToList();
        var names = await PlaceNames.LoadAsync(db, years.Select(y => (DivisionCode?)y.TownshipCode).Distinct(), ct);
        var byTownship = years.GroupBy(y => (y.TownshipCode, y.Year)).OrderBy(g => g.Key.TownshipCode.Value, StringComparer.Ordinal).ThenByDescending(g => g.Key.Year)
            .Select(g => new VentureTotal(g.Key.TownshipCode.Value, names.GetValueOrDefault(g.Key.TownshipCode.Value, g.Key.TownshipCode.Value), g.Key.Year,
                g.Select(x => x.Id).Distinct().Count(), g.Sum(x => x.Jobs), poor.Count(p => p.TownshipCode == g.Key.TownshipCode && p.Year == g.Key.Year),
                Money.Sum(g.Select(x => x.Income)))).ToList();
        var byYear = years.GroupBy(y => y.Year).OrderByDescending(g => g.Key)
            .Select(g => new VentureTotal(null, "合计", g.Key, g.Select(x => x.Id).Distinct().Count(), g.Sum(x => x.Jobs), poor.Count(p => p.Year == g.Key),
                Money.Sum(g.Select(x => x.Income)))).ToList();
        return new VentureTotals(projects, byTownship, byYear);
    }

    /// <summary>创业项目台账: one row per project and year (a project without figures yet: one row), with one audited export event.</summary>
    public async Task<(byte[] Content, string FileName)> ExportAsync(string? township, VentureCategory? category, CancellationToken ct)
    {
        var ventures = await Filter(township, category).Include(v => v.Loans).Include(v => v.Supports).Include(v => v.Years).Include(v => v.Workers).AsSplitQuery()
            .OrderBy(v => v.VillageCode).ThenBy(v => v.Id).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, ventures.SelectMany(v => new DivisionCode?[] { v.TownshipCode, v.VillageCode }), ct);
        var rows = new List<Dictionary<string, object?>>();
        foreach (var v in ventures)
        {
            var years = v.Years.OrderBy(y => y.Year).Select(y => (VentureYear?)y).DefaultIfEmpty();
            foreach (var y in years)
            {
                rows.Add(new Dictionary<string, object?>
                {
                    ["项目编号"] = v.Id.Value,
                    ["项目名称"] = v.Name,
                    ["类别"] = VentureNames.Of(v.Category),
                    ["户编号"] = v.HouseholdNo,
                    ["户主"] = v.OwnerName,
                    ["所在地"] = PlaceNames.Of(names, v.TownshipCode, v.VillageCode),
                    ["开办日期"] = BusinessCalendar.Format(v.StartedOn),
                    ["扶持贷款"] = string.Join("、", v.Loans.Select(l => l.LoanNumber)),
                    ["贷款金额（元）"] = Money.Sum(v.Loans.Select(l => l.Amount)).Yuan,
                    ["获得扶持"] = string.Join("；", v.Supports.OrderBy(s => s.On).Select(s => $"{BusinessCalendar.Format(s.On)} {VentureNames.Of(s.Kind)}（{s.Provider}）")),
                    ["年度"] = y?.Year,
                    ["带动就业（人）"] = y?.Jobs,
                    ["其中脱贫人口（人）"] = y is null ? null : v.Workers.Count(w => w.Year == y.Year),
                    ["年收入（元）"] = y?.Income.Yuan,
                });
            }
        }
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { ["创业项目台账"] = rows },
            configuration: new OpenXmlConfiguration { FreezeRowCount = 1, AutoFilter = true }, cancellationToken: ct);
        var county = db.Access.Scope.CountyCode is { Length: > 0 } c ? c : AuditWriter.SystemChain;
        var filter = new Dictionary<string, string?> { ["township"] = township, ["category"] = category?.ToString() }
            .Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value);
        await audit.AppendAsync(db, [new AuditRecord(county, "export", "Venture", "*", null, Json.Object(("ledger", "ventures"), ("filter", filter), ("rows", rows.Count)))], ct);
        var stamp = BusinessCalendar.Now(clock).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return (buffer.ToArray(), $"创业项目台账_{stamp}.xlsx");
    }

    private IQueryable<Venture> Filter(string? township, VentureCategory? category)
    {
        var query = db.Ventures.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(township))
        {
            var code = DivisionCode.Parse(township, "township");
            query = query.Where(v => v.TownshipCode == code);
        }
        if (category is { } k)
        {
            var c = Inputs.Defined(k, "category", "项目类别");
            query = query.Where(v => v.Category == c);
        }
        return query;
    }
}

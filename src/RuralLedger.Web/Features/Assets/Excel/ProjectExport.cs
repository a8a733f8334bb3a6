using Microsoft.EntityFrameworkCore;
using MiniExcelLibs.Attributes;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets.Excel;

public sealed record ProjectExportQuery(string? Township, string? Village, ProjectStatus? Status, Industry? Industry, int? Year)
{
    public IReadOnlyDictionary<string, string?> ForAudit() => new Dictionary<string, string?>
    {
        ["township"] = Township, ["village"] = Village, ["status"] = Status?.ToString(), ["industry"] = Industry?.ToString(), ["year"] = Year?.ToString(Fmt.Culture),
    };
}

public sealed class ProjectSheetRow
{
    [ExcelColumn(Name = "项目编号", Width = 22)] public string Code { get; init; } = "";
    [ExcelColumn(Name = "项目名称", Width = 30)] public string Name { get; init; } = "";
    [ExcelColumn(Name = "年度", Width = 7)] public int Year { get; init; }
    [ExcelColumn(Name = "产业", Width = 10)] public string Industry { get; init; } = "";
    [ExcelColumn(Name = "乡镇", Width = 12)] public string Township { get; init; } = "";
    [ExcelColumn(Name = "受益行政村", Width = 24)] public string Villages { get; init; } = "";
    [ExcelColumn(Name = "状态", Width = 8)] public string Status { get; init; } = "";
    [ExcelColumn(Name = "预算合计（元）", Width = 16, Format = LedgerExportWriter.MoneyFormat)] public decimal Budget { get; init; }
    [ExcelColumn(Name = "资金来源及金额", Width = 48)] public string BudgetBySource { get; init; } = "";
    [ExcelColumn(Name = "批复日期", Width = 12)] public string ApprovedOn { get; init; } = "";
    [ExcelColumn(Name = "批复文号", Width = 20)] public string ApprovalDocument { get; init; } = "";
    [ExcelColumn(Name = "开工日期", Width = 12)] public string StartedOn { get; init; } = "";
    [ExcelColumn(Name = "验收日期", Width = 12)] public string AcceptedOn { get; init; } = "";
}

public sealed class BudgetSheetRow
{
    [ExcelColumn(Name = "项目编号", Width = 22)] public string Code { get; init; } = "";
    [ExcelColumn(Name = "项目名称", Width = 30)] public string Name { get; init; } = "";
    [ExcelColumn(Name = "资金来源", Width = 30)] public string Source { get; init; } = "";
    [ExcelColumn(Name = "预算金额（元）", Width = 16, Format = LedgerExportWriter.MoneyFormat)] public decimal Amount { get; init; }
}

/// <summary>Projects with their budget by fund source: sheet 项目 and sheet 预算构成.</summary>
public sealed class ProjectExport(LedgerExportWriter writer)
{
    public async Task<LedgerFile> WriteAsync(ProjectExportQuery q, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(q);
        var projects = writer.Db.Projects.AsNoTracking();
        if (ExportText.Code(q.Village, "village") is { } village)
        {
            projects = projects.Where(p => p.Villages.Any(v => v.VillageCode == village));
        }
        else if (ExportText.Code(q.Township, "township") is { } township)
        {
            projects = projects.Where(p => p.TownshipCode == township);
        }
        if (q.Status is { } s)
        {
            projects = projects.Where(p => p.Status == s);
        }
        if (q.Industry is { } i)
        {
            projects = projects.Where(p => p.Industry == i);
        }
        if (q.Year is { } y)
        {
            projects = projects.Where(p => p.Year == y);
        }
        var areas = await writer.AreaNamesAsync(ct);
        var funds = await writer.FundNamesAsync(ct);
        var count = 0;
        var sheets = new Dictionary<string, object>
        {
            ["项目"] = Rows(projects, areas, funds, () => count++),
            ["预算构成"] = BudgetRows(projects, funds),
        };
        return await writer.WriteAsync("项目台账", nameof(Project), sheets, () => count, q.ForAudit(), ct);
    }

    private static IEnumerable<ProjectSheetRow> Rows(IQueryable<Project> projects, Dictionary<string, string> areas, Dictionary<FundSourceId, string> funds, Action counted)
    {
        var rows = projects.OrderBy(p => p.Code).Select(p => new
        {
            p.Code, p.Name, p.Year, p.Industry, p.TownshipCode, p.Status, p.ApprovedOn, p.ApprovalDocument, p.StartedOn, p.AcceptedOn,
            Villages = p.Villages.OrderBy(v => v.Id).Select(v => v.VillageCode).ToList(),
            Budget = p.Budget.OrderBy(b => b.Id).Select(b => new { b.FundSourceId, b.Amount }).ToList(),
        }).AsEnumerable();
        foreach (var p in rows)
        {
            counted();
            yield return new ProjectSheetRow
            {
                Code = p.Code,
                Name = p.Name,
                Year = p.Year,
                Industry = AssetNames.Of(p.Industry),
                Township = p.TownshipCode is { } t ? ExportText.Name(areas, t) : string.Join("、", p.Villages.Select(v => v.TownshipOf()).Distinct().Select(t => ExportText.Name(areas, t))),
                Villages = string.Join("、", p.Villages.Select(v => ExportText.Name(areas, v))),
                Status = AssetNames.Of(p.Status),
                Budget = Money.Sum(p.Budget.Select(b => b.Amount)).Yuan,
                BudgetBySource = string.Join(";", p.Budget.Select(b => $"{funds.GetValueOrDefault(b.FundSourceId, b.FundSourceId.ToString())}:{ExportText.Yuan(b.Amount)}")),
                ApprovedOn = Fmt.Date(p.ApprovedOn),
                ApprovalDocument = p.ApprovalDocument ?? "",
                StartedOn = Fmt.Date(p.StartedOn),
                AcceptedOn = Fmt.Date(p.AcceptedOn),
            };
        }
    }

    private static IEnumerable<BudgetSheetRow> BudgetRows(IQueryable<Project> projects, Dictionary<FundSourceId, string> funds)
    {
        var rows = projects.SelectMany(p => p.Budget, (p, b) => new { p.Code, p.Name, b.Id, b.FundSourceId, b.Amount })
            .OrderBy(r => r.Code).ThenBy(r => r.Id).AsEnumerable();
        foreach (var r in rows)
        {
            yield return new BudgetSheetRow { Code = r.Code, Name = r.Name, Source = funds.GetValueOrDefault(r.FundSourceId, r.FundSourceId.ToString()), Amount = r.Amount.Yuan };
        }
    }
}

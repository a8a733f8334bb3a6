using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Projects;

public sealed record ProjectFilter
{
    public int? Year { get; init; }

    public Industry? Industry { get; init; }

    public ProjectStatus? Status { get; init; }

    public string? Village { get; init; }

    public int? Page { get; init; }
}

public sealed record ProjectRow(long Id, string Code, string Name, int Year, Industry Industry, string IndustryName, ProjectStatus Status, string StatusName,
    string PlaceName, Money Budget, DateOnly? AcceptedOn);

public sealed record ProjectPage(IReadOnlyList<ProjectRow> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record BudgetLineView(long FundSourceId, string FundName, FundSourceKind Kind, int FundYear, Money Amount, Money FormedIntoAssets);

public sealed record VillageView(string Code, string Name);

public sealed record FormedAssetView(long Id, string Code, string Name, AssetClass Class, string ClassName, AssetKind Kind, string KindName, string VillageCode, string VillageName, decimal Quantity, string Unit, Money OriginalValue, string Owners);

public sealed record ProjectView(
    long Id, string Code, string Name, int Year, Industry Industry, string IndustryName, string? Description,
    ProjectStatus Status, string StatusName, string PlaceCode, string PlaceName,
    DateOnly? ApprovedOn, string? ApprovalDocument, DateOnly? StartedOn, DateOnly? AcceptedOn,
    Money BudgetTotal, IReadOnlyList<BudgetLineView> Budget, IReadOnlyList<VillageView> Villages, IReadOnlyList<FormedAssetView> Assets, int Version,
    SelectionSummary? Selection, DateOnly? CancelledOn = null, string? CancelReason = null);

/// <summary>The project's latest eight-element assessment and its linked households, in one line for the project page.</summary>
public sealed record SelectionSummary(string? Total, bool? Passed, string? WeakText, int LinkedHouseholds, string Summary);

/// <summary>Reads of projects through the scoped context: a project outside the caller's area is "not found".</summary>
public sealed class ProjectQueries(RuralDbContext db)
{
    public const int PageSize = 50;

    public async Task<ProjectPage> ListAsync(ProjectFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Projects.AsNoTracking();
        if (filter.Year is { } year)
        {
            query = query.Where(p => p.Year == year);
        }
        if (filter.Industry is { } industry)
        {
            query = query.Where(p => p.Industry == industry);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(p => p.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(filter.Village))
        {
            var village = DivisionCode.Parse(filter.Village, "village");
            query = query.Where(p => p.Villages.Any(v => v.VillageCode == village));
        }
        var total = await query.CountAsync(ct);
        var page = Math.Max(1, filter.Page ?? 1);
        var projects = await query.AsSplitQuery().OrderByDescending(p => p.Year).ThenByDescending(p => p.Code)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var names = await AreaNamesAsync(projects.Select(p => p.Place.Code), ct);
        var items = projects.Select(p => new ProjectRow(p.Id.Value, p.Code, p.Name, p.Year, p.Industry, AssetNames.Of(p.Industry), p.Status, AssetNames.Of(p.Status),
            names.GetValueOrDefault(p.Place.Code.Value, p.Place.Code.Value), p.BudgetTotal, p.AcceptedOn)).ToList();
        return new ProjectPage(items, total, page, PageSize);
    }

    public async Task<ProjectView> GetAsync(long id, CancellationToken ct)
    {
        var p = await db.Projects.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(x => x.Id == new ProjectId(id), ct)
            ?? throw new NotFoundException("projects.not_found", $"项目 {id} 不存在或不在您的权限范围内。");
        var fundIds = p.Budget.Select(b => b.FundSourceId).ToList();
        var funds = await db.FundSources.AsNoTracking().IgnoreQueryFilters().Where(f => fundIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        // The project's assets are listed even when one sits in a village the caller can't see alone: they are
        // part of a project the caller may read.
        var assets = await db.Assets.AsNoTracking().AsSplitQuery().IgnoreQueryFilters().Where(a => a.ProjectId == p.Id).OrderBy(a => a.Code).ToListAsync(ct);
        var formed = assets.SelectMany(a => a.Funding).GroupBy(f => f.FundSourceId).ToDictionary(g => g.Key, g => Money.Sum(g.Select(f => f.Amount)));
        var names = await AreaNamesAsync(p.Villages.Select(v => v.VillageCode).Append(p.Place.Code), ct);
        return new ProjectView(
            p.Id.Value, p.Code, p.Name, p.Year, p.Industry, AssetNames.Of(p.Industry), p.Description,
            p.Status, AssetNames.Of(p.Status), p.Place.Code.Value, names.GetValueOrDefault(p.Place.Code.Value, p.Place.Code.Value),
            p.ApprovedOn, p.ApprovalDocument, p.StartedOn, p.AcceptedOn, p.BudgetTotal,
            p.Budget.Select(b => funds.TryGetValue(b.FundSourceId, out var f)
                    ? new BudgetLineView(f.Id.Value, f.Name, f.Kind, f.Year, b.Amount, formed.GetValueOrDefault(f.Id))
                    : new BudgetLineView(b.FundSourceId.Value, $"资金来源 {b.FundSourceId}", FundSourceKind.Other, 0, b.Amount, formed.GetValueOrDefault(b.FundSourceId)))
                .ToList(),
            p.Villages.OrderBy(v => v.VillageCode.Value, StringComparer.Ordinal).Select(v => new VillageView(v.VillageCode.Value, names.GetValueOrDefault(v.VillageCode.Value, v.VillageCode.Value))).ToList(),
            assets.Select(a => new FormedAssetView(a.Id.Value, a.Code, a.Name, a.Class, AssetNames.Of(a.Class), a.Kind, AssetNames.Of(a.Kind),
                a.Place.Code.Value, names.GetValueOrDefault(a.Place.Code.Value, a.Place.Code.Value), a.Quantity, a.Unit, a.OriginalValue, a.OwnersText)).ToList(),
            p.Version,
            await SelectionSummaryAsync(p.Id, ct), p.CancelledOn, p.CancelReason);
    }

    private async Task<SelectionSummary?> SelectionSummaryAsync(ProjectId id, CancellationToken ct)
    {
        var latest = await db.ProjectAssessments.AsNoTracking().Where(a => a.ProjectId == id).OrderByDescending(a => a.AssessedAt).ThenByDescending(a => a.Id)
            .Select(a => new { a.TotalHundredths, a.Passed, a.WeakElements }).FirstOrDefaultAsync(ct);
        var linked = await db.ProjectHouseholds.CountAsync(h => h.ProjectId == id, ct);
        if (latest is null && linked == 0)
        {
            return null;
        }
        var total = latest is null ? null : SelectionScore.Text(latest.TotalHundredths);
        var weak = latest is null ? null : string.Join("、", latest.WeakElements.Select(SelectionNames.Of));
        var verdict = latest is null ? "尚未评估" : latest.Passed ? $"评估通过（{total} 分）" : $"评估未通过（{total} 分），退回完善：{weak}";
        return new SelectionSummary(total, latest?.Passed, weak, linked, $"{verdict}；联结农户 {linked} 户");
    }

    /// <summary>Names of areas by code; the scope filter on areas is lifted because a project's villages are shown by name to whoever may read the project.</summary>
    public async Task<Dictionary<string, string>> AreaNamesAsync(IEnumerable<DivisionCode> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        var areas = await db.Areas.AsNoTracking().IgnoreQueryFilters().Where(a => wanted.Contains(a.Code)).Select(a => new { a.Code, a.Name }).ToListAsync(ct);
        return areas.ToDictionary(a => a.Code.Value, a => a.Name);
    }
}

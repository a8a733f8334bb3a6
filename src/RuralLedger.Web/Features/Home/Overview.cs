using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Core.Registry;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Home;

public sealed record TownshipFigures(string Code, string Name, int Villages, int FormerlyPoorVillages, int Households, int People);

public sealed record CountyOverview(
    string? CountyName,
    int Counties,
    int Townships,
    int Villages,
    int FormerlyPoorVillages,
    int Households,
    int People,
    int MonitoredHouseholds,
    int LabourForce,
    IReadOnlyList<TownshipFigures> ByTownship,
    AssetFigures Assets,
    DistributionFigures Distribution);

/// <summary>
/// Income distribution in the caller's scope: plans by stage, the dividends of posted plans net of reversals, and what
/// the bank has paid into households' accounts.
/// </summary>
public sealed record DistributionFigures(int Plans, int InProgress, int Posted, Money Distributed, int PaymentsCredited, Money Paid);

/// <summary>A group of assets: how many and their original value (yuan).</summary>
public sealed record AssetGroup(string Key, string Name, int Count, Money OriginalValue);

/// <summary>
/// The asset side of the overview, scoped like the rest: fund sources are county data (the county's total allocated),
/// projects, assets, contracts and employment are those the caller may see. Amounts in yuan.
/// </summary>
public sealed record AssetFigures(
    int FundSources, Money FundsAllocated,
    int Projects, int ProjectsAccepted,
    int Assets, Money AssetsOriginalValue, IReadOnlyList<AssetGroup> ByClass, IReadOnlyList<AssetGroup> ByIndustry,
    int Contracts, int ActiveContracts, int PoorPeopleCovered, Money Wages, Money WagesToPoor)
{
    /// <summary>带贫工资占比 over every report in scope (see <see cref="Rate.ShareOf"/>).</summary>
    public Rate? ShareToPoor => Rate.ShareOf(WagesToPoor, Wages);
}

/// <summary>The home page's figures, read from the database each time (no cached or stated numbers).</summary>
public sealed class OverviewQuery(RuralDbContext db)
{
    private static readonly PovertyStatus[] Monitored = [PovertyStatus.MonitoredUnstable, PovertyStatus.MonitoredMarginal, PovertyStatus.MonitoredSudden];
    private static readonly LabourAbility[] Labour = [LabourAbility.Normal, LabourAbility.Skilled, LabourAbility.Weak];

    public async Task<CountyOverview> RunAsync(CancellationToken ct)
    {
        var areas = await db.Areas.AsNoTracking()
            .Where(a => a.Level != AreaLevel.Group)
            .Select(a => new { a.Id, a.Code, a.Name, a.Level, a.ParentId, a.FormerlyPoor })
            .ToListAsync(ct);
        var perVillage = await db.Households.AsNoTracking()
            .GroupBy(h => h.VillageCode)
            .Select(g => new { Village = g.Key, Households = g.Count(), People = g.Sum(h => h.MemberCount) })
            .ToListAsync(ct);
        var people = await db.Members.CountAsync(ct);
        var monitored = await db.Households.CountAsync(h => Monitored.Contains(h.Status), ct);
        var labour = await db.Members.CountAsync(m => Labour.Contains(m.Labour), ct);

        var byVillage = perVillage.ToDictionary(v => v.Village.Value);
        var villages = areas.Where(a => a.Level == AreaLevel.Village).ToList();
        var townships = areas.Where(a => a.Level == AreaLevel.Township)
            .OrderBy(t => t.Code.Value, StringComparer.Ordinal)
            .Select(t =>
            {
                var own = villages.Where(v => v.ParentId == t.Id).ToList();
                var counts = own.Select(v => byVillage.GetValueOrDefault(v.Code.Value)).Where(c => c is not null).ToList();
                return new TownshipFigures(t.Code.Value, t.Name, own.Count, own.Count(v => v.FormerlyPoor), counts.Sum(c => c!.Households), counts.Sum(c => c!.People));
            })
            .ToList();
        var counties = areas.Where(a => a.Level == AreaLevel.County).ToList();
        var assets = await AssetFiguresAsync(ct);
        var distribution = await DistributionFiguresAsync(ct);
        return new CountyOverview(
            counties.Count == 1 ? counties[0].Name : null,
            counties.Count,
            townships.Count,
            villages.Count,
            villages.Count(v => v.FormerlyPoor),
            perVillage.Sum(v => v.Households),
            people,
            monitored,
            labour,
            counties.Count == 1 ? townships : [],
            assets,
            distribution);
    }

    private async Task<DistributionFigures> DistributionFiguresAsync(CancellationToken ct)
    {
        var plans = await db.DistributionPlans.AsNoTracking().Select(p => new { p.Kind, p.Status, p.Dividends }).ToListAsync(ct);
        var paid = await db.PlanLines.AsNoTracking().Where(l => l.Payment == LinePayment.Paid).Select(l => l.Amount).ToListAsync(ct);
        // An original that was reversed stays counted; its reversal plan (negative amounts) is posted too and nets it out.
        var posted = plans.Where(p => p.Status is PlanStatus.Posted or PlanStatus.Reversed).ToList();
        return new DistributionFigures(
            plans.Count(p => p.Kind == PlanKind.Distribution),
            plans.Count(p => p.Kind == PlanKind.Distribution && p.Status is not (PlanStatus.Posted or PlanStatus.Reversed)),
            posted.Count(p => p.Kind == PlanKind.Distribution),
            Money.Sum(posted.Select(p => p.Dividends)),
            paid.Count, Money.Sum(paid));
    }

    /// <summary>Amounts are read as rows and summed here: SUM over a value-converted money column is not translated alike by both providers.</summary>
    private async Task<AssetFigures> AssetFiguresAsync(CancellationToken ct)
    {
        var funds = await db.FundSources.AsNoTracking().Select(f => f.Allocated).ToListAsync(ct);
        var projects = await db.Projects.AsNoTracking().Select(p => p.Status).ToListAsync(ct);
        var assets = await db.Assets.AsNoTracking().Select(a => new { a.Class, a.Industry, a.OriginalValue }).ToListAsync(ct);
        var contracts = await db.Contracts.AsNoTracking().Select(c => c.Status).ToListAsync(ct);
        // Per contract the latest report only: each report is that year's headcount, wages add up over the years.
        var reports = await db.Contracts.AsNoTracking().Where(c => c.Employment.Any()).Select(c => c.Employment).ToListAsync(ct);
        var employment = reports.SelectMany(r => r).ToList();
        var latest = reports.Select(r => r.MaxBy(e => e.Year)!).ToList();
        return new AssetFigures(
            funds.Count, Money.Sum(funds),
            projects.Count, projects.Count(s => s == ProjectStatus.Accepted),
            assets.Count, Money.Sum(assets.Select(a => a.OriginalValue)),
            assets.GroupBy(a => a.Class).OrderBy(g => g.Key)
                .Select(g => new AssetGroup(g.Key.ToString(), AssetNames.Of(g.Key), g.Count(), Money.Sum(g.Select(a => a.OriginalValue)))).ToList(),
            assets.GroupBy(a => a.Industry).OrderBy(g => g.Key)
                .Select(g => new AssetGroup(g.Key.ToString(), AssetNames.Of(g.Key), g.Count(), Money.Sum(g.Select(a => a.OriginalValue)))).ToList(),
            contracts.Count, contracts.Count(s => s == ContractStatus.Active),
            latest.Sum(e => e.PoorPeople), Money.Sum(employment.Select(e => e.Wages)), Money.Sum(employment.Select(e => e.WagesToPoor)));
    }
}

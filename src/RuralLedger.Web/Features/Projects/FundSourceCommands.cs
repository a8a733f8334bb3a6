using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Projects;

public sealed record FundInput(FundSourceKind Kind, int Year, string? Name, Money Allocated, string? DocumentNo);

/// <summary>
/// A fund source with what became of it: budgeted to projects that are not cancelled, and formed into assets
/// (the sum of the asset funding lines that name it).
/// </summary>
public sealed record FundRow(long Id, FundSourceKind Kind, string KindName, int Year, string Name, Money Allocated, Money Budgeted, Money FormedIntoAssets, string? DocumentNo)
{
    [JsonIgnore]
    public string AllocatedText => Allocated.ToString();

    [JsonIgnore]
    public string BudgetedText => Budgeted.ToString();

    [JsonIgnore]
    public string FormedText => FormedIntoAssets.ToString();
}

/// <summary>Fund sources of the caller's county: reference data every signed-in user reads, county staff create.</summary>
public sealed class FundSourceCommands(RuralDbContext db)
{
    public const int MaxRows = 500;

    public async Task<IReadOnlyList<FundRow>> ListAsync(int? year, CancellationToken ct)
    {
        var funds = await db.FundSources.AsNoTracking()
            .Where(f => year == null || f.Year == year)
            .OrderByDescending(f => f.Year).ThenBy(f => f.Kind).ThenBy(f => f.Name)
            .Take(MaxRows)
            .ToListAsync(ct);
        var ids = funds.Select(f => f.Id).ToList();
        // Budgets and fundings are read as plain rows and summed here: SUM over a value-converted column is not
        // translated alike by both providers.
        var budgets = await db.Projects.AsNoTracking().IgnoreQueryFilters()
            .Where(p => p.Status != ProjectStatus.Cancelled && p.CountyCode == db.Access.Scope.CountyCode)
            .SelectMany(p => p.Budget).Where(b => ids.Contains(b.FundSourceId))
            .Select(b => new { b.FundSourceId, b.Amount }).ToListAsync(ct);
        var fundings = await db.Assets.AsNoTracking().IgnoreQueryFilters()
            .Where(a => a.CountyCode == db.Access.Scope.CountyCode)
            .SelectMany(a => a.Funding).Where(f => ids.Contains(f.FundSourceId))
            .Select(f => new { f.FundSourceId, f.Amount }).ToListAsync(ct);
        var budgeted = budgets.GroupBy(b => b.FundSourceId).ToDictionary(g => g.Key, g => Money.Sum(g.Select(b => b.Amount)));
        var formed = fundings.GroupBy(b => b.FundSourceId).ToDictionary(g => g.Key, g => Money.Sum(g.Select(b => b.Amount)));
        return funds.Select(f => new FundRow(f.Id.Value, f.Kind, AssetNames.Of(f.Kind), f.Year, f.Name, f.Allocated,
            budgeted.GetValueOrDefault(f.Id), formed.GetValueOrDefault(f.Id), f.DocumentNo)).ToList();
    }

    public async Task<long> CreateAsync(FundInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var county = db.Access.Scope.CountyCode;
        if (county.Length == 0)
        {
            throw new DomainException("funds.no_county", "只有县级用户可以登记资金来源。", "year");
        }
        var v = new Validation();
        if (!Enum.IsDefined(input.Kind))
        {
            v.Add("kind", "请选择资金类别。");
        }
        var allocated = input.Allocated;
        v.ThrowIfAny();
        var fund = new FundSource(county, input.Kind, input.Year, input.Name ?? "", allocated, input.DocumentNo);
        if (await db.FundSources.AnyAsync(f => f.CountyCode == county && f.Year == fund.Year && f.Name == fund.Name, ct))
        {
            throw new ConflictException("funds.duplicate", $"{fund.Year} 年度已有名为“{fund.Name}”的资金来源。", "name");
        }
        db.FundSources.Add(fund);
        await db.SaveChangesAsync(ct);
        return fund.Id.Value;
    }
}

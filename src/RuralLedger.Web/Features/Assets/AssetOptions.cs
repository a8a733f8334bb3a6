using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Data;
using RuralLedger.Web.Features.Registry;

namespace RuralLedger.Web.Features.Assets;

/// <summary>Choices for the asset forms and filters; areas and fund sources come from the caller's scope only.</summary>
public sealed class AssetOptions(RuralDbContext db)
{
    /// <summary>Where an asset may be registered: the villages of the scope, and for township and county staff their township(s) or the county.</summary>
    public async Task<IReadOnlyList<SelectListItem>> LocationsAsync(string? selected, CancellationToken ct)
    {
        var scope = db.Access.Scope;
        var areas = (await db.Areas.AsNoTracking().Where(a => a.Level != AreaLevel.Group).ToListAsync(ct))
            .Where(a => scope.Covers(a.Code)).ToList();
        var names = areas.ToDictionary(a => a.Code.Value, a => a.Name);
        return areas.OrderBy(a => a.Code.Value, StringComparer.Ordinal).Select(a => new SelectListItem(a.Level switch
        {
            AreaLevel.County => a.Name + "（县级资产）",
            AreaLevel.Township => a.Name + "（乡镇级资产）",
            _ => (a.TownshipCode is { } t && names.TryGetValue(t.Value, out var tn) ? tn + " · " : "") + a.Name,
        }, a.Code.Value, a.Code.Value == selected)).ToList();
    }

    public async Task<IReadOnlyList<SelectListItem>> FundsAsync(long? selected, CancellationToken ct) =>
        (await db.FundSources.AsNoTracking().OrderByDescending(f => f.Year).ThenBy(f => f.Name).ToListAsync(ct))
        .Select(f => new SelectListItem($"{f.Year} {f.Name}（{AssetNames.Of(f.Kind)}）", f.Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Id.Value == selected))
        .ToList();

    public static IReadOnlyList<SelectListItem> Classes(AssetClass? selected = null) => RegistryOptions.Enum(AssetNames.Of, selected);

    public static IReadOnlyList<SelectListItem> Kinds(AssetKind? selected = null) => RegistryOptions.Enum(AssetNames.Of, selected);

    public static IReadOnlyList<SelectListItem> Industries(Industry? selected = null) => RegistryOptions.Enum(AssetNames.Of, selected);

    public static IReadOnlyList<SelectListItem> Statuses(AssetStatus? selected = null) => RegistryOptions.Enum(AssetNames.Of, selected);

    /// <summary>What an officer may set by hand: disposal goes through its own approval process.</summary>
    public static IReadOnlyList<SelectListItem> ManualStatuses(AssetStatus? selected = null) =>
        Statuses(selected).Where(i => i.Value != nameof(AssetStatus.Disposed)).ToList();

    public static IReadOnlyList<SelectListItem> HolderKinds(HolderKind? selected = null) => RegistryOptions.Enum(AssetNames.Of, selected);
}

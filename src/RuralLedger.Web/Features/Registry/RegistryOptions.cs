using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Registry;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Registry;

/// <summary>Choices for the registry's forms and filters; areas come from the caller's scope only.</summary>
public sealed class RegistryOptions(RuralDbContext db)
{
    public async Task<IReadOnlyList<SelectListItem>> TownshipsAsync(string? selected, CancellationToken ct) =>
        (await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Township).ToListAsync(ct))
        .Where(a => db.Access.Scope.Kind is ScopeKind.All or ScopeKind.County || db.Access.Scope.Covers(a.Code))
        .OrderBy(a => a.Code.Value, StringComparer.Ordinal)
        .Select(a => new SelectListItem(a.Name, a.Code.Value, a.Code.Value == selected)).ToList();

    public async Task<IReadOnlyList<SelectListItem>> VillagesAsync(string? township, string? selected, CancellationToken ct)
    {
        var villages = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Village).ToListAsync(ct);
        return villages
            .Where(a => string.IsNullOrEmpty(township) || a.TownshipCode?.Value == township)
            .OrderBy(a => a.Code.Value, StringComparer.Ordinal)
            .Select(a => new SelectListItem(a.Name, a.Code.Value, a.Code.Value == selected)).ToList();
    }

    public async Task<IReadOnlyList<SelectListItem>> GroupsAsync(string? village, string? selected, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(village) || !DivisionCode.TryParse(village, out var code, out _))
        {
            return [];
        }
        var groups = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Group && a.VillageCode == code).ToListAsync(ct);
        return groups.OrderBy(a => a.Code.Value, StringComparer.Ordinal)
            .Select(a => new SelectListItem(a.Name, a.Code.Value, a.Code.Value == selected)).ToList();
    }

    public static IReadOnlyList<SelectListItem> Enum<T>(Func<T, string> name, T? selected = null) where T : struct, System.Enum =>
        System.Enum.GetValues<T>().Select(v => new SelectListItem(name(v), v.ToString(), selected is { } s && s.Equals(v))).ToList();

    public static IReadOnlyList<SelectListItem> Statuses(PovertyStatus? selected = null) => Enum(RegistryNames.Of, selected);

    public static IReadOnlyList<SelectListItem> Types(HouseholdType? selected = null) => Enum(RegistryNames.Of, selected);

    public static IReadOnlyList<SelectListItem> Relations(Relation? selected = null) => Enum(RegistryNames.Of, selected);

    public static IReadOnlyList<SelectListItem> Labours(LabourAbility? selected = null) => Enum(RegistryNames.Of, selected);

    public static IReadOnlyList<SelectListItem> Healths(Health? selected = null) => Enum(RegistryNames.Of, selected);

    public static IReadOnlyList<SelectListItem> Educations(Education? selected = null) => Enum(RegistryNames.Of, selected);
}

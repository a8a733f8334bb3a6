using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Linkage;

/// <summary>What orders, land transfers and training share: where an entry belongs and the registry households they name.</summary>
internal static class LinkageRecords
{
    /// <summary>A record not bound to one household belongs where its officer works: a county officer's at county level.</summary>
    public static EntryPlace PlaceOf(AreaScope scope) => scope.Kind switch
    {
        ScopeKind.Village => new EntryPlace(scope.CountyCode, scope.Code!.Value.TownshipOf(), scope.Code),
        ScopeKind.Township => new EntryPlace(scope.CountyCode, scope.Code, null),
        _ => new EntryPlace(scope.CountyCode, null, null),
    };

    /// <summary>Households of the caller's scope by number; a number not found is simply absent.</summary>
    public static async Task<Dictionary<string, HouseholdRef>> HouseholdsAsync(RuralDbContext db, IEnumerable<string> numbers, CancellationToken ct)
    {
        var result = new Dictionary<string, HouseholdRef>(StringComparer.Ordinal);
        foreach (var chunk in numbers.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var rows = await db.Households.AsNoTracking().Where(h => chunk.Contains(h.HouseholdNo))
                .Select(h => new { h.Id, h.HouseholdNo, h.HeadName, h.CountyCode, h.TownshipCode, h.VillageCode }).ToListAsync(ct);
            foreach (var h in rows)
            {
                result[h.HouseholdNo] = new HouseholdRef(h.Id, h.HouseholdNo, h.HeadName, h.CountyCode, h.TownshipCode, h.VillageCode);
            }
        }
        return result;
    }

    /// <summary>One household by number, or an error recorded under <paramref name="field"/> (and null).</summary>
    public static async Task<HouseholdRef?> HouseholdAsync(RuralDbContext db, string? number, string field, Validation v, CancellationToken ct)
    {
        var no = (number ?? "").Trim();
        if (no.Length == 0)
        {
            v.Add(field, "请填写户编号。", "input.required");
            return null;
        }
        var found = (await HouseholdsAsync(db, [no], ct)).GetValueOrDefault(no);
        if (found is null)
        {
            v.Add(field, $"户编号 {no} 不存在或不在您的权限范围内。", "linkage.household_unknown");
        }
        return found;
    }

    public static Hundredths Measure(decimal? value, string field, string label) =>
        Hundredths.From(value ?? throw new DomainException("input.required", $"{label}不能为空。", field), field, label);
}

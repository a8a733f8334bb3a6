using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Areas;

public sealed record AreaRow(string Code, string Name, AreaLevel Level, string LevelName, bool FormerlyPoor, int Children, int Households, int People);

public sealed record AreaListing(AreaRow? Parent, IReadOnlyList<AreaRow> Breadcrumb, IReadOnlyList<AreaRow> Children);

/// <summary>Children of one area (the counties when no parent is given) with their household and people counts.</summary>
public sealed class AreaQuery(RuralDbContext db)
{
    public async Task<AreaListing> ChildrenAsync(string? parentCode, CancellationToken ct)
    {
        Area? parent = null;
        if (!string.IsNullOrWhiteSpace(parentCode))
        {
            var code = DivisionCode.Parse(parentCode, "parent");
            parent = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Code == code, ct)
                ?? throw new NotFoundException("area.not_found", $"区划 {code} 不存在。");
        }
        var children = parent is null
            ? await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.County).ToListAsync(ct)
            : await db.Areas.AsNoTracking().Where(a => a.ParentId == parent.Id).ToListAsync(ct);
        children.Sort((a, b) => string.CompareOrdinal(a.Code.Value, b.Code.Value));

        var childIds = children.Select(c => c.Id).ToList();
        var grandChildren = await db.Areas.AsNoTracking()
            .Where(a => a.ParentId != null && childIds.Contains(a.ParentId.Value))
            .GroupBy(a => a.ParentId)
            .Select(g => new { Parent = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Parent!.Value, g => g.Count, ct);

        var households = await HouseholdCountsAsync(parent, ct);
        var rows = children.Select(c =>
        {
            var (h, p) = households.Where(kv => kv.Key.StartsWith(c.Code.ScopePrefix, StringComparison.Ordinal))
                .Aggregate((0, 0), (acc, kv) => (acc.Item1 + kv.Value.Households, acc.Item2 + kv.Value.People));
            return ToRow(c, grandChildren.GetValueOrDefault(c.Id), h, p);
        }).ToList();

        var breadcrumb = new List<AreaRow>();
        for (var a = parent; a is not null; a = a.ParentId is { } pid ? await db.Areas.AsNoTracking().SingleAsync(x => x.Id == pid, ct) : null)
        {
            breadcrumb.Insert(0, ToRow(a, 0, 0, 0));
        }
        return new AreaListing(parent is null ? null : breadcrumb[^1], breadcrumb, rows);
    }

    private async Task<Dictionary<string, (int Households, int People)>> HouseholdCountsAsync(Area? parent, CancellationToken ct)
    {
        var query = db.Households.AsNoTracking();
        if (parent is not null)
        {
            var county = parent.CountyCode;
            query = query.Where(h => h.CountyCode == county);
        }
        if (parent?.Level == AreaLevel.Village)
        {
            var village = parent.Code;
            return (await query.Where(h => h.VillageCode == village && h.GroupCode != null)
                    .GroupBy(h => h.GroupCode)
                    .Select(g => new { g.Key, Households = g.Count(), People = g.Sum(h => h.MemberCount) })
                    .ToListAsync(ct))
                .ToDictionary(g => g.Key!.Value.Value, g => (g.Households, g.People));
        }
        return (await query.GroupBy(h => h.VillageCode)
                .Select(g => new { g.Key, Households = g.Count(), People = g.Sum(h => h.MemberCount) })
                .ToListAsync(ct))
            .ToDictionary(g => g.Key.Value, g => (g.Households, g.People));
    }

    private static AreaRow ToRow(Area a, int children, int households, int people) =>
        new(a.Code.Value, a.Name, a.Level, LevelName(a.Level), a.FormerlyPoor, children, households, people);

    public static string LevelName(AreaLevel level) => level switch
    {
        AreaLevel.County => "县",
        AreaLevel.Township => "乡镇",
        AreaLevel.Village => "行政村",
        AreaLevel.Group => "村民组",
    };
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Assets;

/// <summary>Count and original value of one class of assets.</summary>
public sealed record ClassFigures(AssetClass Class, string ClassName, int Count, Money Value);

/// <summary>One line of a ledger: its area (or "县级直属"/"乡镇直属"), figures per class and the line's total.</summary>
public sealed record LedgerLine(string Code, string Name, string Level, IReadOnlyList<ClassFigures> Classes, int Count, Money Value)
{
    public static LedgerLine Of(string code, string name, string level, IEnumerable<ClassFigures> figures)
    {
        var byClass = Enum.GetValues<AssetClass>().Select(c =>
        {
            var of = figures.Where(f => f.Class == c).ToList();
            return new ClassFigures(c, AssetNames.Of(c), of.Sum(f => f.Count), Money.Sum(of.Select(f => f.Value)));
        }).ToList();
        return new LedgerLine(code, name, level, byClass, byClass.Sum(c => c.Count), Money.Sum(byClass.Select(c => c.Value)));
    }
}

/// <summary>
/// A township's detail ledger: its villages, its own (township-level) assets, the subtotal of those lines, and the
/// township's figures as the database sums them directly; <see cref="Balanced"/> is 账账相符 for the township.
/// </summary>
public sealed record TownshipLedger(LedgerLine Subtotal, LedgerLine? Direct, IReadOnlyList<LedgerLine> Villages, int CheckedCount, Money CheckedValue)
{
    public bool Balanced => Subtotal.Count == CheckedCount && Subtotal.Value == CheckedValue;
}

/// <summary>
/// The county master ledger as the sum of its detail ledgers, and the same total taken straight from the asset table:
/// the two are computed by separate queries, so a row that one view counted and the other missed shows as ✗.
/// </summary>
public sealed record LedgersReport(string Scope, IReadOnlyList<TownshipLedger> Townships, LedgerLine? CountyDirect, LedgerLine Total, int CheckedCount, Money CheckedValue)
{
    public bool TownshipsBalanced => Townships.All(t => t.Balanced);

    public bool Balanced => Total.Count == CheckedCount && Total.Value == CheckedValue && TownshipsBalanced;
}

/// <summary>
/// 县级总账与乡村明细账对账: three independent aggregates over the scoped asset table — per village/township line and class,
/// per township, and the grand total — never a sum of one another. A township officer sees his township, a village
/// officer his village; county-level assets (no township) appear only at county scope as "县级直属".
/// </summary>
public sealed class LedgersQuery(RuralDbContext db)
{
    public const string CountyDirectName = "县级直属";
    public const string TownshipDirectName = "乡镇直属";

    public async Task<LedgersReport> RunAsync(CancellationToken ct)
    {
        // Money is kept in fen; the casts let the database add the bigint column itself.
        var lines = await db.Assets.AsNoTracking()
            .GroupBy(a => new { a.TownshipCode, a.VillageCode, a.Class })
            .Select(g => new { g.Key.TownshipCode, g.Key.VillageCode, g.Key.Class, Count = g.Count(), Fen = g.Sum(a => (long)(object)a.OriginalValue) })
            .ToListAsync(ct);
        var perTownship = await db.Assets.AsNoTracking()
            .GroupBy(a => a.TownshipCode)
            .Select(g => new { Township = g.Key, Count = g.Count(), Fen = g.Sum(a => (long)(object)a.OriginalValue) })
            .ToListAsync(ct);
        var checkedCount = await db.Assets.CountAsync(ct);
        var checkedFen = checkedCount == 0 ? 0 : await db.Assets.SumAsync(a => (long)(object)a.OriginalValue, ct);
        var areas = await db.Areas.AsNoTracking().Where(a => a.Level != AreaLevel.Group).Select(a => new { a.Code, a.Name, a.Level, a.TownshipCode }).ToListAsync(ct);
        var names = areas.ToDictionary(a => a.Code.Value, a => a.Name, StringComparer.Ordinal);

        ClassFigures Figures(AssetClass c, int count, long fen) => new(c, AssetNames.Of(c), count, Money.FromFen(fen));
        var scope = db.Access.Scope;
        // Every township and village the caller may see gets a line, with zeros where nothing is registered yet.
        var visibleVillages = areas.Where(a => a.Level == AreaLevel.Village && scope.Covers(a.Code)).ToList();
        var townshipCodes = areas.Where(a => a.Level == AreaLevel.Township
                && (scope.Kind is ScopeKind.All or ScopeKind.County || scope.Covers(a.Code) || visibleVillages.Any(v => v.TownshipCode == a.Code)))
            .Select(a => a.Code).Concat(lines.Where(l => l.TownshipCode is not null).Select(l => l.TownshipCode!.Value)).Distinct().OrderBy(c => c.Value, StringComparer.Ordinal).ToList();
        var townships = new List<TownshipLedger>();
        foreach (var t in townshipCodes)
        {
            var villageCodes = visibleVillages.Where(a => a.TownshipCode == t).Select(a => a.Code)
                .Concat(lines.Where(l => l.TownshipCode == t && l.VillageCode is not null).Select(l => l.VillageCode!.Value))
                .Distinct().OrderBy(c => c.Value, StringComparer.Ordinal).ToList();
            var villages = villageCodes.Select(v => LedgerLine.Of(v.Value, names.GetValueOrDefault(v.Value, v.Value), "village",
                lines.Where(l => l.VillageCode == v).Select(l => Figures(l.Class, l.Count, l.Fen)))).ToList();
            var own = lines.Where(l => l.TownshipCode == t && l.VillageCode is null).ToList();
            LedgerLine? direct = scope.Kind == ScopeKind.Village && own.Count == 0 ? null
                : LedgerLine.Of(t.Value, TownshipDirectName, "township-direct", own.Select(l => Figures(l.Class, l.Count, l.Fen)));
            var subtotal = LedgerLine.Of(t.Value, names.GetValueOrDefault(t.Value, t.Value), "township",
                villages.Concat(direct is null ? [] : [direct]).SelectMany(l => l.Classes));
            var check = perTownship.FirstOrDefault(p => p.Township == t);
            townships.Add(new TownshipLedger(subtotal, direct, villages, check?.Count ?? 0, Money.FromFen(check?.Fen ?? 0)));
        }
        var countyLines = lines.Where(l => l.TownshipCode is null).ToList();
        LedgerLine? countyDirect = scope.Kind is ScopeKind.All or ScopeKind.County || countyLines.Count > 0
            ? LedgerLine.Of(scope.CountyCode, CountyDirectName, "county-direct", countyLines.Select(l => Figures(l.Class, l.Count, l.Fen)))
            : null;
        var total = LedgerLine.Of(scope.CountyCode, TotalName(scope, names), "total",
            townships.Select(t => t.Subtotal).Concat(countyDirect is null ? [] : [countyDirect]).SelectMany(l => l.Classes));
        return new LedgersReport(scope.ToString(), townships, countyDirect, total, checkedCount, Money.FromFen(checkedFen));
    }

    private static string TotalName(AreaScope scope, Dictionary<string, string> names) => scope.Kind switch
    {
        ScopeKind.Township or ScopeKind.Village => names.GetValueOrDefault(scope.Code!.Value.Value, scope.Code.Value.Value) + " 合计",
        ScopeKind.County => names.GetValueOrDefault(scope.Code!.Value.Value, scope.CountyCode) + " 总账合计",
        _ => "总计",
    };
}

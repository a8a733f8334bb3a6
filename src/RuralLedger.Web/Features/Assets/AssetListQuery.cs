using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets;

public sealed record AssetFilter
{
    public string? Township { get; init; }

    public string? Village { get; init; }

    public AssetClass? Class { get; init; }

    public AssetKind? Kind { get; init; }

    public Industry? Industry { get; init; }

    public AssetStatus? Status { get; init; }

    /// <summary>Assets with at least one owner of this kind.</summary>
    public HolderKind? OwnerKind { get; init; }

    /// <summary>Formation year.</summary>
    public int? Year { get; init; }

    /// <summary>Part of the asset code or name.</summary>
    public string? Q { get; init; }

    /// <summary>1-based page number.</summary>
    public int? Page { get; init; }

    /// <summary>1–200; 50 when omitted.</summary>
    public int? PageSize { get; init; }
}

public sealed record AssetListItem(
    long Id, string Code, string Name, AssetClass Class, string ClassName, AssetKind Kind, string KindName, Industry Industry, string IndustryName,
    string? VillageCode, string LocationName, decimal Quantity, string Unit, Money OriginalValue, DateOnly FormedOn,
    AssetStatus Status, string StatusName, string Owners);

/// <summary>Count and original value of the whole filtered set, not only of the page shown.</summary>
public sealed record AssetTotals(int Count, Money OriginalValue);

public sealed record AssetPage(IReadOnlyList<AssetListItem> Items, AssetTotals Totals, int Page, int PageSize, int Pages);

/// <summary>The asset ledger: filters, code/name search, offset paging by code, totals computed by the database.</summary>
public sealed class AssetListQuery(RuralDbContext db)
{
    public const int MaxPageSize = 200;

    public async Task<AssetPage> RunAsync(AssetFilter filter, CancellationToken ct)
    {
        var query = Filtered(filter);
        var pageSize = Math.Clamp(filter.PageSize ?? 50, 1, MaxPageSize);
        var totals = await TotalsAsync(query, ct);
        var pages = Math.Max(1, (totals.Count + pageSize - 1) / pageSize);
        var page = Math.Clamp(filter.Page ?? 1, 1, pages);
        var rows = await query.OrderBy(a => a.Code).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new
            {
                a.Id, a.Code, a.Name, a.Class, a.Kind, a.Industry, a.TownshipCode, a.VillageCode, a.Quantity, a.Unit, a.OriginalValue, a.FormedOn, a.Status,
                Shares = a.Shares.Select(s => new { s.HolderName, s.BasisPoints }).ToList(),
            })
            .AsSplitQuery().ToListAsync(ct);
        var names = await AreaNamesAsync(rows.SelectMany(r => new[] { r.VillageCode, r.TownshipCode }), ct);
        var countyName = rows.Any(r => r.TownshipCode is null)
            ? await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.County).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? ""
            : "";
        var items = rows.Select(a => new AssetListItem(
            a.Id.Value, a.Code, a.Name, a.Class, AssetNames.Of(a.Class), a.Kind, AssetNames.Of(a.Kind), a.Industry, AssetNames.Of(a.Industry),
            a.VillageCode?.Value,
            a.VillageCode is { } v ? names.GetValueOrDefault(v.Value, v.Value) : a.TownshipCode is { } t ? names.GetValueOrDefault(t.Value, t.Value) + "（乡镇）" : countyName + "（县级）",
            a.Quantity, a.Unit, a.OriginalValue, a.FormedOn, a.Status, AssetNames.Of(a.Status),
            string.Join("；", a.Shares.OrderByDescending(s => s.BasisPoints).Select(s => $"{s.HolderName} {Percent(s.BasisPoints)}")))).ToList();
        return new AssetPage(items, totals, page, pageSize, pages);
    }

    /// <summary>The filtered (unpaged) query, within the caller's scope by the query filter.</summary>
    public IQueryable<Asset> Filtered(AssetFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Assets.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Village))
        {
            var village = DivisionCode.Parse(filter.Village, "village");
            query = query.Where(a => a.VillageCode == village);
        }
        else if (!string.IsNullOrWhiteSpace(filter.Township))
        {
            var township = DivisionCode.Parse(filter.Township, "township");
            query = query.Where(a => a.TownshipCode == township);
        }
        if (filter.Class is { } assetClass)
        {
            query = query.Where(a => a.Class == assetClass);
        }
        if (filter.Kind is { } kind)
        {
            query = query.Where(a => a.Kind == kind);
        }
        if (filter.Industry is { } industry)
        {
            query = query.Where(a => a.Industry == industry);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(a => a.Status == status);
        }
        if (filter.OwnerKind is { } ownerKind)
        {
            query = query.Where(a => a.Shares.Any(s => s.HolderKind == ownerKind));
        }
        if (filter.Year is { } year)
        {
            var from = new DateOnly(Math.Clamp(year, 1, 9998), 1, 1);
            var to = from.AddYears(1);
            query = query.Where(a => a.FormedOn >= from && a.FormedOn < to);
        }
        var q = SearchText.Normalise(filter.Q);
        if (q.Length > 0)
        {
            var code = q.ToUpperInvariant();
            query = query.Where(a => a.Code.Contains(code) || a.Name.Contains(q));
        }
        return query;
    }

    /// <summary>
    /// Count and sum in SQL. Money is a converted column, which EF can sum but not read back as a plain number, so the
    /// sum runs over a raw projection of the stored fen restricted to the filtered (and scoped) ids.
    /// </summary>
    public async Task<AssetTotals> TotalsAsync(IQueryable<Asset> query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var ids = query.Select(a => EF.Property<long>(a, nameof(Asset.Id)));
        var values = db.Database.SqlQueryRaw<StoredValue>("SELECT id AS \"Id\", original_value AS \"Fen\" FROM assets").Where(v => ids.Contains(v.Id));
        var count = await values.CountAsync(ct);
        var fen = count == 0 ? 0 : await values.SumAsync(v => v.Fen, ct);
        return new AssetTotals(count, Money.FromFen(fen));
    }

    private sealed class StoredValue
    {
        public long Id { get; init; }

        public long Fen { get; init; }
    }

    public static string Percent(int basisPoints) => (basisPoints / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private async Task<Dictionary<string, string>> AreaNamesAsync(IEnumerable<DivisionCode?> codes, CancellationToken ct)
    {
        var wanted = codes.Where(c => c is not null).Select(c => c!.Value).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        return await db.Areas.AsNoTracking().Where(a => wanted.Contains(a.Code)).ToDictionaryAsync(a => a.Code.Value, a => a.Name, ct);
    }
}

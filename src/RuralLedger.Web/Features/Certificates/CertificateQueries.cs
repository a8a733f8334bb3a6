using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Certificates;

public sealed record CertificateFilter
{
    public CertificateStatus? Status { get; init; }

    public int? Year { get; init; }

    public string? Village { get; init; }

    /// <summary>A certificate number (or part of one) or part of the asset's name.</summary>
    public string? Q { get; init; }

    /// <summary>1-based; 1 when omitted.</summary>
    public int? Page { get; init; }

    /// <summary>1–200; 50 when omitted.</summary>
    public int? PageSize { get; init; }
}

public sealed record CertificateListItem(
    long Id, string Number, long AssetId, string AssetCode, string AssetName, string Location, string Holders,
    CertificateStatus Status, string StatusName, DateOnly IssuedOn);

public sealed record CertificatePage(IReadOnlyList<CertificateListItem> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>An owner as the certificate names it; the share was written on the certificate as "60%".</summary>
public sealed record CertificateHolder(string Name, string Kind, Rate Share);

public sealed record CertificateLink(long Id, string Number, CertificateStatus Status, string StatusName, DateOnly IssuedOn, string? ReissueReason, DateOnly? EndedOn, string? EndReason);

public sealed record CertificateView(
    long Id, string Number, string CountyCode, string CountyName, long AssetId, string AssetCode, string AssetName,
    AssetClass AssetClass, string AssetClassName, AssetKind AssetKind, string AssetKindName, string Location,
    decimal Quantity, string? Unit, Money OriginalValue, DateOnly FormedOn,
    IReadOnlyList<CertificateHolder> Holders, DateOnly IssuedOn, string IssuedBy,
    CertificateStatus Status, string StatusName, string? ReissueReason, long? ReplacesId, string? ReplacesNumber,
    long? ReplacedById, string? ReplacedByNumber, DateOnly? EndedOn, string? EndReason, string VerificationCode,
    IReadOnlyList<CertificateLink> AssetHistory)
{
    public string VerificationPath => "/verify/" + VerificationCode;

    [JsonIgnore]
    public string OriginalValueText => OriginalValue.ToString();
}

/// <summary>What the issue page shows before a certificate exists: the asset, its owners now, and why it may not be issued.</summary>
public sealed record IssuePreview(
    long AssetId, string AssetCode, string AssetName, string AssetClassName, string AssetKindName, string Location,
    decimal Quantity, string Unit, Money OriginalValue, DateOnly FormedOn, AssetStatus Status, string StatusName,
    IReadOnlyList<CertificateHolder> Holders, CertificateLink? Valid)
{
    public bool Disposed => Status == AssetStatus.Disposed;

    [JsonIgnore]
    public string OriginalValueText => OriginalValue.ToString();
}

/// <summary>Reads of certificates, always within the caller's scope (query filters): outside it a certificate is "not found".</summary>
public sealed class CertificateQueries(RuralDbContext db)
{
    public async Task<CertificatePage> ListAsync(CertificateFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Certificates.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }
        if (filter.Year is { } year)
        {
            query = query.Where(c => c.Year == year);
        }
        if (!string.IsNullOrWhiteSpace(filter.Village))
        {
            var village = DivisionCode.Parse(filter.Village, "village");
            query = query.Where(c => c.VillageCode == village);
        }
        var q = filter.Q?.Trim();
        if (!string.IsNullOrEmpty(q))
        {
            query = query.Where(c => c.Number.Contains(q) || c.AssetName.Contains(q) || c.AssetCode == q);
        }
        var pageSize = Math.Clamp(filter.PageSize ?? 50, 1, 200);
        var total = await query.CountAsync(ct);
        var page = Math.Clamp(filter.Page ?? 1, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var rows = await query.OrderByDescending(c => c.Year).ThenByDescending(c => c.Sequence)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var items = rows.Select(c => new CertificateListItem(
            c.Id.Value, c.Number, c.AssetId.Value, c.AssetCode, c.AssetName, c.Location,
            string.Join("、", c.Holders.Select(h => h.Name)), c.Status, AssetNames.Of(c.Status), c.IssuedOn)).ToList();
        return new CertificatePage(items, total, page, pageSize);
    }

    public async Task<CertificateView> GetAsync(long id, CancellationToken ct)
    {
        var certificateId = new CertificateId(id);
        var c = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(x => x.Id == certificateId, ct)
            ?? throw NotFound(id);
        var history = await db.Certificates.AsNoTracking().Where(x => x.AssetId == c.AssetId)
            .OrderBy(x => x.IssuedOn).ThenBy(x => x.Id).ToListAsync(ct);
        var replaces = c.ReplacesId is { } r ? history.FirstOrDefault(x => x.Id == r) : null;
        var replacedBy = c.ReplacedByNumber is { } n ? history.FirstOrDefault(x => x.Number == n) : null;
        var countyName = await AreaNameAsync(DivisionCode.ForCounty(c.CountyCode), ct) ?? c.CountyCode;
        return new CertificateView(
            c.Id.Value, c.Number, c.CountyCode, countyName, c.AssetId.Value, c.AssetCode, c.AssetName,
            c.AssetClass, AssetNames.Of(c.AssetClass), c.AssetKind, AssetNames.Of(c.AssetKind), c.Location,
            c.Quantity, c.Unit, c.OriginalValue, c.FormedOn,
            c.Holders.Select(h => new CertificateHolder(h.Name, h.Kind, Rate.Parse(h.Share.TrimEnd('%')))).ToList(), c.IssuedOn, c.IssuedBy,
            c.Status, AssetNames.Of(c.Status), c.ReissueReason, replaces?.Id.Value, replaces?.Number,
            replacedBy?.Id.Value, c.ReplacedByNumber, c.RevokedOn, c.RevokeReason, c.VerificationCode,
            history.Select(Link).ToList());
    }

    public async Task<IssuePreview> PreviewAsync(long assetId, CancellationToken ct)
    {
        var id = new AssetId(assetId);
        var asset = await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("assets.not_found", $"资产 {assetId} 不存在或不在您的权限范围内。");
        var valid = await db.Certificates.AsNoTracking().Where(c => c.AssetId == id && c.Status == CertificateStatus.Valid)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        return new IssuePreview(
            asset.Id.Value, asset.Code, asset.Name, AssetNames.Of(asset.Class), AssetNames.Of(asset.Kind), await LocationAsync(asset.Place, ct),
            asset.Quantity, asset.Unit, asset.OriginalValue, asset.FormedOn, asset.Status, AssetNames.Of(asset.Status),
            asset.Shares.Select(s => new CertificateHolder(s.HolderName, AssetNames.Of(s.HolderKind), Rate.FromBasisPoints(s.BasisPoints))).ToList(),
            valid is null ? null : Link(valid));
    }

    /// <summary>坐落: township and village names, or the county's name for a county-level asset.</summary>
    public async Task<string> LocationAsync(Place place, CancellationToken ct)
    {
        if (place.TownshipCode is null)
        {
            return await AreaNameAsync(DivisionCode.ForCounty(place.CountyCode), ct) ?? place.CountyCode;
        }
        var codes = new[] { place.TownshipCode, place.VillageCode }.OfType<DivisionCode>().ToList();
        // Area names are not confidential; the caller has already been shown the record they belong to.
        var names = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => codes.Contains(a.Code))
            .ToDictionaryAsync(a => a.Code.Value, a => a.Name, ct);
        return string.Concat(codes.Select(c => names.GetValueOrDefault(c.Value, c.Value)));
    }

    public async Task<string?> AreaNameAsync(DivisionCode code, CancellationToken ct) =>
        await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.Code == code).Select(a => a.Name).FirstOrDefaultAsync(ct);

    internal static NotFoundException NotFound(long id) =>
        new("certificates.not_found", $"所有权证 {id} 不存在或不在您的权限范围内。");

    private static CertificateLink Link(Certificate c) =>
        new(c.Id.Value, c.Number, c.Status, AssetNames.Of(c.Status), c.IssuedOn, c.ReissueReason, c.RevokedOn, c.RevokeReason);
}

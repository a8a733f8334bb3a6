using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Features.Contracts;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Disposals;

public sealed record DisposalFilter
{
    public DisposalStatus? Status { get; init; }

    public string? Village { get; init; }

    public long? AssetId { get; init; }

    public int? Page { get; init; }

    /// <summary>1–200; 50 when omitted.</summary>
    public int? PageSize { get; init; }
}

public sealed record DisposalListItem(
    long Id, long AssetId, string AssetCode, string AssetName, string PlaceName, DisposalCase Case, string CaseName,
    DisposalMethod Method, string MethodName, DateOnly ProposedOn, DisposalStatus Status, string StatusName, DateOnly? CompletedOn, Money Proceeds);

public sealed record DisposalPage(IReadOnlyList<DisposalListItem> Items, int Total, int Page, int PageSize);

public sealed record DisposalView(
    long Id, long AssetId, string AssetCode, string AssetName, AssetStatus AssetStatus, string AssetStatusName, Money AssetOriginalValue, string PlaceName,
    DisposalCase Case, string CaseName, DisposalMethod Method, string MethodName, string Reason, DateOnly ProposedOn, string ProposedBy,
    DisposalStatus Status, string StatusName,
    DateOnly? ResolutionOn, int? RepresentativesTotal, int? RepresentativesPresent, int? VotesFor, string? ResolutionNote,
    DateOnly? TownshipApprovedOn, string? TownshipApprover, string? TownshipOpinion,
    DateOnly? CountyApprovedOn, string? CountyApprover, string? CountyOpinion,
    DateOnly? CompletedOn, Money Proceeds, string? Buyer, string? RejectedReason, int Version);

public sealed class DisposalQueries(RuralDbContext db)
{
    public async Task<DisposalPage> ListAsync(DisposalFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Disposals.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(filter.Village))
        {
            var village = DivisionCode.Parse(filter.Village, "village");
            query = query.Where(d => d.VillageCode == village);
        }
        if (filter.AssetId is { } assetId)
        {
            var aid = new AssetId(assetId);
            query = query.Where(d => d.AssetId == aid);
        }
        var pageSize = Math.Clamp(filter.PageSize ?? 50, 1, 200);
        var page = Math.Clamp(filter.Page ?? 1, 1, 1_000_000);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var assetIds = rows.Select(r => r.AssetId).Distinct().ToList();
        var assets = await db.Assets.AsNoTracking().Where(a => assetIds.Contains(a.Id)).Select(a => new { a.Id, a.Code, a.Name }).ToDictionaryAsync(a => a.Id, ct);
        var names = await PlaceNames.LoadAsync(db, rows.SelectMany(r => new[] { r.TownshipCode, r.VillageCode }), ct);
        var items = rows.Select(d => new DisposalListItem(
            d.Id.Value, d.AssetId.Value, assets.GetValueOrDefault(d.AssetId)?.Code ?? "", assets.GetValueOrDefault(d.AssetId)?.Name ?? "",
            PlaceNames.Of(names, d.TownshipCode, d.VillageCode), d.Case, AssetNames.Of(d.Case), d.Method, AssetNames.Of(d.Method),
            d.ProposedOn, d.Status, AssetNames.Of(d.Status), d.CompletedOn, d.Proceeds)).ToList();
        return new DisposalPage(items, total, page, pageSize);
    }

    public async Task<DisposalView> GetAsync(long id, CancellationToken ct)
    {
        var d = await db.Disposals.AsNoTracking().SingleOrDefaultAsync(x => x.Id == new DisposalId(id), ct)
            ?? throw new NotFoundException("disposals.not_found", $"处置 {id} 不存在或不在您的权限范围内。");
        var asset = await db.Assets.AsNoTracking().Where(a => a.Id == d.AssetId)
            .Select(a => new { a.Code, a.Name, a.Status, a.OriginalValue }).SingleOrDefaultAsync(ct);
        var names = await PlaceNames.LoadAsync(db, [d.TownshipCode, d.VillageCode], ct);
        return new DisposalView(
            d.Id.Value, d.AssetId.Value, asset?.Code ?? "", asset?.Name ?? "", asset?.Status ?? AssetStatus.InUse, asset is null ? "" : AssetNames.Of(asset.Status),
            asset?.OriginalValue ?? Money.Zero, PlaceNames.Of(names, d.TownshipCode, d.VillageCode),
            d.Case, AssetNames.Of(d.Case), d.Method, AssetNames.Of(d.Method), d.Reason, d.ProposedOn, d.ProposedBy,
            d.Status, AssetNames.Of(d.Status),
            d.ResolutionOn, d.RepresentativesTotal, d.RepresentativesPresent, d.VotesFor, d.ResolutionNote,
            d.TownshipApprovedOn, d.TownshipApprover, d.TownshipOpinion,
            d.CountyApprovedOn, d.CountyApprover, d.CountyOpinion,
            d.CompletedOn, d.Proceeds, d.Buyer, d.RejectedReason, d.Version);
    }
}

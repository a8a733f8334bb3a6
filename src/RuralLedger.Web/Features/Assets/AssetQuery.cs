using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Assets;

public sealed record FundingView(long FundSourceId, string FundName, int FundYear, string FundKindName, Money Amount);

public sealed record ShareView(HolderKind Kind, string KindName, string Name, string? Code, long? HouseholdId, Rate Percent);

public sealed record AssetStatusChangeView(AssetStatus? From, string? FromName, AssetStatus To, string ToName, DateOnly EffectiveOn, string Reason, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record OwnershipChangeView(DateOnly EffectiveOn, string Before, string After, string Reason, string RecordedBy);

public sealed record ContractSummary(long Id, string Number, string OperatorName, OperationMode Mode, string ModeName, DateOnly StartOn, DateOnly EndOn, ContractStatus Status, string StatusName);

public sealed record CertificateSummary(long Id, string Number, DateOnly IssuedOn, CertificateStatus Status, string StatusName);

public sealed record DisposalSummary(long Id, DisposalCase Case, string CaseName, DisposalMethod Method, string MethodName, DateOnly ProposedOn, DisposalStatus Status, string StatusName);

public sealed record IncomeYear(int Year, Money Amount, int Entries);

public sealed record AssetFileInfo(long Id, string FileName, string ContentType, bool IsImage, int Size, string? Caption, string Sha256, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>
/// One asset's file (资产档案) with its four rights: ownership (<see cref="Shares"/>), operation (<see cref="Contracts"/>),
/// income (<see cref="Beneficiaries"/>, <see cref="IncomeRule"/>, <see cref="IncomeByYear"/>) and supervision.
/// </summary>
public sealed record AssetView(
    long Id, string Code, string Name, AssetClass Class, string ClassName, AssetKind Kind, string KindName, Industry Industry, string IndustryName,
    string CountyCode, string? TownshipCode, string? TownshipName, string? VillageCode, string? VillageName, string LocationName,
    decimal Quantity, string Unit, Money OriginalValue, DateOnly FormedOn, AssetStatus Status, string StatusName, long? ProjectId,
    string? SupervisionUnit, string? SupervisionPerson, string? Beneficiaries, string IncomeRule, int Version,
    IReadOnlyList<FundingView> Funding, IReadOnlyList<ShareView> Shares,
    IReadOnlyList<AssetStatusChangeView> StatusHistory, IReadOnlyList<OwnershipChangeView> OwnershipHistory,
    IReadOnlyList<ContractSummary> Contracts, IReadOnlyList<CertificateSummary> Certificates, IReadOnlyList<DisposalSummary> Disposals,
    IReadOnlyList<IncomeYear> IncomeByYear, IReadOnlyList<AssetFileInfo> Files);

/// <summary>Reads one asset and what hangs off it. Not found outside the caller's scope.</summary>
public sealed class AssetQuery(RuralDbContext db)
{
    public async Task<AssetView> GetAsync(long id, CancellationToken ct)
    {
        var a = await LoadAsync(id, tracking: false, ct);
        var assetId = a.Id;
        var place = a.Place;
        var codes = new[] { place.TownshipCode, place.VillageCode }.Where(c => c is not null).Select(c => c!.Value).ToList();
        var names = await db.Areas.AsNoTracking().Where(x => codes.Contains(x.Code)).ToDictionaryAsync(x => x.Code.Value, x => x.Name, ct);
        var countyName = await db.Areas.AsNoTracking().Where(x => x.Level == AreaLevel.County && x.CountyCode == a.CountyCode).Select(x => x.Name).FirstOrDefaultAsync(ct);
        var townshipName = place.TownshipCode is { } t ? names.GetValueOrDefault(t.Value) : null;
        var villageName = place.VillageCode is { } vc ? names.GetValueOrDefault(vc.Value) : null;

        var fundIds = a.Funding.Select(f => f.FundSourceId).ToList();
        var funds = await db.FundSources.AsNoTracking().Where(f => fundIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.Assets.Any(x => x.AssetId == assetId))
            .OrderByDescending(c => c.StartOn)
            .Select(c => new { c.Id, c.Number, c.OperatorName, c.Mode, c.StartOn, c.EndOn, c.Status }).ToListAsync(ct);
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.AssetId == assetId).OrderByDescending(c => c.Id)
            .Select(c => new { c.Id, c.Number, c.IssuedOn, c.Status }).ToListAsync(ct);
        var disposals = await db.Disposals.AsNoTracking().Where(d => d.AssetId == assetId).OrderByDescending(d => d.Id)
            .Select(d => new { d.Id, d.Case, d.Method, d.ProposedOn, d.Status }).ToListAsync(ct);
        // One asset's income rows are few (a handful a year): summed here rather than in SQL, where Money has no Sum.
        var income = await db.AssetIncomes.AsNoTracking().Where(i => i.AssetId == assetId).Select(i => new { i.Year, i.Amount }).ToListAsync(ct);
        var files = await FilesAsync(assetId, ct);

        return new AssetView(
            a.Id.Value, a.Code, a.Name, a.Class, AssetNames.Of(a.Class), a.Kind, AssetNames.Of(a.Kind), a.Industry, AssetNames.Of(a.Industry),
            a.CountyCode, place.TownshipCode?.Value, townshipName, place.VillageCode?.Value, villageName,
            string.Join(" · ", new[] { countyName, townshipName, villageName }.Where(n => !string.IsNullOrEmpty(n))),
            a.Quantity, a.Unit, a.OriginalValue, a.FormedOn, a.Status, AssetNames.Of(a.Status), a.ProjectId?.Value,
            a.SupervisionUnit, a.SupervisionPerson, a.Beneficiaries, a.IncomeRule, a.Version,
            a.Funding.Select(f => funds.TryGetValue(f.FundSourceId, out var fund)
                ? new FundingView(f.FundSourceId.Value, fund.Name, fund.Year, AssetNames.Of(fund.Kind), f.Amount)
                : new FundingView(f.FundSourceId.Value, $"资金来源 {f.FundSourceId}", 0, "", f.Amount)).ToList(),
            a.Shares.OrderByDescending(s => s.BasisPoints).Select(s => new ShareView(s.HolderKind, AssetNames.Of(s.HolderKind), s.HolderName, s.HolderCode, s.HouseholdId?.Value, Rate.FromBasisPoints(s.BasisPoints))).ToList(),
            a.StatusHistory.OrderBy(c => c.EffectiveOn).ThenBy(c => c.Id).Select(c => new AssetStatusChangeView(
                c.FromStatus, c.FromStatus is { } f ? AssetNames.Of(f) : null, c.ToStatus, AssetNames.Of(c.ToStatus), c.EffectiveOn, c.Reason, c.RecordedBy, c.RecordedAt)).ToList(),
            a.OwnershipHistory.OrderBy(c => c.EffectiveOn).ThenBy(c => c.Id).Select(c => new OwnershipChangeView(c.EffectiveOn, c.Before, c.After, c.Reason, c.RecordedBy)).ToList(),
            contracts.Select(c => new ContractSummary(c.Id.Value, c.Number, c.OperatorName, c.Mode, AssetNames.Of(c.Mode), c.StartOn, c.EndOn, c.Status, AssetNames.Of(c.Status))).ToList(),
            certificates.Select(c => new CertificateSummary(c.Id.Value, c.Number, c.IssuedOn, c.Status, AssetNames.Of(c.Status))).ToList(),
            disposals.Select(d => new DisposalSummary(d.Id.Value, d.Case, AssetNames.Of(d.Case), d.Method, AssetNames.Of(d.Method), d.ProposedOn, d.Status, AssetNames.Of(d.Status))).ToList(),
            income.GroupBy(i => i.Year).OrderByDescending(g => g.Key).Select(g => new IncomeYear(g.Key, Money.Sum(g.Select(i => i.Amount)), g.Count())).ToList(),
            files);
    }

    public async Task<IReadOnlyList<AssetFileInfo>> FilesAsync(AssetId assetId, CancellationToken ct)
    {
        var rows = await db.AssetFiles.AsNoTracking().Where(f => f.AssetId == assetId).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.FileName, f.ContentType, f.Size, f.Caption, f.Sha256, f.UploadedBy, f.UploadedAt })
            .ToListAsync(ct);
        return rows.Select(f => new AssetFileInfo(f.Id, f.FileName, f.ContentType, f.ContentType.StartsWith("image/", StringComparison.Ordinal),
            f.Size, f.Caption, f.Sha256, f.UploadedBy, f.UploadedAt)).ToList();
    }

    public async Task<Asset> LoadAsync(long id, bool tracking, CancellationToken ct)
    {
        var assetId = new AssetId(id);
        var query = db.Assets.AsSplitQuery();
        return await (tracking ? query : query.AsNoTracking()).SingleOrDefaultAsync(a => a.Id == assetId, ct)
            ?? throw new NotFoundException("assets.not_found", $"资产 {id} 不存在或不在您的权限范围内。");
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Features.Assets;
using RuralLedger.Web.Features.Contracts;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Disposals;

public sealed record DisposalInput(long AssetId, DisposalCase Case, DisposalMethod Method, string? Reason);

public sealed record ResolutionInput(DateOnly? ResolutionOn, int RepresentativesTotal, int RepresentativesPresent, int VotesFor, string? Note, int? Version);

public sealed record DisposalApprovalInput(DateOnly? On, string? Opinion, int? Version);

public sealed record RejectionInput(string? Reason, int? Version);

public sealed record CompletionInput(DateOnly? CompletedOn, Money? Proceeds, string? Buyer, int? Version);

/// <summary>
/// The disposal steps. A disposal is read through the scoped context (outside the scope: not found); its asset lies at
/// the same place. Completing marks the asset disposed and books the proceeds as the asset's income in one save.
/// </summary>
public sealed class DisposalCommands(RuralDbContext db, TimeProvider clock)
{
    private static readonly Versions Versions = new("disposals", "该处置");

    /// <summary>A village's representatives number in the tens: a count beyond this is a typing slip, not a meeting.</summary>
    public const int MaxRepresentatives = 10_000;

    public async Task<long> ProposeAsync(DisposalInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        Inputs.Defined(input.Case, "case", "处置情形");
        Inputs.Defined(input.Method, "method", "处置方式");
        var assetId = new AssetId(input.AssetId);
        var asset = await db.Assets.AsSplitQuery().SingleOrDefaultAsync(a => a.Id == assetId, ct)
            ?? throw new DomainException("disposals.asset_not_found", $"资产 {input.AssetId} 不存在或不在您的权限范围内。", "assetId");
        var alreadyOpen = new ConflictException("disposals.already_open", $"资产 {asset.Code} 已有进行中的处置，不能重复提出。", "assetId");
        var open = await db.Disposals.IgnoreQueryFilters()
            .AnyAsync(d => d.AssetId == assetId && d.Status != DisposalStatus.Completed && d.Status != DisposalStatus.Rejected, ct);
        if (open)
        {
            throw alreadyOpen;
        }
        var disposal = new Disposal(asset, input.Case, input.Method, input.Reason, BusinessCalendar.Today(clock), db.Access.ActorName);
        db.Disposals.Add(disposal);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Two officers at once: the unique index of open disposals per asset lets one in.
            throw alreadyOpen;
        }
        return disposal.Id.Value;
    }

    public async Task RecordResolutionAsync(long id, ResolutionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var disposal = await LoadAsync(id, input.Version, ct);
        var on = Inputs.NotAfterToday(input.ResolutionOn, Today, "resolutionOn", "会议日期");
        if (input.RepresentativesTotal > MaxRepresentatives)
        {
            throw new DomainException("disposals.counts", $"应到代表人数不超过 {MaxRepresentatives}。", "representativesTotal");
        }
        disposal.RecordResolution(on, input.RepresentativesTotal, input.RepresentativesPresent, input.VotesFor, input.Note);
        await Versions.SaveAsync(db, ct);
    }

    public async Task ApproveByTownshipAsync(long id, DisposalApprovalInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var disposal = await LoadAsync(id, input.Version, ct);
        disposal.ApproveByTownship(Inputs.NotAfterToday(input.On, Today, "on", "审核日期"), db.Access.ActorName, input.Opinion);
        await Versions.SaveAsync(db, ct);
    }

    public async Task ApproveByCountyAsync(long id, DisposalApprovalInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var disposal = await LoadAsync(id, input.Version, ct);
        disposal.ApproveByCounty(Inputs.NotAfterToday(input.On, Today, "on", "审批日期"), db.Access.ActorName, input.Opinion);
        await Versions.SaveAsync(db, ct);
    }

    public async Task RejectAsync(long id, RejectionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var disposal = await LoadAsync(id, input.Version, ct);
        disposal.Reject(input.Reason);
        await Versions.SaveAsync(db, ct);
    }

    public async Task CompleteAsync(long id, CompletionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var disposal = await LoadAsync(id, input.Version, ct);
        var asset = await db.Assets.AsSplitQuery().SingleOrDefaultAsync(a => a.Id == disposal.AssetId, ct)
            ?? throw new NotFoundException("disposals.asset_not_found", "处置的资产不在您的权限范围内。");
        var v = new Validation();
        var on = v.Try("completedOn", () => Inputs.NotAfterToday(input.CompletedOn, Today, "completedOn", "完成日期"));
        var proceeds = v.Try("proceeds", () => Inputs.Yuan(input.Proceeds ?? Money.Zero, "proceeds", "处置收入"));
        v.ThrowIfAny();
        var now = clock.GetUtcNow();
        disposal.Complete(asset, on, proceeds, input.Buyer, now, db.Access.ActorName);
        if (proceeds > Money.Zero)
        {
            var note = $"资产处置（{AssetNames.Of(disposal.Method)}）收入" + (disposal.Buyer is null ? "" : $"，受让方 {disposal.Buyer}");
            db.AssetIncomes.Add(new AssetIncome(asset, IncomeKind.DisposalProceeds, on, proceeds, note, null, disposal.Id.Value, db.Access.ActorName, now));
        }
        await Versions.SaveAsync(db, ct);
    }

    private DateOnly Today => BusinessCalendar.Today(clock);

    private async Task<Disposal> LoadAsync(long id, int? version, CancellationToken ct)
    {
        var disposal = await db.Disposals.SingleOrDefaultAsync(d => d.Id == new DisposalId(id), ct)
            ?? throw new NotFoundException("disposals.not_found", $"处置 {id} 不存在或不在您的权限范围内。");
        Versions.Expect(disposal.Version, version);
        return disposal;
    }
}

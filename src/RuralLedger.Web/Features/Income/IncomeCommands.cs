using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Features.Contracts;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Income;

public sealed record IncomeFilter
{
    public int? Year { get; init; }

    public string? Township { get; init; }

    public string? Village { get; init; }

    public IncomeKind? Kind { get; init; }

    public long? AssetId { get; init; }

    public int? Page { get; init; }

    /// <summary>1–500; 100 when omitted.</summary>
    public int? PageSize { get; init; }
}

public sealed record IncomeItem(
    long Id, long AssetId, string AssetCode, string AssetName, string PlaceName, IncomeKind Kind, string KindName, DateOnly ReceivedOn, Money Amount,
    string? Note, long? ContractId, long? SourceId, string Owner, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record KindTotal(IncomeKind Kind, string KindName, Money Amount, int Count);

public sealed record IncomePage(IReadOnlyList<IncomeItem> Items, int Total, int Page, int PageSize, Money Sum, IReadOnlyList<KindTotal> ByKind);

public sealed record AssetIncomeView(long AssetId, string AssetCode, string AssetName, string PlaceName, AssetStatus Status, string StatusName, Money Sum, IReadOnlyList<IncomeItem> Items);

/// <summary>Other income of an asset (其他收益). A negative amount corrects an earlier row, named by <c>correctsId</c>.</summary>
public sealed record OtherIncomeInput(DateOnly? ReceivedOn, Money? Amount, string? Note, long? CorrectsId);

/// <summary>
/// The asset income ledger (资产收益台账): contract receipts and disposal proceeds booked by their own writers, and other
/// income entered here. Rows are never edited; a wrong one is offset by a negative row that names it.
/// </summary>
public sealed class IncomeCommands(RuralDbContext db, TimeProvider clock)
{
    public const int MaxPerAsset = 1000;

    public async Task<IncomePage> ListAsync(IncomeFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.AssetIncomes.AsNoTracking();
        if (filter.Year is { } year)
        {
            query = query.Where(i => i.Year == year);
        }
        if (!string.IsNullOrWhiteSpace(filter.Village))
        {
            var village = DivisionCode.Parse(filter.Village, "village");
            query = query.Where(i => i.VillageCode == village);
        }
        else if (!string.IsNullOrWhiteSpace(filter.Township))
        {
            var township = DivisionCode.Parse(filter.Township, "township");
            query = query.Where(i => i.TownshipCode == township);
        }
        if (filter.Kind is { } kind)
        {
            query = query.Where(i => i.Kind == kind);
        }
        if (filter.AssetId is { } assetId)
        {
            var aid = new AssetId(assetId);
            query = query.Where(i => i.AssetId == aid);
        }
        // Money is stored as fen through a converter, which SQL can't sum through; the filtered amounts are summed here.
        var amounts = await query.Select(i => new { i.Kind, i.Amount }).ToListAsync(ct);
        var byKind = Enum.GetValues<IncomeKind>().Select(k =>
        {
            var rows = amounts.Where(a => a.Kind == k).ToList();
            return new KindTotal(k, AssetNames.Of(k), Money.Sum(rows.Select(r => r.Amount)), rows.Count);
        }).ToList();
        var pageSize = Math.Clamp(filter.PageSize ?? 100, 1, 500);
        var page = Math.Clamp(filter.Page ?? 1, 1, 1_000_000);
        var rows = await query.OrderByDescending(i => i.ReceivedOn).ThenByDescending(i => i.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var items = await ItemsAsync(rows, ct);
        return new IncomePage(items, amounts.Count, page, pageSize, Money.Sum(amounts.Select(a => a.Amount)), byKind);
    }

    public async Task<AssetIncomeView> ForAssetAsync(long assetId, CancellationToken ct)
    {
        var asset = await FindAssetAsync(assetId, ct);
        var rows = await db.AssetIncomes.AsNoTracking().Where(i => i.AssetId == asset.Id)
            .OrderByDescending(i => i.ReceivedOn).ThenByDescending(i => i.Id).Take(MaxPerAsset).ToListAsync(ct);
        var amounts = await db.AssetIncomes.AsNoTracking().Where(i => i.AssetId == asset.Id).Select(i => i.Amount).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, [asset.TownshipCode, asset.VillageCode], ct);
        return new AssetIncomeView(asset.Id.Value, asset.Code, asset.Name, PlaceNames.Of(names, asset.TownshipCode, asset.VillageCode),
            asset.Status, AssetNames.Of(asset.Status), Money.Sum(amounts), await ItemsAsync(rows, ct));
    }

    public async Task<long> AddOtherAsync(long assetId, OtherIncomeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var asset = await FindAssetAsync(assetId, ct);
        var v = new Validation();
        var amount = v.Try("amount", () => Inputs.Yuan(input.Amount, "amount", "金额"));
        var on = v.Try("receivedOn", () => Inputs.NotAfterToday(input.ReceivedOn, BusinessCalendar.Today(clock), "receivedOn", "收益日期"));
        var note = input.Note?.Trim();
        v.ThrowIfAny();
        if (amount.IsNegative)
        {
            note = await CorrectionNoteAsync(asset, amount, input.CorrectsId, note, ct);
        }
        else if (input.CorrectsId is not null)
        {
            throw new DomainException("income.correction_negative", "更正以负数冲减原记录，金额应为负数。", "amount");
        }
        var income = new AssetIncome(asset, IncomeKind.Other, on, amount, note, null, null, db.Access.ActorName, clock.GetUtcNow());
        db.AssetIncomes.Add(income);
        await db.SaveChangesAsync(ct);
        return income.Id.Value;
    }

    /// <summary>A correction names the row it offsets, stays within it, and says why.</summary>
    private async Task<string> CorrectionNoteAsync(Asset asset, Money amount, long? correctsId, string? note, CancellationToken ct)
    {
        if (correctsId is null)
        {
            throw new DomainException("income.correction_target", "负数金额用于更正，须指明被更正的收益记录。", "correctsId");
        }
        var wrong = await db.AssetIncomes.AsNoTracking().SingleOrDefaultAsync(i => i.Id == new AssetIncomeId(correctsId.Value) && i.AssetId == asset.Id, ct)
            ?? throw new DomainException("income.correction_target", $"本资产没有编号为 {correctsId} 的收益记录。", "correctsId");
        if (wrong.Amount.IsNegative || -amount > wrong.Amount)
        {
            throw new DomainException("income.correction_amount", $"冲减金额不能超过原记录金额 {wrong.Amount}。", "amount");
        }
        if (string.IsNullOrWhiteSpace(note))
        {
            throw new DomainException("income.correction_reason", "更正须说明原因。", "note");
        }
        if (note.Length > 140)
        {
            throw new DomainException("income.correction_reason", "更正说明不超过 140 个字。", "note");
        }
        return $"更正第 {wrong.Id} 号收益（{BusinessCalendar.Format(wrong.ReceivedOn)}，{wrong.Amount}）：{note}";
    }

    private async Task<Asset> FindAssetAsync(long assetId, CancellationToken ct)
    {
        var id = new AssetId(assetId);
        return await db.Assets.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("assets.not_found", $"资产 {assetId} 不存在或不在您的权限范围内。");
    }

    private async Task<List<IncomeItem>> ItemsAsync(List<AssetIncome> rows, CancellationToken ct)
    {
        var assetIds = rows.Select(r => r.AssetId).Distinct().ToList();
        var assets = await db.Assets.AsNoTracking().Where(a => assetIds.Contains(a.Id)).Select(a => new { a.Id, a.Code, a.Name }).ToDictionaryAsync(a => a.Id, ct);
        var names = await PlaceNames.LoadAsync(db, rows.SelectMany(r => new[] { r.TownshipCode, r.VillageCode }), ct);
        return rows.Select(i => new IncomeItem(
            i.Id.Value, i.AssetId.Value, assets.GetValueOrDefault(i.AssetId)?.Code ?? "", assets.GetValueOrDefault(i.AssetId)?.Name ?? "",
            PlaceNames.Of(names, i.TownshipCode, i.VillageCode), i.Kind, AssetNames.Of(i.Kind), i.ReceivedOn, i.Amount, i.Note,
            i.ContractId?.Value, i.SourceId, i.Owner, i.RecordedBy, i.RecordedAt)).ToList();
    }
}

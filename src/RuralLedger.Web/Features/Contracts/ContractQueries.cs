using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Contracts;

/// <summary>A contract's state as the list shows it: 已到期 is derived (still active on paper, its end date passed).</summary>
public enum ContractState
{
    Active = 1,
    Expired = 2,
    Terminated = 3,
}

public sealed record ContractFilter
{
    public ContractState? Status { get; init; }

    public OperationMode? Mode { get; init; }

    public OperatorKind? OperatorKind { get; init; }

    public string? Township { get; init; }

    public string? Village { get; init; }

    public long? AssetId { get; init; }

    /// <summary>Part of the contract number or operator name, or a full credit code.</summary>
    public string? Q { get; init; }

    public int? Page { get; init; }

    /// <summary>1–200; 50 when omitted.</summary>
    public int? PageSize { get; init; }
}

public sealed record ContractListItem(
    long Id, string Number, string OperatorName, OperatorKind OperatorKind, string OperatorKindName, OperationMode Mode, string ModeName,
    string PlaceName, DateOnly StartOn, DateOnly EndOn, ContractState State, string StateName, ConsiderationKind Consideration, string ConsiderationName,
    Money AnnualAmount, Money ReceivableToDate, Money Received, Money OutstandingToDate);

public sealed record ContractPage(IReadOnlyList<ContractListItem> Items, int Total, int Page, int PageSize);

public sealed record ContractAssetView(long AssetId, string Code, string Name, Money ValueAtSigning, AssetStatus Status, string StatusName);

public sealed record BidView(string BidderName, string? CreditCode, Money AnnualAmount, bool Won);

public sealed record InstalmentView(long Id, string Period, DateOnly DueOn, Money Amount, Money Paid, Money Outstanding, bool Cancelled, int DaysOverdue);

public sealed record ReceiptView(long Id, DateOnly ReceivedOn, Money Amount, string? Reference, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A year's employment report; <c>ShareToPoor</c> is WagesToPoor of Wages in basis points, half away from zero (none when no wages).</summary>
public sealed record EmploymentView(int Year, int Jobs, int PoorPeople, int PoorHouseholds, Money Wages, Money WagesToPoor, Rate? ShareToPoor);

public sealed record ContractView(
    long Id, string Number, string CountyCode, string? TownshipCode, string? VillageCode, string PlaceName,
    OperatorKind OperatorKind, string OperatorKindName, string OperatorName, string? OperatorCreditCode, string? OperatorContact,
    OperationMode Mode, string ModeName, DateOnly SignedOn, DateOnly StartOn, int TermMonths, DateOnly EndOn,
    ConsiderationKind Consideration, string ConsiderationName, Money AnnualAmount, Rate? RatePercent,
    PaymentFrequency Frequency, string FrequencyName, int GraceDays,
    ContractStatus Status, ContractState State, string StateName, bool ExpiresSoon,
    DateOnly? TerminatedOn, string? TerminationReason, bool Breach, string? BreachDescription, int Version,
    Money Receivable, Money Received, Money Outstanding, Money Overdue,
    IReadOnlyList<ContractAssetView> Assets, IReadOnlyList<BidView> Bids, IReadOnlyList<InstalmentView> Schedule,
    IReadOnlyList<ReceiptView> Receipts, IReadOnlyList<EmploymentView> Employment);

public sealed record ArrearsRow(
    long ContractId, string Number, string OperatorName, string PlaceName, ContractState State,
    Money UpTo30, Money UpTo90, Money UpTo180, Money Over180, Money Total, int MaxDaysOverdue);

public sealed record ArrearsTotals(Money UpTo30, Money UpTo90, Money UpTo180, Money Over180, Money Total);

public sealed record ArrearsReport(DateOnly AsOf, IReadOnlyList<ArrearsRow> Rows, ArrearsTotals Totals);

public sealed record AssetChoice(long Id, string Code, string Name, string PlaceName, Money OriginalValue, AssetStatus Status, string StatusName);

public sealed record ExpiringItem(long Id, string Number, string OperatorName, string PlaceName, DateOnly EndOn, int DaysLeft, Money AnnualAmount);

/// <summary>Reads of contracts, always within the caller's scope (query filters).</summary>
public sealed class ContractQueries(RuralDbContext db, TimeProvider clock)
{
    public const int MaxExpiring = 500;

    public static string StateName(ContractState s) => s switch
    {
        ContractState.Active => "履行中",
        ContractState.Expired => "已到期",
        ContractState.Terminated => "已终止",
    };

    public static ContractState StateOf(ContractStatus status, DateOnly endOn, DateOnly today) =>
        status == ContractStatus.Terminated ? ContractState.Terminated : endOn < today ? ContractState.Expired : ContractState.Active;

    public async Task<ContractPage> ListAsync(ContractFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var today = BusinessCalendar.Today(clock);
        var query = db.Contracts.AsNoTracking();
        switch (filter.Status)
        {
            case ContractState.Active:
                query = query.Where(c => c.Status == ContractStatus.Active && c.EndOn >= today);
                break;
            case ContractState.Expired:
                query = query.Where(c => c.Status == ContractStatus.Active && c.EndOn < today);
                break;
            case ContractState.Terminated:
                query = query.Where(c => c.Status == ContractStatus.Terminated);
                break;
            case null:
                break;
        }
        if (filter.Mode is { } mode)
        {
            query = query.Where(c => c.Mode == mode);
        }
        if (filter.OperatorKind is { } kind)
        {
            query = query.Where(c => c.OperatorKind == kind);
        }
        if (!string.IsNullOrWhiteSpace(filter.Village))
        {
            var village = DivisionCode.Parse(filter.Village, "village");
            query = query.Where(c => c.VillageCode == village);
        }
        else if (!string.IsNullOrWhiteSpace(filter.Township))
        {
            var township = DivisionCode.Parse(filter.Township, "township");
            query = query.Where(c => c.TownshipCode == township);
        }
        if (filter.AssetId is { } assetId)
        {
            var aid = new AssetId(assetId);
            query = query.Where(c => c.Assets.Any(a => a.AssetId == aid));
        }
        var q = SearchText.Normalise(filter.Q);
        if (q.Length > 0)
        {
            var code = q.ToUpperInvariant();
            query = query.Where(c => c.Number.Contains(code) || c.OperatorName.Contains(q) || c.OperatorCreditCode == code);
        }
        var pageSize = Math.Clamp(filter.PageSize ?? 50, 1, 200);
        var page = Math.Clamp(filter.Page ?? 1, 1, 1_000_000);
        var total = await query.CountAsync(ct);
        var ids = await query.OrderByDescending(c => c.SignedOn).ThenByDescending(c => c.Id)
            .Select(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var contracts = await db.Contracts.AsNoTracking().AsSplitQuery().Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, contracts.SelectMany(c => new[] { c.TownshipCode, c.VillageCode }), ct);
        var items = ids.Select(id => contracts.Single(c => c.Id == id)).Select(c =>
        {
            var state = StateOf(c.Status, c.EndOn, today);
            var due = c.Receivables.Where(r => !r.Cancelled && r.DueOn <= today).ToList();
            return new ContractListItem(c.Id.Value, c.Number, c.OperatorName, c.OperatorKind, AssetNames.Of(c.OperatorKind), c.Mode, AssetNames.Of(c.Mode),
                PlaceNames.Of(names, c.TownshipCode, c.VillageCode), c.StartOn, c.EndOn, state, StateName(state), c.Consideration, AssetNames.Of(c.Consideration),
                c.AnnualAmount, Money.Sum(due.Select(r => r.Amount)), c.Received, Money.Sum(due.Select(r => r.Outstanding)));
        }).ToList();
        return new ContractPage(items, total, page, pageSize);
    }

    public async Task<ContractView> GetAsync(long id, CancellationToken ct)
    {
        var contractId = new ContractId(id);
        var c = await db.Contracts.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(x => x.Id == contractId, ct)
            ?? throw new NotFoundException("contracts.not_found", $"合同 {id} 不存在或不在您的权限范围内。");
        var today = BusinessCalendar.Today(clock);
        var assetIds = c.Assets.Select(a => a.AssetId).ToList();
        var assets = await db.Assets.AsNoTracking().Where(a => assetIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Code, a.Name, a.Status }).ToDictionaryAsync(a => a.Id, ct);
        var names = await PlaceNames.LoadAsync(db, [c.TownshipCode, c.VillageCode], ct);
        var state = StateOf(c.Status, c.EndOn, today);
        return new ContractView(
            c.Id.Value, c.Number, c.CountyCode, c.TownshipCode?.Value, c.VillageCode?.Value, PlaceNames.Of(names, c.TownshipCode, c.VillageCode),
            c.OperatorKind, AssetNames.Of(c.OperatorKind), c.OperatorName, c.OperatorCreditCode, c.OperatorContact,
            c.Mode, AssetNames.Of(c.Mode), c.SignedOn, c.StartOn, c.TermMonths, c.EndOn,
            c.Consideration, AssetNames.Of(c.Consideration), c.AnnualAmount, Inputs.Percent(c.RateBasisPoints),
            c.Frequency, AssetNames.Of(c.Frequency), c.GraceDays,
            c.Status, state, StateName(state), c.ExpiresSoon(today),
            c.TerminatedOn, c.TerminationReason, c.Breach, c.BreachDescription, c.Version,
            c.Receivable, c.Received, c.Outstanding,
            Money.Sum(c.Receivables.Where(r => r.DueOn < today).Select(r => r.Outstanding)),
            c.Assets.OrderBy(a => a.Id).Select(a => assets.TryGetValue(a.AssetId, out var x)
                ? new ContractAssetView(a.AssetId.Value, x.Code, x.Name, a.ValueAtSigning, x.Status, AssetNames.Of(x.Status))
                : new ContractAssetView(a.AssetId.Value, "", "（不在您的权限范围内）", a.ValueAtSigning, AssetStatus.InUse, "")).ToList(),
            c.Bids.OrderBy(b => b.Id).Select(b => new BidView(b.BidderName, b.CreditCode, b.AnnualAmount, b.Won)).ToList(),
            c.Receivables.OrderBy(r => r.DueOn).ThenBy(r => r.Id).Select(r => new InstalmentView(
                r.Id, r.Period, r.DueOn, r.Amount, r.Paid, r.Outstanding, r.Cancelled,
                r.Outstanding > Money.Zero && r.DueOn < today ? today.DayNumber - r.DueOn.DayNumber : 0)).ToList(),
            c.Receipts.OrderBy(r => r.ReceivedOn).ThenBy(r => r.Id).Select(r => new ReceiptView(r.Id, r.ReceivedOn, r.Amount, r.Reference, r.RecordedBy, r.RecordedAt)).ToList(),
            c.Employment.OrderBy(e => e.Year).Select(e => new EmploymentView(e.Year, e.Jobs, e.PoorPeople, e.PoorHouseholds, e.Wages, e.WagesToPoor, e.ShareToPoor)).ToList());
    }

    /// <summary>
    /// 欠款账龄: every instalment due before <paramref name="asOf"/> and not fully paid, aged by days past its due date.
    /// Amounts are what is unpaid now; cancelled instalments (after a termination) are not owed.
    /// </summary>
    public async Task<ArrearsReport> ArrearsAsync(DateOnly? asOf, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var day = asOf ?? today;
        var lines = await (
                from c in db.Contracts.AsNoTracking()
                from r in c.Receivables
                where !r.Cancelled && r.DueOn < day && r.Paid != r.Amount
                select new { ContractId = c.Id, r.DueOn, r.Amount, r.Paid })
            .ToListAsync(ct);
        var contractIds = lines.Select(l => l.ContractId).Distinct().ToList();
        var heads = await db.Contracts.AsNoTracking().Where(c => contractIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Number, c.OperatorName, c.TownshipCode, c.VillageCode, c.Status, c.EndOn })
            .ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, heads.SelectMany(h => new[] { h.TownshipCode, h.VillageCode }), ct);
        var rows = new List<ArrearsRow>();
        foreach (var h in heads)
        {
            var buckets = ArrearsAging.Buckets.ToDictionary(b => b, _ => Money.Zero);
            var maxDays = 0;
            foreach (var l in lines.Where(l => l.ContractId == h.Id))
            {
                if (ArrearsAging.BucketOf(l.DueOn, day) is { } bucket)
                {
                    buckets[bucket] += l.Amount - l.Paid;
                    maxDays = Math.Max(maxDays, day.DayNumber - l.DueOn.DayNumber);
                }
            }
            var total = Money.Sum(buckets.Values);
            if (total <= Money.Zero)
            {
                continue;
            }
            var state = StateOf(h.Status, h.EndOn, today);
            rows.Add(new ArrearsRow(h.Id.Value, h.Number, h.OperatorName, PlaceNames.Of(names, h.TownshipCode, h.VillageCode), state,
                buckets[AgingBucket.UpTo30], buckets[AgingBucket.UpTo90], buckets[AgingBucket.UpTo180], buckets[AgingBucket.Over180],
                total, maxDays));
        }
        rows = rows.OrderByDescending(r => r.MaxDaysOverdue).ThenByDescending(r => r.Total).ThenBy(r => r.Number, StringComparer.Ordinal).ToList();
        var totals = new ArrearsTotals(Money.Sum(rows.Select(r => r.UpTo30)), Money.Sum(rows.Select(r => r.UpTo90)), Money.Sum(rows.Select(r => r.UpTo180)), Money.Sum(rows.Select(r => r.Over180)), Money.Sum(rows.Select(r => r.Total)));
        return new ArrearsReport(day, rows, totals);
    }

    public const int MaxSuggestions = 300;

    /// <summary>Assets in scope by code or id (for the contract form), disposed ones included so the form can say why not.</summary>
    public async Task<IReadOnlyList<AssetChoice>> FindAssetsAsync(IReadOnlyCollection<string> codes, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var assetIds = ids.Select(i => new AssetId(i)).ToList();
        var rows = await db.Assets.AsNoTracking().Where(a => codes.Contains(a.Code) || assetIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Code, a.Name, a.TownshipCode, a.VillageCode, a.OriginalValue, a.Status }).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, rows.SelectMany(r => new[] { r.TownshipCode, r.VillageCode }), ct);
        return rows.Select(r => new AssetChoice(r.Id.Value, r.Code, r.Name, PlaceNames.Of(names, r.TownshipCode, r.VillageCode), r.OriginalValue, r.Status, AssetNames.Of(r.Status))).ToList();
    }

    /// <summary>Operating assets in scope that may be contracted (not disposed), newest first, for the form's suggestions.</summary>
    public async Task<IReadOnlyList<AssetChoice>> SuggestAssetsAsync(CancellationToken ct)
    {
        var rows = await db.Assets.AsNoTracking().Where(a => a.Status != AssetStatus.Disposed && a.Class == AssetClass.Operating)
            .OrderByDescending(a => a.Id).Take(MaxSuggestions)
            .Select(a => new { a.Id, a.Code, a.Name, a.OriginalValue, a.Status }).ToListAsync(ct);
        return rows.Select(r => new AssetChoice(r.Id.Value, r.Code, r.Name, "", r.OriginalValue, r.Status, AssetNames.Of(r.Status))).ToList();
    }

    /// <summary>Active contracts ending within the next 60 days (<see cref="Contract.ExpiryWarningDays"/>), soonest first.</summary>
    public async Task<IReadOnlyList<ExpiringItem>> ExpiringAsync(CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var until = today.AddDays(Contract.ExpiryWarningDays);
        var rows = await db.Contracts.AsNoTracking()
            .Where(c => c.Status == ContractStatus.Active && c.EndOn >= today && c.EndOn <= until)
            .OrderBy(c => c.EndOn).ThenBy(c => c.Id).Take(MaxExpiring)
            .Select(c => new { c.Id, c.Number, c.OperatorName, c.TownshipCode, c.VillageCode, c.EndOn, c.AnnualAmount })
            .ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, rows.SelectMany(r => new[] { r.TownshipCode, r.VillageCode }), ct);
        return rows.Select(r => new ExpiringItem(r.Id.Value, r.Number, r.OperatorName, PlaceNames.Of(names, r.TownshipCode, r.VillageCode),
            r.EndOn, r.EndOn.DayNumber - today.DayNumber, r.AnnualAmount)).ToList();
    }
}

using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Core.Income;

/// <summary>
/// Income an asset earned: contract receipts (written automatically, split over the contract's assets by
/// value), other income entered by hand, and disposal proceeds. The income issue pools these per owner and year.
/// Never edited: a wrong entry is corrected by a negative entry that names it.
/// </summary>
public sealed class AssetIncome : IAreaScoped
{
    private AssetIncome()
    {
        CountyCode = "";
        Owner = "";
        RecordedBy = "";
    }

    public AssetIncome(Asset asset, IncomeKind kind, DateOnly receivedOn, Money amount, string? note, ContractId? contractId, long? sourceId, string recordedBy, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(asset);
        AssetId = asset.Id;
        (CountyCode, TownshipCode, VillageCode) = asset.Place;
        Kind = kind;
        ReceivedOn = receivedOn;
        Year = receivedOn.Year;
        if (amount == Money.Zero)
        {
            throw new DomainException("income.zero", "收益金额不能为零。", "amount");
        }
        Amount = amount;
        Note = ProjectRules.Optional(note, "note", "说明", 200);
        ContractId = contractId;
        SourceId = sourceId;
        Owner = asset.OwnersText;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public AssetIncomeId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public AssetId AssetId { get; private set; }

    public IncomeKind Kind { get; private set; }

    public DateOnly ReceivedOn { get; private set; }

    public int Year { get; private set; }

    public Money Amount { get; private set; }

    public string? Note { get; private set; }

    public ContractId? ContractId { get; private set; }

    /// <summary>The receipt or disposal that produced this row, if any.</summary>
    public long? SourceId { get; private set; }

    /// <summary>The owners at the time, as text (the pool belongs to them).</summary>
    public string Owner { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>The distribution plan that took this income into its pool; null while undistributed. One plan at a time.</summary>
    public DistributionPlanId? PlanId { get; private set; }

    public void TakeInto(DistributionPlanId planId)
    {
        if (PlanId is not null && PlanId != planId)
        {
            throw new ConflictException("income.already_distributed", $"收益记录 {Id} 已纳入另一分配方案。", "incomeIds");
        }
        PlanId = planId;
    }

    /// <summary>Released when the plan that took it is discarded before posting, or reversed after.</summary>
    public void Release(DistributionPlanId planId)
    {
        if (PlanId == planId)
        {
            PlanId = null;
        }
    }
}

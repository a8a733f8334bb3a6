using RuralLedger.Core.Areas;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Core.Assets;

/// <summary>How much of which fund built an asset. The asset's original value is the sum of its lines.</summary>
public sealed class AssetFunding
{
    private AssetFunding()
    {
    }

    internal AssetFunding(FundSourceId fundSourceId, Money amount)
    {
        FundSourceId = fundSourceId;
        Amount = amount;
    }

    public long Id { get; private set; }

    public FundSourceId FundSourceId { get; private set; }

    public Money Amount { get; private set; }
}

/// <summary>
/// One owner's share in basis points (1/100 of a percent): joint ownership is exact only if the shares sum to
/// 10,000, i.e. 100.00%. <see cref="HolderCode"/> is the holder's credit code or area code when it has one.
/// </summary>
public sealed class AssetShare
{
    private AssetShare()
    {
        HolderName = "";
    }

    internal AssetShare(HolderKind kind, string name, string? code, HouseholdId? householdId, int basisPoints)
    {
        HolderKind = kind;
        HolderName = name;
        HolderCode = code;
        HouseholdId = householdId;
        BasisPoints = basisPoints;
    }

    public long Id { get; private set; }

    public HolderKind HolderKind { get; private set; }

    public string HolderName { get; private set; }

    public string? HolderCode { get; private set; }

    public HouseholdId? HouseholdId { get; private set; }

    public int BasisPoints { get; private set; }

    public string Percent => (BasisPoints / 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "%";
}

/// <summary>A holder and share as entered (before it becomes part of an asset).</summary>
public sealed record ShareLine(HolderKind Kind, string? Name, string? Code, HouseholdId? HouseholdId, int BasisPoints);

/// <summary>One status change of an asset, with the reason the officer gave.</summary>
public sealed class AssetStatusChange
{
    private AssetStatusChange()
    {
        Reason = "";
        RecordedBy = "";
    }

    internal AssetStatusChange(AssetStatus? from, AssetStatus to, DateOnly on, string reason, string by, DateTimeOffset at)
    {
        FromStatus = from;
        ToStatus = to;
        EffectiveOn = on;
        Reason = reason;
        RecordedBy = by;
        RecordedAt = at;
    }

    public long Id { get; private set; }

    public AssetStatus? FromStatus { get; private set; }

    public AssetStatus ToStatus { get; private set; }

    public DateOnly EffectiveOn { get; private set; }

    public string Reason { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
}

/// <summary>A change of owners: who held it before, who after, why and when (the certificate is reissued separately).</summary>
public sealed class OwnershipChange
{
    private OwnershipChange()
    {
        Before = "";
        After = "";
        Reason = "";
        RecordedBy = "";
    }

    internal OwnershipChange(DateOnly on, string before, string after, string reason, string by)
    {
        EffectiveOn = on;
        Before = before;
        After = after;
        Reason = reason;
        RecordedBy = by;
    }

    public long Id { get; private set; }

    public DateOnly EffectiveOn { get; private set; }

    public string Before { get; private set; }

    public string After { get; private set; }

    public string Reason { get; private set; }

    public string RecordedBy { get; private set; }
}

/// <summary>
/// 资产台账: one asset that poverty-alleviation money built, with its four rights — ownership (shares),
/// operation (through contracts, kept elsewhere), income (who benefits and by which rule) and supervision.
/// </summary>
public sealed class Asset : IAreaScoped
{
    public const int FullShare = 10_000;

    private readonly List<AssetFunding> _funding = [];
    private readonly List<AssetShare> _shares = [];
    private readonly List<AssetStatusChange> _statusHistory = [];
    private readonly List<OwnershipChange> _ownershipHistory = [];

    private Asset()
    {
        CountyCode = "";
        Code = "";
        Name = "";
        Unit = "";
    }

    public Asset(string code, string name, AssetClass assetClass, AssetKind kind, Industry industry, DivisionCode location,
        decimal quantity, string unit, DateOnly formedOn, ProjectId? projectId, IReadOnlyList<FundingLine> funding,
        IReadOnlyList<ShareLine> shares, DateTimeOffset recordedAt, string recordedBy)
    {
        Code = code;
        Name = "";
        Unit = "";
        (CountyCode, TownshipCode, VillageCode) = Place.Of(location);
        ProjectId = projectId;
        Describe(name, assetClass, kind, industry, quantity, unit);
        FormedOn = formedOn;
        SetFunding(funding);
        SetShares(shares);
        Status = AssetStatus.InUse;
        _statusHistory.Add(new AssetStatusChange(null, AssetStatus.InUse, formedOn, "资产形成登记", recordedBy, recordedAt));
    }

    public AssetId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public AssetClass Class { get; private set; }

    public AssetKind Kind { get; private set; }

    public Industry Industry { get; private set; }

    public decimal Quantity { get; private set; }

    public string Unit { get; private set; }

    /// <summary>原值: always the sum of the funding lines, to the fen.</summary>
    public Money OriginalValue { get; private set; }

    public DateOnly FormedOn { get; private set; }

    public AssetStatus Status { get; private set; }

    public ProjectId? ProjectId { get; private set; }

    /// <summary>监管权: the unit answerable for the asset and its responsible person.</summary>
    public string? SupervisionUnit { get; private set; }

    public string? SupervisionPerson { get; private set; }

    /// <summary>收益权: who benefits from the income (e.g. "本村建档立卡脱贫户") and the rule name the distribution applies.</summary>
    public string? Beneficiaries { get; private set; }

    public string IncomeRule { get; private set; } = DefaultDistributionPolicy.Code;

    public int Version { get; private set; }

    public IReadOnlyList<AssetFunding> Funding => _funding;

    public IReadOnlyList<AssetShare> Shares => _shares;

    public IReadOnlyList<AssetStatusChange> StatusHistory => _statusHistory;

    public IReadOnlyList<OwnershipChange> OwnershipHistory => _ownershipHistory;

    public Place Place => new(CountyCode, TownshipCode, VillageCode);

    public string OwnersText => string.Join("；", _shares.Select(s => $"{s.HolderName} {s.Percent}"));

    public void Describe(string? name, AssetClass assetClass, AssetKind kind, Industry industry, decimal quantity, string? unit)
    {
        RefuseIfDisposed();
        Name = ProjectRules.Text(name, "name", "资产名称", 100);
        Class = assetClass;
        Kind = kind;
        Industry = industry;
        if (quantity <= 0 || quantity > 1_000_000_000m || decimal.Round(quantity, 2) != quantity)
        {
            throw new DomainException("assets.quantity", "数量须大于零，最多两位小数。", "quantity");
        }
        Quantity = quantity;
        Unit = ProjectRules.Text(unit, "unit", "计量单位", 10);
        Version++;
    }

    public void SetFunding(IReadOnlyList<FundingLine> funding)
    {
        ArgumentNullException.ThrowIfNull(funding);
        RefuseIfDisposed();
        if (funding.Count == 0)
        {
            throw new DomainException("assets.no_funding", "资产至少有一项资金来源。", "funding");
        }
        if (funding.Any(f => f.Amount <= Money.Zero))
        {
            throw new DomainException("assets.funding_positive", "每项资金金额须大于零。", "funding");
        }
        if (funding.GroupBy(f => f.FundSourceId).Any(g => g.Count() > 1))
        {
            throw new DomainException("assets.duplicate_source", "同一资金来源只能填写一行。", "funding");
        }
        _funding.Clear();
        _funding.AddRange(funding.Select(f => new AssetFunding(f.FundSourceId, f.Amount)));
        OriginalValue = Money.Sum(_funding.Select(f => f.Amount));
        Version++;
    }

    /// <summary>Sets the owners; shares are whole basis points and must sum to exactly 100.00%.</summary>
    public void SetShares(IReadOnlyList<ShareLine> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        RefuseIfDisposed();
        if (shares.Count == 0)
        {
            throw new DomainException("assets.no_owner", "须登记至少一个所有权人。", "shares");
        }
        for (var i = 0; i < shares.Count; i++)
        {
            var s = shares[i];
            if (s.BasisPoints is <= 0 or > FullShare)
            {
                throw new DomainException("assets.share_range", $"第 {i + 1} 个所有权人的份额须在 0.01% 至 100% 之间。", $"shares[{i}].percent");
            }
            ProjectRules.Text(s.Name, $"shares[{i}].name", "所有权人名称", 100);
            if (s.Kind == HolderKind.Household && s.HouseholdId is null)
            {
                throw new DomainException("assets.household_holder", "农户所有权人须关联户档案。", $"shares[{i}].householdId");
            }
        }
        var total = shares.Sum(s => s.BasisPoints);
        if (total != FullShare)
        {
            throw new DomainException("assets.shares_sum", $"共有份额合计须恰好为 100%，现为 {total / 100m:0.##}%。", "shares");
        }
        if (shares.GroupBy(s => (s.Kind, s.Name!.Trim(), s.HouseholdId)).Any(g => g.Count() > 1))
        {
            throw new DomainException("assets.duplicate_owner", "同一所有权人只能登记一次。", "shares");
        }
        _shares.Clear();
        _shares.AddRange(shares.Select(s => new AssetShare(s.Kind, s.Name!.Trim(), string.IsNullOrWhiteSpace(s.Code) ? null : s.Code.Trim(), s.HouseholdId, s.BasisPoints)));
        Version++;
    }

    /// <summary>所有权转移: new owners replace the old, the change is kept with its reason.</summary>
    public void TransferOwnership(IReadOnlyList<ShareLine> shares, DateOnly on, string? reason, string by)
    {
        var why = ProjectRules.Text(reason, "reason", "转移原因", 200);
        var before = OwnersText;
        SetShares(shares);
        _ownershipHistory.Add(new OwnershipChange(on, before, OwnersText, why, by));
    }

    public void SetRights(string? supervisionUnit, string? supervisionPerson, string? beneficiaries, string? incomeRule)
    {
        RefuseIfDisposed();
        SupervisionUnit = ProjectRules.Optional(supervisionUnit, "supervisionUnit", "监管单位", 100);
        SupervisionPerson = ProjectRules.Optional(supervisionPerson, "supervisionPerson", "监管责任人", 30);
        Beneficiaries = ProjectRules.Optional(beneficiaries, "beneficiaries", "受益对象", 200);
        IncomeRule = ProjectRules.Optional(incomeRule, "incomeRule", "收益分配规则", 30) ?? DefaultDistributionPolicy.Code;
        Version++;
    }

    /// <summary>In use ↔ idle ↔ damaged with a reason. Disposal happens only through a completed <see cref="Disposal"/>.</summary>
    public void ChangeStatus(AssetStatus to, DateOnly on, string? reason, DateTimeOffset at, string by)
    {
        RefuseIfDisposed();
        if (to == AssetStatus.Disposed)
        {
            throw new DomainException("assets.dispose_via_disposal", "资产处置须经村民代表会议决议、乡镇审核和县级审批，请走处置流程。", "to");
        }
        if (to == Status)
        {
            throw new ConflictException("assets.same_status", $"资产已是“{AssetNames.Of(to)}”状态。", "to");
        }
        if (on < FormedOn)
        {
            throw new DomainException("assets.status_date", "生效日期不能早于资产形成日期。", "effectiveOn");
        }
        var why = ProjectRules.Text(reason, "reason", "变更原因", 200);
        _statusHistory.Add(new AssetStatusChange(Status, to, on, why, by, at));
        Status = to;
        Version++;
    }

    internal void MarkDisposed(DateOnly on, string reason, DateTimeOffset at, string by)
    {
        RefuseIfDisposed();
        _statusHistory.Add(new AssetStatusChange(Status, AssetStatus.Disposed, on, reason, by, at));
        Status = AssetStatus.Disposed;
        Version++;
    }

    private void RefuseIfDisposed()
    {
        if (Status == AssetStatus.Disposed)
        {
            throw StateConflict.Of("assets.disposed", "资产", AssetNames.Of(Status), "修改");
        }
    }
}

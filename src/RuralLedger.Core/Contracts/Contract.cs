using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Core.Contracts;

public sealed class ContractAsset
{
    private ContractAsset()
    {
    }

    internal ContractAsset(AssetId assetId, Money value)
    {
        AssetId = assetId;
        ValueAtSigning = value;
    }

    public long Id { get; private set; }

    public AssetId AssetId { get; private set; }

    /// <summary>The asset's original value when the contract was signed: the base of a guaranteed return and of splitting receipts.</summary>
    public Money ValueAtSigning { get; private set; }
}

/// <summary>A bid in a public contracting (公开发包); exactly one wins and becomes the operator.</summary>
public sealed class ContractBid
{
    private ContractBid()
    {
        BidderName = "";
    }

    internal ContractBid(string bidderName, string? creditCode, Money annualAmount, bool won)
    {
        BidderName = bidderName;
        CreditCode = creditCode;
        AnnualAmount = annualAmount;
        Won = won;
    }

    public long Id { get; private set; }

    public string BidderName { get; private set; }

    public string? CreditCode { get; private set; }

    public Money AnnualAmount { get; private set; }

    public bool Won { get; private set; }
}

public sealed record BidLine(string? BidderName, string? CreditCode, Money AnnualAmount, bool Won);

/// <summary>One instalment owed under the contract (应收). <see cref="Paid"/> grows as receipts are applied oldest first.</summary>
public sealed class Receivable
{
    private Receivable()
    {
        Period = "";
    }

    internal Receivable(string period, DateOnly dueOn, Money amount)
    {
        Period = period;
        DueOn = dueOn;
        Amount = amount;
    }

    public long Id { get; private set; }

    public string Period { get; private set; }

    public DateOnly DueOn { get; private set; }

    public Money Amount { get; private set; }

    public Money Paid { get; private set; }

    /// <summary>Instalments falling after a termination are cancelled, not deleted, so the schedule stays readable.</summary>
    public bool Cancelled { get; private set; }

    public Money Outstanding => Cancelled ? Money.Zero : Amount - Paid;

    internal void Apply(Money amount) => Paid += amount;

    internal void Cancel() => Cancelled = true;
}

/// <summary>Money received from the operator (收款), never edited afterwards.</summary>
public sealed class Receipt
{
    private Receipt()
    {
        RecordedBy = "";
    }

    internal Receipt(DateOnly receivedOn, Money amount, string? reference, string recordedBy, DateTimeOffset recordedAt)
    {
        ReceivedOn = receivedOn;
        Amount = amount;
        Reference = reference;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public long Id { get; private set; }

    public DateOnly ReceivedOn { get; private set; }

    public Money Amount { get; private set; }

    public string? Reference { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
}

/// <summary>Jobs, registered households covered and wages paid under the contract in one year (带贫成效).</summary>
public sealed class EmploymentReport
{
    private EmploymentReport()
    {
    }

    internal EmploymentReport(int year, int jobs, int poorPeople, int poorHouseholds, Money wages, Money wagesToPoor)
    {
        Year = year;
        Jobs = jobs;
        PoorPeople = poorPeople;
        PoorHouseholds = poorHouseholds;
        Wages = wages;
        WagesToPoor = wagesToPoor;
    }

    public long Id { get; private set; }

    public int Year { get; private set; }

    public int Jobs { get; private set; }

    /// <summary>Registered poor people covered (覆盖建档立卡贫困人口).</summary>
    public int PoorPeople { get; private set; }

    public int PoorHouseholds { get; private set; }

    public Money Wages { get; private set; }

    /// <summary>The part of <see cref="Wages"/> paid to registered poor households.</summary>
    public Money WagesToPoor { get; private set; }

    /// <summary>带贫工资占比: <see cref="WagesToPoor"/> of <see cref="Wages"/> (see <see cref="Rate.ShareOf"/> for the rounding).</summary>
    public Rate? ShareToPoor => Rate.ShareOf(WagesToPoor, Wages);
}

public sealed record ContractTerms(
    OperatorKind OperatorKind, string? OperatorName, string? OperatorCreditCode, string? OperatorContact,
    OperationMode Mode, DateOnly SignedOn, DateOnly StartOn, int TermMonths,
    ConsiderationKind Consideration, Money AnnualRent, int RateBasisPoints, PaymentFrequency Frequency, int GraceDays);

/// <summary>
/// 经营合同: the operation right of one or more assets handed to an operator for a term, against fixed rent,
/// a guaranteed return (a percentage of the assets' value a year) or a profit share. The schedule of
/// receivables follows from the terms; receipts are applied to the oldest open instalment first.
/// </summary>
public sealed class Contract : IAreaScoped
{
    public const int ExpiryWarningDays = 60;

    private readonly List<ContractAsset> _assets = [];
    private readonly List<ContractBid> _bids = [];
    private readonly List<Receivable> _receivables = [];
    private readonly List<Receipt> _receipts = [];
    private readonly List<EmploymentReport> _employment = [];

    private Contract()
    {
        CountyCode = "";
        Number = "";
        OperatorName = "";
    }

    public Contract(string number, IReadOnlyList<Asset> assets, ContractTerms terms, IReadOnlyList<BidLine> bids)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(bids);
        Number = number;
        if (assets.Count == 0)
        {
            throw new DomainException("contracts.no_asset", "合同至少包含一项资产。", "assetIds");
        }
        var place = assets[0].Place;
        foreach (var a in assets)
        {
            if (a.Status == AssetStatus.Disposed)
            {
                throw new DomainException("contracts.asset_disposed", $"资产 {a.Code} 已处置，不能签订经营合同。", "assetIds");
            }
            place = place.CommonWith(a.Place);
            _assets.Add(new ContractAsset(a.Id, a.OriginalValue));
        }
        (CountyCode, TownshipCode, VillageCode) = place;

        OperatorKind = terms.OperatorKind;
        OperatorName = ProjectRules.Text(terms.OperatorName, "operatorName", "经营主体名称", 100);
        if (terms.OperatorKind is OperatorKind.Enterprise or OperatorKind.Cooperative)
        {
            OperatorCreditCode = CreditCode.Parse(terms.OperatorCreditCode, "operatorCreditCode").Value;
        }
        else if (!string.IsNullOrWhiteSpace(terms.OperatorCreditCode))
        {
            OperatorCreditCode = CreditCode.Parse(terms.OperatorCreditCode, "operatorCreditCode").Value;
        }
        OperatorContact = ProjectRules.Optional(terms.OperatorContact, "operatorContact", "联系人", 50);
        Mode = terms.Mode;
        if (terms.TermMonths is < 1 or > 600)
        {
            throw new DomainException("contracts.term", "合同期限应为 1–600 个月。", "termMonths");
        }
        if (terms.StartOn < terms.SignedOn.AddYears(-1))
        {
            throw new DomainException("contracts.start_date", "起始日期与签订日期相差过大。", "startOn");
        }
        if (terms.TermMonths % (12 / (int)terms.Frequency) != 0)
        {
            throw new DomainException("contracts.term_periods", $"合同期限须为付款周期（{AssetNames.Of(terms.Frequency)}）的整数倍。", "termMonths");
        }
        if (terms.GraceDays is < 0 or > 365)
        {
            throw new DomainException("contracts.grace", "付款宽限天数应在 0–365 之间。", "graceDays");
        }
        SignedOn = terms.SignedOn;
        StartOn = terms.StartOn;
        TermMonths = terms.TermMonths;
        EndOn = terms.StartOn.AddMonths(terms.TermMonths).AddDays(-1);
        Consideration = terms.Consideration;
        Frequency = terms.Frequency;
        GraceDays = terms.GraceDays;
        switch (terms.Consideration)
        {
            case ConsiderationKind.FixedRent:
                if (terms.AnnualRent <= Money.Zero)
                {
                    throw new DomainException("contracts.rent", "固定租金须大于零。", "annualRent");
                }
                AnnualAmount = terms.AnnualRent;
                break;
            case ConsiderationKind.GuaranteedReturn:
                RequireRate(terms.RateBasisPoints);
                RateBasisPoints = terms.RateBasisPoints;
                AnnualAmount = GuaranteedReturn(Money.Sum(_assets.Select(a => a.ValueAtSigning)), terms.RateBasisPoints);
                break;
            case ConsiderationKind.ProfitShare:
                RequireRate(terms.RateBasisPoints);
                RateBasisPoints = terms.RateBasisPoints;
                AnnualAmount = Money.Zero;
                break;
        }
        SetBids(bids);
        BuildSchedule();
        Status = ContractStatus.Active;
    }

    public ContractId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public string Number { get; private set; }

    public OperatorKind OperatorKind { get; private set; }

    public string OperatorName { get; private set; }

    public string? OperatorCreditCode { get; private set; }

    public string? OperatorContact { get; private set; }

    public OperationMode Mode { get; private set; }

    public DateOnly SignedOn { get; private set; }

    public DateOnly StartOn { get; private set; }

    public int TermMonths { get; private set; }

    public DateOnly EndOn { get; private set; }

    public ConsiderationKind Consideration { get; private set; }

    /// <summary>What is owed a year: the fixed rent, or the guaranteed return worked out from the assets' value. Zero for a profit share.</summary>
    public Money AnnualAmount { get; private set; }

    /// <summary>Guaranteed return or profit share in basis points (800 = 8%).</summary>
    public int RateBasisPoints { get; private set; }

    public PaymentFrequency Frequency { get; private set; }

    /// <summary>Days after an instalment's period starts before it is due (付款宽限期).</summary>
    public int GraceDays { get; private set; }

    public ContractStatus Status { get; private set; }

    public DateOnly? TerminatedOn { get; private set; }

    public string? TerminationReason { get; private set; }

    public bool Breach { get; private set; }

    public string? BreachDescription { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<ContractAsset> Assets => _assets;

    public IReadOnlyList<ContractBid> Bids => _bids;

    public IReadOnlyList<Receivable> Receivables => _receivables;

    public IReadOnlyList<Receipt> Receipts => _receipts;

    public IReadOnlyList<EmploymentReport> Employment => _employment;

    public Money Receivable => Money.Sum(_receivables.Where(r => !r.Cancelled).Select(r => r.Amount));

    public Money Received => Money.Sum(_receipts.Select(r => r.Amount));

    public Money Outstanding => Money.Sum(_receivables.Select(r => r.Outstanding));

    public bool IsActiveOn(DateOnly day) => Status == ContractStatus.Active && StartOn <= day && day <= EndOn;

    public bool ExpiresSoon(DateOnly today) => Status == ContractStatus.Active && EndOn >= today && EndOn <= today.AddDays(ExpiryWarningDays);

    /// <summary>保底收益 = value × rate, rounded half away from zero to the fen (the one rounding of a contract's terms).</summary>
    public static Money GuaranteedReturn(Money value, int basisPoints)
    {
        var fen = (decimal)value.Fen * basisPoints / 10_000m;
        return Money.FromFen((long)decimal.Round(fen, 0, MidpointRounding.AwayFromZero));
    }

    /// <summary>
    /// Instalments of each contract year: the annual amount split over that year's periods by the largest-remainder
    /// rule (earlier periods take the odd fen), so every full year sums to the annual amount exactly.
    /// </summary>
    private void BuildSchedule()
    {
        _receivables.Clear();
        if (Consideration == ConsiderationKind.ProfitShare)
        {
            return; // owed only once the operator's profit for a year is known: see AddProfitShare
        }
        var perYear = (int)Frequency;
        var months = 12 / perYear;
        var periods = TermMonths / months;
        var yearParts = AnnualAmount.Allocate(Enumerable.Repeat(1L, perYear).ToArray());
        for (var p = 0; p < periods; p++)
        {
            var start = StartOn.AddMonths(p * months);
            var end = StartOn.AddMonths((p + 1) * months).AddDays(-1);
            var label = $"{start:yyyy-MM-dd}至{end:yyyy-MM-dd}";
            _receivables.Add(new Receivable(label, start.AddDays(GraceDays), yearParts[p % perYear]));
        }
    }

    /// <summary>利润分成: the operator's declared profit for a year gives that year's instalment (profit × rate, rounded to the fen).</summary>
    public Money AddProfitShare(int year, Money profit, DateOnly dueOn)
    {
        if (Consideration != ConsiderationKind.ProfitShare)
        {
            throw new DomainException("contracts.not_profit_share", "只有利润分成合同才按年申报利润。", "year");
        }
        ExpectActive("申报利润");
        if (profit.IsNegative)
        {
            throw new DomainException("contracts.profit_negative", "利润不能为负；亏损年度填 0。", "profit");
        }
        var label = $"{year}年度利润分成";
        if (_receivables.Any(r => r.Period == label))
        {
            throw new ConflictException("contracts.profit_declared", $"{year} 年度利润已申报。", "year");
        }
        var amount = GuaranteedReturn(profit, RateBasisPoints);
        _receivables.Add(new Receivable(label, dueOn, amount));
        Version++;
        return amount;
    }

    /// <summary>Records a receipt and applies it to the oldest open instalments. Paying more than is owed is refused.</summary>
    public Receipt Receive(DateOnly on, Money amount, string? reference, string by, DateTimeOffset at)
    {
        if (amount <= Money.Zero)
        {
            throw new DomainException("contracts.receipt_positive", "收款金额须大于零。", "amount");
        }
        if (on < SignedOn)
        {
            throw new DomainException("contracts.receipt_date", "收款日期不能早于合同签订日期。", "receivedOn");
        }
        if (amount > Outstanding)
        {
            throw new DomainException("contracts.overpaid", $"收款 {amount} 超过尚欠金额 {Outstanding}。", "amount");
        }
        var left = amount;
        foreach (var r in _receivables.Where(r => r.Outstanding > Money.Zero).OrderBy(r => r.DueOn))
        {
            var part = r.Outstanding < left ? r.Outstanding : left;
            r.Apply(part);
            left -= part;
            if (left == Money.Zero)
            {
                break;
            }
        }
        var receipt = new Receipt(on, amount, ProjectRules.Optional(reference, "reference", "凭证号", 60), by, at);
        _receipts.Add(receipt);
        Version++;
        return receipt;
    }

    public void ReportEmployment(int year, int jobs, int poorPeople, int poorHouseholds, Money wages, Money wagesToPoor)
    {
        ProjectRules.Year(year, "year");
        if (jobs < 0 || poorPeople < 0 || poorHouseholds < 0)
        {
            throw new DomainException("contracts.negative_count", "人数不能为负。", "jobs");
        }
        if (poorHouseholds > poorPeople)
        {
            throw new DomainException("contracts.households_people", "覆盖户数不能多于覆盖人数。", "poorHouseholds");
        }
        if (wages.IsNegative || wagesToPoor.IsNegative)
        {
            throw new DomainException("contracts.negative_wages", "工资不能为负。", "wages");
        }
        if (wagesToPoor > wages)
        {
            throw new DomainException("contracts.wages_to_poor", "发放给脱贫户的工资不能多于工资总额。", "wagesToPoor");
        }
        _employment.RemoveAll(e => e.Year == year);
        _employment.Add(new EmploymentReport(year, jobs, poorPeople, poorHouseholds, wages, wagesToPoor));
        Version++;
    }

    /// <summary>Early termination (or breach): instalments whose period starts after the date are cancelled.</summary>
    public void Terminate(DateOnly on, string? reason, bool breach, string? breachDescription)
    {
        ExpectActive("终止");
        if (on < StartOn)
        {
            throw new DomainException("contracts.terminate_date", "终止日期不能早于合同起始日期。", "terminatedOn");
        }
        TerminationReason = ProjectRules.Text(reason, "reason", "终止原因", 200);
        if (breach)
        {
            BreachDescription = ProjectRules.Text(breachDescription, "breachDescription", "违约情形", 500);
        }
        Breach = breach;
        TerminatedOn = on;
        foreach (var r in _receivables.Where(r => r.DueOn.AddDays(-GraceDays) > on && r.Paid == Money.Zero))
        {
            r.Cancel();
        }
        Status = ContractStatus.Terminated;
        Version++;
    }

    private void SetBids(IReadOnlyList<BidLine> bids)
    {
        if (Mode == OperationMode.PublicContracting)
        {
            if (bids.Count == 0)
            {
                throw new DomainException("contracts.bids_required", "公开发包须登记竞标情况。", "bids");
            }
            if (bids.Count(b => b.Won) != 1)
            {
                throw new DomainException("contracts.one_winner", "公开发包须有且只有一个中标人。", "bids");
            }
            var winner = bids.Single(b => b.Won);
            if (!string.Equals(winner.BidderName?.Trim(), OperatorName, StringComparison.Ordinal))
            {
                throw new DomainException("contracts.winner_operator", "中标人须为合同的经营主体。", "bids");
            }
        }
        else if (bids.Count > 0)
        {
            throw new DomainException("contracts.bids_only_public", "只有公开发包方式登记竞标。", "bids");
        }
        for (var i = 0; i < bids.Count; i++)
        {
            var b = bids[i];
            var name = ProjectRules.Text(b.BidderName, $"bids[{i}].bidderName", "竞标人", 100);
            var code = string.IsNullOrWhiteSpace(b.CreditCode) ? null : CreditCode.Parse(b.CreditCode, $"bids[{i}].creditCode").Value;
            if (b.AnnualAmount.IsNegative)
            {
                throw new DomainException("contracts.bid_negative", "报价不能为负。", $"bids[{i}].annualAmount");
            }
            _bids.Add(new ContractBid(name, code, b.AnnualAmount, b.Won));
        }
    }

    private static void RequireRate(int bp)
    {
        if (bp is <= 0 or > 10_000)
        {
            throw new DomainException("contracts.rate", "比例须在 0.01% 至 100% 之间。", "ratePercent");
        }
    }

    private void ExpectActive(string action)
    {
        if (Status != ContractStatus.Active)
        {
            throw StateConflict.Of("contracts.not_active", "合同", AssetNames.Of(Status), action);
        }
    }
}

using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Credit;

/// <summary>What happens when an approval would take a bank's outstanding loans past the fund's leverage.</summary>
public enum LeverageMode
{
    Warn = 1,   // 提示并记入审批意见
    Refuse = 2, // 不予审批
}

public enum RiskFundEntryKind
{
    Contribution = 1, // 财政注入
    LossShare = 2,    // 核销代偿
    Recovery = 3,     // 核销后收回返还
}

public static class RiskFundNames
{
    public static string Of(LeverageMode m) => m switch
    {
        LeverageMode.Warn => "超限提示",
        LeverageMode.Refuse => "超限不予审批",
    };

    public static string Of(RiskFundEntryKind k) => k switch
    {
        RiskFundEntryKind.Contribution => "财政注入",
        RiskFundEntryKind.LossShare => "核销代偿",
        RiskFundEntryKind.Recovery => "收回返还",
    };
}

/// <summary>
/// One version of a county's risk compensation fund terms with one bank (风险补偿金): how far the bank may lend against
/// the fund (outstanding ≤ balance × leverage), what happens beyond, and how a written-off loan's loss is shared.
/// The version in force on a day is the latest begun on or before it; every charge records the version it used.
/// </summary>
public sealed class RiskFundPolicy : IAreaScoped, IBankScoped
{
    private RiskFundPolicy()
    {
        CountyCode = "";
        BankCode = "";
        RecordedBy = "";
    }

    public RiskFundPolicy(string countyCode, string bankCode, DateOnly effectiveFrom, int leverage, LeverageMode mode, Rate fundShare, string by, DateTimeOffset at)
    {
        if (leverage is < 1 or > 100)
        {
            throw new DomainException("riskfund.leverage_range", "放大倍数应在 1–100 倍之间。", "leverage");
        }
        if (!Enum.IsDefined(mode))
        {
            throw new DomainException("riskfund.mode", "请选择超限处理方式。", "mode");
        }
        if (fundShare < Rate.Zero || fundShare > Rate.Full)
        {
            throw new DomainException("riskfund.share", "风险补偿金分担比例应在 0–100% 之间。", "fundShare");
        }
        CountyCode = countyCode;
        BankCode = bankCode;
        EffectiveFrom = effectiveFrom;
        Leverage = leverage;
        Mode = mode;
        FundShare = fundShare;
        RecordedBy = by;
        RecordedAt = at;
    }

    public long Id { get; private set; }

    public string CountyCode { get; private set; }

    public string BankCode { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    /// <summary>Outstanding loans may reach balance × this (commonly 5–10).</summary>
    public int Leverage { get; private set; }

    public LeverageMode Mode { get; private set; }

    /// <summary>The fund's part of a written-off loan's loss; the bank bears the rest.</summary>
    public Rate FundShare { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => null;

    DivisionCode? IAreaScoped.VillageCode => null;

    public static RiskFundPolicy? InForce(IEnumerable<RiskFundPolicy> versions, DateOnly on) =>
        versions.Where(p => p.EffectiveFrom <= on).OrderByDescending(p => p.EffectiveFrom).FirstOrDefault();

    public Money Limit(Money balance) => Money.FromFen(checked(balance.Fen * Leverage));

    /// <summary>The fund's and the bank's parts of <paramref name="amount"/>, largest remainder: they sum to it exactly.</summary>
    public (Money Fund, Money Bank) Split(Money amount)
    {
        var parts = amount.Allocate([FundShare.BasisPoints, Rate.FullBasisPoints - FundShare.BasisPoints]);
        return (parts[0], parts[1]);
    }
}

/// <summary>
/// A movement of one bank's risk compensation fund: a contribution (positive), a loss share on a write-off (the fund's
/// part, charged), or a recovery after write-off (the fund's part returned). The balance is the sum of
/// <see cref="FundEffect"/>. <see cref="Key"/> is unique: a contribution's document, a loan's write-off, a recovery's
/// booking — so a repeated request records nothing twice.
/// </summary>
public sealed class RiskFundEntry : IAreaScoped, IBankScoped
{
    private RiskFundEntry()
    {
        CountyCode = "";
        BankCode = "";
        Key = "";
        Note = "";
        RecordedBy = "";
    }

    private RiskFundEntry(string county, string bank, RiskFundEntryKind kind, string key, DateOnly on, Money total, Money fundPart, Money bankPart,
        long? policyId, Loan? loan, string note, string by, DateTimeOffset at)
    {
        CountyCode = county;
        BankCode = bank;
        Kind = kind;
        Key = key;
        On = on;
        Total = total;
        FundPart = fundPart;
        BankPart = bankPart;
        PolicyId = policyId;
        LoanId = loan?.Id;
        LoanNumber = loan?.Number;
        Note = note.Length > 200 ? note[..200] : note;
        RecordedBy = by;
        RecordedAt = at;
    }

    public long Id { get; private set; }

    public string CountyCode { get; private set; }

    public string BankCode { get; private set; }

    public RiskFundEntryKind Kind { get; private set; }

    public string Key { get; private set; }

    public DateOnly On { get; private set; }

    /// <summary>The contribution, the loss written off, or the amount recovered.</summary>
    public Money Total { get; private set; }

    public Money FundPart { get; private set; }

    public Money BankPart { get; private set; }

    public long? PolicyId { get; private set; }

    public LoanId? LoanId { get; private set; }

    public string? LoanNumber { get; private set; }

    public string Note { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => null;

    DivisionCode? IAreaScoped.VillageCode => null;

    /// <summary>What the entry does to the fund's balance.</summary>
    public Money FundEffect => Kind == RiskFundEntryKind.LossShare ? -FundPart : FundPart;

    public static RiskFundEntry Contribution(string county, string bank, string documentNo, DateOnly on, Money amount, string by, DateTimeOffset at)
    {
        var doc = (documentNo ?? "").Trim();
        if (doc.Length is 0 or > 60)
        {
            throw new DomainException("riskfund.document", "请填写拨付文号（不超过 60 字）。", "documentNo");
        }
        if (amount <= Money.Zero)
        {
            throw new DomainException("riskfund.amount", "注入金额应大于 0。", "amount");
        }
        return new RiskFundEntry(county, bank, RiskFundEntryKind.Contribution, $"con:{doc}", on, amount, amount, Money.Zero, null, null, doc, by, at);
    }

    /// <summary>The loss of a written-off loan (its unpaid principal), shared by the version in force on the write-off day.</summary>
    public static RiskFundEntry LossOf(Loan loan, RiskFundPolicy policy, DateOnly on, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loan);
        ArgumentNullException.ThrowIfNull(policy);
        var loss = loan.PrincipalOutstanding;
        var (fund, bank) = policy.Split(loss);
        return new RiskFundEntry(loan.CountyCode, loan.BankCode, RiskFundEntryKind.LossShare, $"loss:{loan.Id}", on, loss, fund, bank, policy.Id, loan,
            $"核销 {loan.Number}，本金损失 {loss}", by, at);
    }

    /// <summary>Money recovered after the write-off goes back in the shares the loss was borne in; never more than the loss not yet recovered.</summary>
    public static RiskFundEntry RecoveryOf(Loan loan, RiskFundEntry loss, Money recoveredBefore, RiskFundPolicy policy, DateOnly on, Money amount, string by,
        DateTimeOffset at, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(loan);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(policy);
        if (amount <= Money.Zero)
        {
            throw new DomainException("riskfund.amount", "收回金额应大于 0。", "amount");
        }
        if (recoveredBefore + amount > loss.Total)
        {
            throw new DomainException("riskfund.over_recovered", $"收回金额累计不能超过核销损失 {loss.Total}（已收回 {recoveredBefore}）。", "amount");
        }
        if (on < loss.On)
        {
            throw new DomainException("riskfund.date_order", "收回日期不能早于核销日期。", "on");
        }
        var (fund, bank) = policy.Split(amount);
        return new RiskFundEntry(loan.CountyCode, loan.BankCode, RiskFundEntryKind.Recovery, $"rec:{loan.Id}:{on.DayNumber}:{amount.Fen}", on, amount, fund, bank,
            policy.Id, loan, $"核销后收回 {loan.Number} {amount}" + (note is null ? "" : "：" + Reason.Required(note, "note", "收回说明", 150)), by, at);
    }
}

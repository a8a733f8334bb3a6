using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Credit;

public enum FlowDirection
{
    In = 1,  // 转入（收入）
    Out = 2, // 转出（支出）
}

public static class FlowNames
{
    public static string Of(FlowDirection d) => d switch
    {
        FlowDirection.In => "转入",
        FlowDirection.Out => "转出",
    };
}

/// <summary>
/// One line of a bank's account-flow sheet (流水) for a loan's account: the day, amount, direction and the counterparty.
/// The counterparty's account is personal data: stored encrypted, grouped by its keyed hash, shown masked. Detection
/// rule 5 reads the payments out soon after disbursement. <see cref="Key"/> identifies the line within its loan, so a
/// sheet imported twice records each line once.
/// </summary>
public sealed class AccountFlow : IAreaScoped, IBankScoped
{
    public const int MaxName = 60;

    private AccountFlow()
    {
        CountyCode = "";
        BankCode = "";
        LoanNumber = "";
        Key = "";
        CounterpartyName = "";
        CounterpartyAccountCipher = [];
        CounterpartyAccountHash = [];
        CounterpartyAccountMasked = "";
        RecordedBy = "";
    }

    /// <param name="occurrence">1 for the first line of the sheet with this day, amount, direction and counterparty, 2 for an identical second one…</param>
    /// <param name="counterpartyHousehold">The registered household whose payout or loan account the counterparty's is, when the keyed hash matched one.</param>
    public AccountFlow(Loan loan, DateOnly on, Money amount, FlowDirection direction, string counterpartyName, byte[] accountCipher, byte[] accountHash,
        string accountMasked, int occurrence, string by, DateTimeOffset at, HouseholdId? counterpartyHousehold = null)
    {
        ArgumentNullException.ThrowIfNull(loan);
        ArgumentNullException.ThrowIfNull(accountHash);
        if (amount <= Money.Zero)
        {
            throw new DomainException("flows.amount", "金额应大于 0。", "amount");
        }
        if (!Enum.IsDefined(direction))
        {
            throw new DomainException("flows.direction", "收支方向应为“转入”或“转出”。", "direction");
        }
        var name = (counterpartyName ?? "").Trim();
        if (name.Length is 0 or > MaxName)
        {
            throw new DomainException("flows.counterparty", $"请填写对方户名（不超过 {MaxName} 字）。", "counterpartyName");
        }
        LoanId = loan.Id;
        LoanNumber = loan.Number;
        CountyCode = loan.CountyCode;
        TownshipCode = loan.TownshipCode;
        VillageCode = loan.VillageCode;
        BankCode = loan.BankCode;
        On = on;
        Amount = amount;
        Direction = direction;
        CounterpartyName = name;
        CounterpartyAccountCipher = accountCipher;
        CounterpartyAccountHash = accountHash;
        CounterpartyAccountMasked = accountMasked;
        CounterpartyHouseholdId = counterpartyHousehold;
        Key = $"{on.DayNumber}:{(int)direction}:{amount.Fen}:{Convert.ToHexString(accountHash)[..16]}:{occurrence}";
        RecordedBy = by;
        RecordedAt = at;
    }

    public long Id { get; private set; }

    public LoanId LoanId { get; private set; }

    public string LoanNumber { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public string BankCode { get; private set; }

    public DateOnly On { get; private set; }

    public Money Amount { get; private set; }

    public FlowDirection Direction { get; private set; }

    public string CounterpartyName { get; private set; }

    public byte[] CounterpartyAccountCipher { get; private set; }

    public byte[] CounterpartyAccountHash { get; private set; }

    public string CounterpartyAccountMasked { get; private set; }

    /// <summary>The registered household the counterparty's account belongs to (its payout account, or a loan's disbursement account).</summary>
    public HouseholdId? CounterpartyHouseholdId { get; private set; }

    /// <summary>Day, direction, amount, counterparty and occurrence: unique per loan.</summary>
    public string Key { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;
}

using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;

namespace RuralLedger.Core.Credit;

/// <summary>
/// One payer (account, by its keyed hash, and name) that has repaid one loan: the distinct (payer, bank, loan) of the
/// repayments, which 户贷企用 rules 1 and 1b group by. A year's repayments name about one link a loan, so the rules read
/// this instead of indexing every repayment by payer (decision 0047). Written with the repayments, when new, and
/// rebuilt from them at will; scoped like them.
/// </summary>
public sealed class LoanPayerLink : IAreaScoped, IBankScoped
{
    private LoanPayerLink()
    {
        CountyCode = "";
        BankCode = "";
        PayerName = "";
        PayerAccountHash = [];
        PayerAccountMasked = "";
    }

    /// <param name="loanId">The loan's id: a repayment written in bulk with a new loan doesn't carry it yet.</param>
    public LoanPayerLink(LoanId loanId, Repayment repayment)
    {
        ArgumentNullException.ThrowIfNull(repayment);
        LoanId = loanId;
        CountyCode = repayment.CountyCode;
        TownshipCode = repayment.TownshipCode;
        VillageCode = repayment.VillageCode;
        BankCode = repayment.BankCode;
        PayerName = repayment.PayerName;
        PayerAccountHash = repayment.PayerAccountHash;
        PayerAccountMasked = repayment.PayerAccountMasked;
    }

    public LoanId LoanId { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public string BankCode { get; private set; }

    public string PayerName { get; private set; }

    public byte[] PayerAccountHash { get; private set; }

    public string PayerAccountMasked { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;
}

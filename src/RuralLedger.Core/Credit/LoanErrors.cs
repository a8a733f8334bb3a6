namespace RuralLedger.Core.Credit;

public static class LoanErrors
{
    public const string OverLimit = "loans.over_limit";
    public const string Term = "loans.term";
    public const string Age = "loans.age";
    public const string NotEligible = "loans.not_eligible";
    public const string ProhibitedUse = "loans.prohibited_use";
    public const string UnknownUse = "loans.unknown_use";
    public const string Borrower = "loans.borrower";
    public const string Renewal = "loans.renewal";
    public const string WrongStep = "loans.wrong_step";
    public const string WrongRole = "loans.wrong_role";
    public const string RateCeiling = "loans.rate_ceiling";
    public const string DateOrder = "loans.date_order";
    public const string DisbursedAmount = "loans.disbursed_amount";
    public const string Closed = "loans.closed";
    public const string NotDisbursed = "loans.not_disbursed";
    public const string BeforeDisbursement = "loans.before_disbursement";
    public const string RepaymentAmount = "loans.repayment_amount";
    public const string Overpaid = "loans.overpaid";
    public const string InterestFirst = "loans.interest_first";
    public const string ExtensionLimit = "loans.extension_limit";
    public const string ExtensionMonths = "loans.extension_months";
    public const string ExtensionDate = "loans.extension_date";
    public const string ExtensionPaid = "loans.extension_paid";
    public const string NoPolicy = "loans.no_policy";
    public const string ReasonRequired = "loans.reason_required";
    public const string Programme = "loans.programme";
    public const string ImportMatured = "loans.import_matured";
    public const string ImportOutstanding = "loans.import_outstanding";
}

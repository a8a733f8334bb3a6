using System.Globalization;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Credit;

public readonly record struct UsageCaseId(long Value)
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The 户贷企用 patterns the county looks for; each is a dated rule row with its own threshold and switch.</summary>
public enum UsageRuleKind
{
    SharedPayerAccount = 1, // 同一账户为多户还款
    SharedPayerName = 2,    // 同一还款人为多户还款
    SharedEnterprise = 3,   // 多笔贷款用于同一企业/合作社
    FixedDividend = 4,      // 贷款户从企业领取固定“分红”
    ProhibitedUse = 5,      // 申报用途属禁止用途（入股分红、转借）
    TransferOut = 6,        // 放款后随即将大部分资金转给同一第三方（银行账户流水）
    InspectionFound = 10,   // 贷后检查发现挪用或户贷企用（由检查记录提出，不是规则）
}

public enum UsageCaseStatus
{
    Open = 1,       // 待核实
    Confirmed = 2,  // 已确认，待整改
    Dismissed = 3,  // 已排除
    Rectified = 4,  // 已整改
}

public enum Rectification
{
    Recovered = 1,       // 资金已收回
    ConvertedToOwn = 2,  // 已转为农户自用
    CalledIn = 3,        // 贷款已提前收回
}

/// <summary>What an entered record says of a loan's money and an enterprise: declared use, inspected use, or a fixed "dividend".</summary>
public enum EnterpriseLinkKind
{
    DeclaredUse = 1,   // 申报用于该企业/合作社
    InspectedUse = 2,  // 检查发现用于该企业/合作社
    FixedDividend = 3, // 从该企业领取固定分红/股金收益
}

public static class UsageNames
{
    public static string Of(UsageRuleKind k) => k switch
    {
        UsageRuleKind.SharedPayerAccount => "同一账户为多户还款",
        UsageRuleKind.SharedPayerName => "同一还款人为多户还款",
        UsageRuleKind.SharedEnterprise => "多笔贷款用于同一企业",
        UsageRuleKind.FixedDividend => "贷款户领取企业固定分红",
        UsageRuleKind.ProhibitedUse => "申报用途属禁止用途",
        UsageRuleKind.InspectionFound => "贷后检查发现挪用",
        UsageRuleKind.TransferOut => "放款后资金随即转给第三方",
    };

    public static string Of(UsageCaseStatus s) => s switch
    {
        UsageCaseStatus.Open => "待核实",
        UsageCaseStatus.Confirmed => "已确认待整改",
        UsageCaseStatus.Dismissed => "已排除",
        UsageCaseStatus.Rectified => "已整改",
    };

    public static string Of(Rectification r) => r switch
    {
        Rectification.Recovered => "资金已收回",
        Rectification.ConvertedToOwn => "已转为农户自用",
        Rectification.CalledIn => "贷款已提前收回",
    };

    public static string Of(EnterpriseLinkKind k) => k switch
    {
        EnterpriseLinkKind.DeclaredUse => "申报用于企业",
        EnterpriseLinkKind.InspectedUse => "检查发现用于企业",
        EnterpriseLinkKind.FixedDividend => "领取企业固定分红",
    };
}

/// <summary>
/// One version of one detection rule for a county: whether it runs, its threshold (how many households make a
/// pattern) and, for the prohibited-use rule, the words that mark a prohibited use. The version in force on the run
/// day is the latest begun on or before it; a case records the version that raised it.
/// </summary>
public sealed class UsageRule : IAreaScoped
{
    public const int MaxKeywords = 200;

    private UsageRule()
    {
        CountyCode = "";
        Keywords = "";
        RecordedBy = "";
    }

    public UsageRule(string countyCode, UsageRuleKind kind, DateOnly effectiveFrom, bool enabled, int minHouseholds, string keywords, string by, DateTimeOffset at,
        Rate? share = null, int? withinDays = null)
    {
        if (share is { } r && r.BasisPoints is < 100 or > Rate.FullBasisPoints)
        {
            throw new DomainException("usage.share", "转出占放款金额的比例应在 1%–100% 之间。", "share");
        }
        if (withinDays is < 0 or > 90)
        {
            throw new DomainException("usage.within_days", "放款后天数应在 0–90 之间。", "withinDays");
        }
        if (minHouseholds is < 1 or > 1000)
        {
            throw new DomainException("usage.threshold", "户数阈值应在 1–1000 之间。", "minHouseholds");
        }
        if (keywords.Length > MaxKeywords)
        {
            throw new DomainException("usage.keywords", $"关键词不超过 {MaxKeywords} 字。", "keywords");
        }
        CountyCode = countyCode;
        Kind = kind;
        EffectiveFrom = effectiveFrom;
        Enabled = enabled;
        MinHouseholds = minHouseholds;
        Keywords = keywords;
        Share = share;
        WithinDays = withinDays;
        RecordedBy = by;
        RecordedAt = at;
    }

    public long Id { get; private set; }

    public string CountyCode { get; private set; }

    public UsageRuleKind Kind { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }

    public bool Enabled { get; private set; }

    /// <summary>Households (distinct) that make the pattern: 5 for a shared payer means one account repaying for five households.</summary>
    public int MinHouseholds { get; private set; }

    /// <summary>Comma-separated words of a prohibited use, matched in the loan's declared use detail.</summary>
    public string Keywords { get; private set; }

    /// <summary>Rule 5: the share of the disbursed amount that, paid out to one counterparty, makes the pattern.</summary>
    public Rate? Share { get; private set; }

    /// <summary>Rule 5: how many days after disbursement a payment still counts as "immediately".</summary>
    public int? WithinDays { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => null;

    DivisionCode? IAreaScoped.VillageCode => null;

    public IReadOnlyList<string> KeywordList => Keywords.Split([',', '，', '、'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Per kind, the version in force on <paramref name="on"/>.</summary>
    public static IReadOnlyList<UsageRule> InForce(IEnumerable<UsageRule> rules, DateOnly on) =>
        rules.Where(r => r.EffectiveFrom <= on).GroupBy(r => r.Kind).Select(g => g.OrderByDescending(r => r.EffectiveFrom).First()).OrderBy(r => r.Kind).ToList();

    /// <summary>The county's starting rules: a shared account for 3+ households, an enterprise named by 3+ households, any fixed dividend, any prohibited word.</summary>
    public static IEnumerable<UsageRule> Seed(string county, string by, DateTimeOffset at)
    {
        var from = new DateOnly(2021, 3, 1);
        yield return new UsageRule(county, UsageRuleKind.SharedPayerAccount, from, true, 3, "", by, at);
        // Relatives share surnames and given names repeat: by name alone the rule is noisy, so a county switches it on deliberately.
        yield return new UsageRule(county, UsageRuleKind.SharedPayerName, from, false, 5, "", by, at);
        yield return new UsageRule(county, UsageRuleKind.SharedEnterprise, from, true, 3, "", by, at);
        yield return new UsageRule(county, UsageRuleKind.FixedDividend, from, true, 1, "", by, at);
        yield return new UsageRule(county, UsageRuleKind.ProhibitedUse, from, true, 1, "入股,分红,转借,借给,出借,放贷", by, at);
        // 70% of the loan to one counterparty within a week of disbursement: a household buying inputs pays several sellers, an enterprise takes the lot.
        yield return new UsageRule(county, UsageRuleKind.TransferOut, from, true, 1, "", by, at, Rate.FromPercent(70m), 7);
    }
}

/// <summary>A loan named in a case, with what the rule saw of it.</summary>
public sealed class UsageCaseLoan
{
    private UsageCaseLoan()
    {
        LoanNumber = "";
        HouseholdNo = "";
        BorrowerName = "";
        Evidence = "";
    }

    public UsageCaseLoan(LoanId loanId, string loanNumber, string householdNo, string borrowerName, Money amount, string evidence)
    {
        LoanId = loanId;
        LoanNumber = loanNumber;
        HouseholdNo = householdNo;
        BorrowerName = borrowerName;
        Amount = amount;
        Evidence = evidence.Length > 200 ? evidence[..200] : evidence;
    }

    public long Id { get; private set; }

    public UsageCaseId CaseId { get; private set; }

    public LoanId LoanId { get; private set; }

    public string LoanNumber { get; private set; }

    public string HouseholdNo { get; private set; }

    public string BorrowerName { get; private set; }

    public Money Amount { get; private set; }

    public string Evidence { get; private set; }
}

/// <summary>
/// A suspected 户贷企用: which rule (and version) raised it, about what subject (an account, a payer, an enterprise, a
/// loan), the loans as evidence, and its handling — confirmed with a responsible officer and a deadline, or dismissed
/// with a reason, then rectified. While a case is open or confirmed, no second case is raised for the same rule and
/// subject (a unique key on <see cref="LiveKey"/>). Scoped by the lending bank and by the loans' common township/village.
/// </summary>
public sealed class UsageCase : IAreaScoped, IBankScoped
{
    private readonly List<UsageCaseLoan> _loans = [];

    private UsageCase()
    {
        CountyCode = "";
        BankCode = "";
        SubjectKey = "";
        Subject = "";
        RaisedBy = "";
    }

    public UsageCase(UsageRule rule, string bankCode, string subjectKey, string subject, IReadOnlyList<UsageCaseLoan> loans, DivisionCode? township,
        DivisionCode? village, DateOnly on, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(loans);
        CountyCode = rule.CountyCode;
        TownshipCode = township;
        VillageCode = village;
        BankCode = bankCode;
        RuleKind = rule.Kind;
        RuleId = rule.Id;
        SubjectKey = subjectKey;
        Subject = subject.Length > 100 ? subject[..100] : subject;
        LiveKey = subjectKey;
        Status = UsageCaseStatus.Open;
        RaisedOn = on;
        RaisedBy = by;
        RaisedAt = at;
        _loans.AddRange(loans);
        LoanCount = loans.Count;
        Households = loans.Select(l => l.HouseholdNo).Distinct(StringComparer.Ordinal).Count();
        Amount = Money.Sum(loans.Select(l => l.Amount));
    }

    /// <summary>
    /// A case an inspector raised by concluding the loan's money is diverted or used by an enterprise: its subject is the
    /// loan, its rule version 0 (no rule judged it; the inspection is the evidence).
    /// </summary>
    public static UsageCase FromInspection(Loan loan, string evidence, DateOnly on, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loan);
        var rule = new UsageRule(loan.CountyCode, UsageRuleKind.InspectionFound, on, true, 1, "", by, at);
        var loans = new[] { new UsageCaseLoan(loan.Id, loan.Number, loan.HouseholdNo, loan.BorrowerName, loan.DisbursedAmount, evidence) };
        return new UsageCase(rule, loan.BankCode, "loan:" + loan.Number, loan.Number, loans, loan.TownshipCode, loan.VillageCode, on, by, at);
    }

    public UsageCaseId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public string BankCode { get; private set; }

    public UsageRuleKind RuleKind { get; private set; }

    /// <summary>The rule version that raised the case.</summary>
    public long RuleId { get; private set; }

    /// <summary>What the loans have in common, as a key: "acct:" + the account's keyed hash, "name:" + payer, "ent:" + enterprise, "loan:" + number.</summary>
    public string SubjectKey { get; private set; }

    /// <summary>The subject as a person reads it (masked account, payer, enterprise, loan number).</summary>
    public string Subject { get; private set; }

    /// <summary>The subject key while the case is open or confirmed, null after; unique per county, bank and rule.</summary>
    public string? LiveKey { get; private set; }

    public int LoanCount { get; private set; }

    public int Households { get; private set; }

    public Money Amount { get; private set; }

    public UsageCaseStatus Status { get; private set; }

    public DateOnly RaisedOn { get; private set; }

    public string RaisedBy { get; private set; }

    public DateTimeOffset RaisedAt { get; private set; }

    public string? Officer { get; private set; }

    public DateOnly? Deadline { get; private set; }

    public DateOnly? DecidedOn { get; private set; }

    public string? DecidedBy { get; private set; }

    public string? Finding { get; private set; }

    public Rectification? RectifiedAs { get; private set; }

    public DateOnly? RectifiedOn { get; private set; }

    public string? RectifiedBy { get; private set; }

    public string? RectificationNote { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<UsageCaseLoan> Loans => _loans;

    /// <summary>Verified: the diversion is real; an officer answers for its rectification by the deadline.</summary>
    public void Confirm(string officer, DateOnly deadline, DateOnly on, string? finding, string by)
    {
        Expect(UsageCaseStatus.Open, "确认");
        var who = (officer ?? "").Trim();
        if (who.Length is 0 or > 30)
        {
            throw new DomainException("usage.officer", "请填写整改责任人（不超过 30 字）。", "officer");
        }
        if (deadline < on)
        {
            throw new DomainException("usage.deadline", "整改期限不能早于确认日期。", "deadline");
        }
        Officer = who;
        Deadline = deadline;
        DecidedOn = on;
        DecidedBy = by;
        Finding = finding is null ? null : Reason.Required(finding, "finding", "核实情况", 500);
        Status = UsageCaseStatus.Confirmed;
        Version++;
    }

    /// <summary>Not a diversion (the payer is a relative, the enterprise buys the household's produce…): closed with the reason.</summary>
    public void Dismiss(DateOnly on, string? reason, string by)
    {
        Expect(UsageCaseStatus.Open, "排除");
        Finding = Reason.Required(reason, "reason", "排除理由", 500);
        DecidedOn = on;
        DecidedBy = by;
        LiveKey = null;
        Status = UsageCaseStatus.Dismissed;
        Version++;
    }

    public void Rectify(Rectification how, DateOnly on, string? note, string by)
    {
        Expect(UsageCaseStatus.Confirmed, "整改销号");
        if (!Enum.IsDefined(how))
        {
            throw new DomainException("usage.rectification", "请选择整改方式。", "how");
        }
        if (on < DecidedOn!.Value)
        {
            throw new DomainException("usage.date_order", "整改日期不能早于确认日期。", "on");
        }
        RectifiedAs = how;
        RectifiedOn = on;
        RectifiedBy = by;
        RectificationNote = Reason.Required(note, "note", "整改情况", 500);
        LiveKey = null;
        Status = UsageCaseStatus.Rectified;
        Version++;
    }

    public bool OverdueOn(DateOnly day) => Status == UsageCaseStatus.Confirmed && Deadline < day;

    private void Expect(UsageCaseStatus from, string action)
    {
        if (Status != from)
        {
            throw StateConflict.Of("usage.bad_step", "线索", UsageNames.Of(Status), action);
        }
    }
}

/// <summary>
/// An entered record linking a loan to an enterprise or cooperative: the household says it put the money there, an
/// inspection found it there, or the household draws a fixed "dividend" from it. Rules 2 and 3 read these; benefit
/// linkage records can feed the same table later.
/// </summary>
public sealed class EnterpriseLink : IAreaScoped, IBankScoped
{
    private EnterpriseLink()
    {
        CountyCode = "";
        BankCode = "";
        LoanNumber = "";
        Enterprise = "";
        RecordedBy = "";
    }

    public EnterpriseLink(Loan loan, EnterpriseLinkKind kind, string enterprise, Money? yearlyAmount, DateOnly on, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(loan);
        var name = (enterprise ?? "").Trim();
        if (name.Length is 0 or > 60)
        {
            throw new DomainException("usage.enterprise", "请填写企业或合作社名称（不超过 60 字）。", "enterprise");
        }
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("usage.link_kind", "请选择记录类别。", "kind");
        }
        if (yearlyAmount is { } a && a.IsNegative)
        {
            throw new DomainException("usage.amount", "金额不能为负数。", "yearlyAmount");
        }
        LoanId = loan.Id;
        LoanNumber = loan.Number;
        HouseholdId = loan.HouseholdId;
        CountyCode = loan.CountyCode;
        TownshipCode = loan.TownshipCode;
        VillageCode = loan.VillageCode;
        BankCode = loan.BankCode;
        Kind = kind;
        Enterprise = name;
        YearlyAmount = yearlyAmount;
        On = on;
        RecordedBy = by;
        RecordedAt = at;
    }

    public long Id { get; private set; }

    public LoanId LoanId { get; private set; }

    public string LoanNumber { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public string BankCode { get; private set; }

    public EnterpriseLinkKind Kind { get; private set; }

    public string Enterprise { get; private set; }

    /// <summary>The fixed yearly "dividend" for <see cref="EnterpriseLinkKind.FixedDividend"/>.</summary>
    public Money? YearlyAmount { get; private set; }

    public DateOnly On { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;
}

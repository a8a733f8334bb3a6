using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Distribution;

/// <summary>The accounts a distribution touches (a village's books for asset income).</summary>
public enum LedgerAccount
{
    IncomePool = 1,         // 扶贫资产收益（待分配）
    DividendsPayable = 2,   // 应付脱贫户分红
    CollectiveIncome = 3,   // 村集体经济收入
    ManagementFund = 4,     // 村级管理和发展基金
    OtherPayable = 5,       // 其他应付款（规则中的其他部分）
    Bank = 6,               // 银行存款
}

/// <summary>
/// One double-entry posting: debit one account, credit another, the same amount. Entries are only ever added;
/// a reversal adds the mirror entries. <see cref="Key"/> is unique: posting the same plan or the same bank
/// result twice hits the unique index instead of paying twice.
/// </summary>
public sealed class JournalEntry : IAreaScoped
{
    private JournalEntry()
    {
        CountyCode = "";
        Key = "";
        Memo = "";
        PostedBy = "";
    }

    public JournalEntry(string key, DivisionCode villageCode, DistributionPlanId planId, PaymentBatchId? batchId, DateOnly on, LedgerAccount debit, LedgerAccount credit, Money amount, string memo, string by, DateTimeOffset at, HouseholdId? householdId = null)
    {
        HouseholdId = householdId;
        if (debit == credit)
        {
            throw new ArgumentException("Debit and credit must differ.", nameof(credit));
        }
        Key = key;
        CountyCode = villageCode.County;
        TownshipCode = villageCode.TownshipOf();
        VillageCode = villageCode;
        PlanId = planId;
        BatchId = batchId;
        PostedOn = on;
        Debit = debit;
        Credit = credit;
        Amount = amount;
        Memo = memo;
        PostedBy = by;
        PostedAt = at;
    }

    public JournalEntryId Id { get; private set; }

    public string Key { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public DistributionPlanId PlanId { get; private set; }

    public PaymentBatchId? BatchId { get; private set; }

    /// <summary>The household a dividend payable (or its payment) belongs to: the sub-ledger that statements agree with.</summary>
    public HouseholdId? HouseholdId { get; private set; }

    public DateOnly PostedOn { get; private set; }

    public LedgerAccount Debit { get; private set; }

    public LedgerAccount Credit { get; private set; }

    public Money Amount { get; private set; }

    public string Memo { get; private set; }

    public string PostedBy { get; private set; }

    public DateTimeOffset PostedAt { get; private set; }

    public static LedgerAccount AccountOf(RulePartKind kind) => kind switch
    {
        RulePartKind.HouseholdDividend => LedgerAccount.DividendsPayable,
        RulePartKind.CollectiveIncome => LedgerAccount.CollectiveIncome,
        RulePartKind.ManagementFund => LedgerAccount.ManagementFund,
        RulePartKind.Other => LedgerAccount.OtherPayable,
    };

    /// <summary>
    /// The entries that post a plan: pool → each part's account, the household part as one payable per household
    /// (so each household's statement agrees with the ledger). A reversal's negative amounts post the same pairs negated.
    /// </summary>
    public static IEnumerable<JournalEntry> ForPlan(DistributionPlan plan, IEnumerable<PlanLine> lines, DateOnly on, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return ForPlan(plan, lines.Select(l => new PayableLine(l.HouseholdId, l.HouseholdNo, l.Amount)), on, by, at);
    }

    /// <summary>The same entries from the three columns of each line a posting needs (bulk posting reads no more).</summary>
    public static IEnumerable<JournalEntry> ForPlan(DistributionPlan plan, IEnumerable<PayableLine> lines, DateOnly on, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(lines);
        var village = plan.VillageCode!.Value;
        foreach (var p in plan.Parts.Where(p => p.Kind != RulePartKind.HouseholdDividend && p.Amount != Money.Zero))
        {
            yield return new JournalEntry($"plan:{plan.Id}:{p.Code}", village, plan.Id, null, on, LedgerAccount.IncomePool, AccountOf(p.Kind), p.Amount, $"{plan.Number} {p.Name}", by, at);
        }
        foreach (var l in lines.Where(l => l.Amount != Money.Zero))
        {
            yield return new JournalEntry($"{PayableKeyPrefix}{plan.Id}{PayableKeyHousehold}{l.HouseholdId.Value}", village, plan.Id, null, on, LedgerAccount.IncomePool, LedgerAccount.DividendsPayable,
                l.Amount, $"{plan.Number} {l.HouseholdNo}{PayableMemoSuffix}", by, at, l.HouseholdId);
        }
    }

    // A household payable's key is plan:{plan id}:hh:{household id} and its memo "{plan number} {household no} 分红":
    // bulk posting builds the same rows inside the database from these pieces.
    public const string PayableKeyPrefix = "plan:";

    public const string PayableKeyHousehold = ":hh:";

    public const string PayableMemoSuffix = " 分红";

    /// <summary>A paid line: payable → bank, once per line and batch.</summary>
    public static JournalEntry ForPayment(DistributionPlan plan, PaymentBatch batch, PlanLine line, DateOnly on, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(line);
        return new JournalEntry($"batch:{batch.Id}:hh:{line.HouseholdId.Value}", plan.VillageCode!.Value, plan.Id, batch.Id, on,
            LedgerAccount.DividendsPayable, LedgerAccount.Bank, line.Amount, $"{plan.Number} 第{batch.Sequence}批代发 {line.HouseholdNo}", by, at, line.HouseholdId);
    }
}

/// <summary>What posting needs of a plan line: whose payable, for the memo, how much.</summary>
public readonly record struct PayableLine(HouseholdId HouseholdId, string HouseholdNo, Money Amount);

public enum BatchStatus
{
    Exported = 1,        // 已生成代发文件，待银行回盘
    ResultImported = 2,  // 已导入银行回盘
}

/// <summary>A bank payment file (代发批次) of one plan: the lines it carried and, once the bank answers, the result.</summary>
public sealed class PaymentBatch : IAreaScoped
{
    private PaymentBatch()
    {
        CountyCode = "";
        CreatedBy = "";
    }

    public PaymentBatch(DistributionPlan plan, int sequence, int lines, Money total, DateOnly on, string by)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Status != PlanStatus.Posted)
        {
            throw new DomainException("payments.plan_not_posted", "方案记账后才能生成代发文件。", "planId");
        }
        PlanId = plan.Id;
        CountyCode = plan.CountyCode;
        TownshipCode = plan.TownshipCode;
        VillageCode = plan.VillageCode;
        Sequence = sequence;
        Lines = lines;
        Total = total;
        CreatedOn = on;
        CreatedBy = by;
        Status = BatchStatus.Exported;
    }

    public PaymentBatchId Id { get; private set; }

    public DistributionPlanId PlanId { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    /// <summary>1 for the first file of a plan, 2 for the first re-issue of failed lines, …</summary>
    public int Sequence { get; private set; }

    public int Lines { get; private set; }

    public Money Total { get; private set; }

    public DateOnly CreatedOn { get; private set; }

    public string CreatedBy { get; private set; }

    public BatchStatus Status { get; private set; }

    public int Paid { get; private set; }

    public Money PaidTotal { get; private set; }

    public int Failed { get; private set; }

    public DateOnly? ResultOn { get; private set; }

    public void RecordResult(int paid, Money paidTotal, int failed, DateOnly on)
    {
        if (Status != BatchStatus.Exported)
        {
            throw new ConflictException("payments.result_imported", "该批次的银行回盘已导入。");
        }
        if (paid + failed != Lines)
        {
            throw new DomainException("payments.result_incomplete", $"回盘应有 {Lines} 行结果，实际 {paid + failed} 行。", "file");
        }
        Paid = paid;
        PaidTotal = paidTotal;
        Failed = failed;
        ResultOn = on;
        Status = BatchStatus.ResultImported;
    }
}

using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Distribution;

public enum LinePayment
{
    Pending = 1,   // 待发放
    InBatch = 2,   // 已生成代发文件
    Paid = 3,      // 银行已入账
    Failed = 4,    // 银行退回（失败）
}

/// <summary>
/// One household's dividend in a plan, with the numbers that explain it. Lines are written once when the plan
/// is computed (in bulk) and only their payment state moves afterwards; a reversal plan carries negated lines.
/// </summary>
public sealed class PlanLine : IAreaScoped
{
    private PlanLine()
    {
        CountyCode = "";
        HouseholdNo = "";
        HeadName = "";
        ExactShare = "";
    }

    public PlanLine(DistributionPlanId planId, DivisionCode villageCode, int year, HouseholdLine line, bool negate = false)
    {
        ArgumentNullException.ThrowIfNull(line);
        PlanId = planId;
        CountyCode = villageCode.County;
        TownshipCode = villageCode.TownshipOf();
        VillageCode = villageCode;
        Year = year;
        HouseholdId = line.HouseholdId;
        HouseholdNo = line.HouseholdNo;
        HeadName = line.HeadName;
        People = line.People;
        Weight = line.Weight;
        Minimum = negate ? -line.Minimum : line.Minimum;
        WeightedFloor = negate ? -line.WeightedFloor : line.WeightedFloor;
        RemainderFen = negate ? -line.RemainderFen : line.RemainderFen;
        Amount = negate ? -line.Amount : line.Amount;
        ExactShare = line.ExactShare;
        Payment = negate ? LinePayment.Paid : LinePayment.Pending;
    }

    public PlanLineId Id { get; private set; }

    public DistributionPlanId PlanId { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public int Year { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string HouseholdNo { get; private set; }

    public string HeadName { get; private set; }

    public int People { get; private set; }

    public long Weight { get; private set; }

    public Money Minimum { get; private set; }

    public Money WeightedFloor { get; private set; }

    public int RemainderFen { get; private set; }

    public Money Amount { get; private set; }

    public string ExactShare { get; private set; }

    public LinePayment Payment { get; private set; }

    public PaymentBatchId? BatchId { get; private set; }

    public string? FailureReason { get; private set; }

    public void PutInBatch(PaymentBatchId batchId)
    {
        if (Payment is not (LinePayment.Pending or LinePayment.Failed))
        {
            throw new ConflictException("payments.line_not_payable", $"户 {HouseholdNo} 的分红已{(Payment == LinePayment.Paid ? "入账" : "在代发文件中")}，不能再次发放。", "lines");
        }
        BatchId = batchId;
        Payment = LinePayment.InBatch;
        FailureReason = null;
    }

    public void RecordResult(bool paid, string? reason)
    {
        if (Payment != LinePayment.InBatch)
        {
            throw new DomainException("payments.line_not_in_batch", $"户 {HouseholdNo} 不在待回盘的代发文件中。", "lines");
        }
        Payment = paid ? LinePayment.Paid : LinePayment.Failed;
        FailureReason = paid ? null : (string.IsNullOrWhiteSpace(reason) ? "银行未说明原因" : reason.Trim());
    }
}

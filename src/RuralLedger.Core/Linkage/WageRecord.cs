using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Linkage;

public readonly record struct WageRecordId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The registry facts a wage row copies from its member, so the row is scoped and listed like the household.</summary>
public sealed record WorkerOf(HouseholdId HouseholdId, string HouseholdNo, MemberId MemberId, DivisionCode TownshipCode, DivisionCode VillageCode);

/// <summary>
/// 务工工资: one worker's pay from one employer (by its unified social credit code) for one month, as the employer's
/// payroll sheet states it. A worker in the registry (a member of a poor or monitored household) carries the member
/// and household and is scoped like the household; the others are kept at county level with no household, so the
/// employer's total wages — and the share paid to registered households — are complete. The worker (the keyed hash of
/// the citizen ID), employer and month are the key (unique in the database): a sheet imported twice records each month once.
/// </summary>
public sealed class WageRecord : IAreaScoped
{
    public const int MaxNameLength = 100;

    private WageRecord()
    {
        CountyCode = "";
        WorkerHash = [];
        WorkerName = "";
        EmployerCode = "";
        EmployerName = "";
        RecordedBy = "";
    }

    public WageRecord(string countyCode, byte[] workerHash, string workerName, WorkerOf? worker, string employerCode, string employerName, int year, int month,
        int days, Money wage, string recordedBy, DateTimeOffset recordedAt)
    {
        ArgumentNullException.ThrowIfNull(workerHash);
        if (year is < 2000 or > 2100 || month is < 1 or > 12)
        {
            throw new DomainException("wages.month", "年月应为 2000–2100 年间的月份，如 2026-03。", "month");
        }
        if (days is < 0 or > 31)
        {
            throw new DomainException("wages.days", "出勤天数应在 0–31 之间。", "days");
        }
        if (wage.IsNegative)
        {
            throw new DomainException("wages.negative", "工资不能为负。", "wage");
        }
        var name = (employerName ?? "").Trim();
        if (name.Length is 0 or > MaxNameLength)
        {
            throw new DomainException("wages.employer_name", $"用工单位名称不能为空，不超过 {MaxNameLength} 个字。", "employerName");
        }
        CountyCode = countyCode;
        WorkerHash = workerHash;
        WorkerName = workerName;
        HouseholdId = worker?.HouseholdId;
        HouseholdNo = worker?.HouseholdNo;
        MemberId = worker?.MemberId;
        TownshipCode = worker?.TownshipCode;
        VillageCode = worker?.VillageCode;
        EmployerCode = employerCode;
        EmployerName = name;
        Year = year;
        Month = month;
        Days = days;
        Wage = wage;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public WageRecordId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    /// <summary>The keyed hash of the worker's citizen ID (as <c>Member.CitizenIdHash</c>); the ID itself is not kept here.</summary>
    public byte[] WorkerHash { get; private set; }

    public string WorkerName { get; private set; }

    /// <summary>The registry household of the worker; none for a worker outside the registry.</summary>
    public HouseholdId? HouseholdId { get; private set; }

    public string? HouseholdNo { get; private set; }

    public MemberId? MemberId { get; private set; }

    /// <summary>The employer's unified social credit code (GB 32100), checked on import.</summary>
    public string EmployerCode { get; private set; }

    public string EmployerName { get; private set; }

    public int Year { get; private set; }

    public int Month { get; private set; }

    public int Days { get; private set; }

    public Money Wage { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

}

using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Linkage;

public readonly record struct LandTransferId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// 土地流转: a registered household leases land (area to 0.01 亩, at a place) to an enterprise, cooperative or grower for a
/// term at a rent per 亩 a year. A year's rent falls due at the start of each lease year (the start date and its
/// anniversaries within the term); payments are recorded as received, and what is due to date less what was paid is
/// the arrears. Rent received counts as the household's property income in the year it is paid. A transfer ended early
/// (终止) owes for its last lease year only the days up to the end date (decision 0037).
/// </summary>
public sealed class LandTransfer : IAreaScoped
{
    public const int MaxTextLength = 100;

    private readonly List<RentPayment> _payments = [];

    private LandTransfer()
    {
        CountyCode = "";
        HouseholdNo = "";
        HeadName = "";
        TenantName = "";
        Location = "";
        RecordedBy = "";
    }

    public LandTransfer(HouseholdRef household, string tenantName, string? tenantCode, string location, Hundredths areaMu, Money rentPerMu, DateOnly startOn,
        DateOnly endOn, LinkageAgreementId? agreementId, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(household);
        TenantName = RequiredText.Of(tenantName, "tenantName", "流入方名称", MaxTextLength);
        Location = RequiredText.Of(location, "location", "地块位置", MaxTextLength);
        if (!areaMu.IsPositive)
        {
            throw new DomainException("land.area", "流转面积须大于零。", "areaMu");
        }
        if (rentPerMu.Fen <= 0)
        {
            throw new DomainException("land.rent", "每亩年租金须大于零。", "rentPerMu");
        }
        if (endOn < startOn)
        {
            throw new DomainException("land.term", "流转止日不能早于起日。", "endOn");
        }
        HouseholdId = household.Id;
        HouseholdNo = household.HouseholdNo;
        HeadName = household.HeadName;
        CountyCode = household.CountyCode;
        TownshipCode = household.TownshipCode;
        VillageCode = household.VillageCode;
        TenantCode = string.IsNullOrWhiteSpace(tenantCode) ? null : tenantCode;
        AreaMu = areaMu;
        RentPerMu = rentPerMu;
        AnnualRent = areaMu.Times(rentPerMu);
        StartOn = startOn;
        EndOn = endOn;
        AgreementId = agreementId;
        RecordedBy = by;
        RecordedAt = at;
    }

    public LandTransferId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string HouseholdNo { get; private set; }

    public string HeadName { get; private set; }

    /// <summary>流入方: the enterprise, cooperative or grower who farms the land.</summary>
    public string TenantName { get; private set; }

    /// <summary>The tenant's GB 32100 code; none for a private grower.</summary>
    public string? TenantCode { get; private set; }

    public string Location { get; private set; }

    public Hundredths AreaMu { get; private set; }

    public Money RentPerMu { get; private set; }

    /// <summary>Area × rent per 亩, half away from zero to the fen: the rent of one lease year.</summary>
    public Money AnnualRent { get; private set; }

    public DateOnly StartOn { get; private set; }

    public DateOnly EndOn { get; private set; }

    public LinkageAgreementId? AgreementId { get; private set; }

    /// <summary>The last day of a transfer ended before its term (终止); none while it runs its term.</summary>
    public DateOnly? EndedOn { get; private set; }

    public string? EndReason { get; private set; }

    /// <summary>The last day the land is let: the end date of an early end, else the term's.</summary>
    public DateOnly LastDay => EndedOn ?? EndOn;

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<RentPayment> Payments => _payments;

    /// <summary>Lease years begun by <paramref name="today"/> (each owes a year's rent), at most the term's (or up to the early end).</summary>
    public int YearsDue(DateOnly today)
    {
        var years = 0;
        for (var due = StartOn; due <= today && due <= LastDay; due = StartOn.AddYears(years))
        {
            years++;
        }
        return years;
    }

    /// <summary>
    /// A year's rent for each lease year begun; once an early end has passed, its last lease year owes the days held
    /// (start of that lease year to the end date, both counted) over the days of the lease year, half away from zero to
    /// the fen.
    /// </summary>
    public Money DueBy(DateOnly today)
    {
        var years = YearsDue(today);
        if (EndedOn is not { } ended || today < ended || years == 0)
        {
            return Money.FromFen(checked(AnnualRent.Fen * years));
        }
        var yearStart = StartOn.AddYears(years - 1);
        var held = ended.DayNumber - yearStart.DayNumber + 1;
        var length = StartOn.AddYears(years).DayNumber - yearStart.DayNumber;
        var q = Math.DivRem(checked(AnnualRent.Fen * Math.Min(held, length)), length, out var r);
        if (r * 2 >= length)
        {
            q++;
        }
        return Money.FromFen(checked(AnnualRent.Fen * (years - 1) + q));
    }

    public Money Paid => Money.Sum(_payments.Select(p => p.Amount));

    public Money ArrearsBy(DateOnly today)
    {
        var owed = DueBy(today) - Paid;
        return owed.IsNegative ? Money.Zero : owed;
    }

    public bool InForceIn(int year) => StartOn.Year <= year && LastDay.Year >= year;

    /// <summary>
    /// Ends the transfer before its term on <paramref name="on"/> (the last day let), with a reason; rent stops there. A
    /// transfer already ended is refused by its state (409 <c>land.ended</c>).
    /// </summary>
    public void End(DateOnly on, string? reason, DateOnly today)
    {
        if (EndedOn is { } ended)
        {
            throw StateConflict.Of("land.ended", "流转", $"已于 {BusinessCalendar.Format(ended)} 终止", "再终止");
        }
        if (on < StartOn || on >= EndOn || on > today)
        {
            throw new DomainException("land.end_on",
                $"终止日期应在流转期 {BusinessCalendar.Format(StartOn)} 至 {BusinessCalendar.Format(EndOn)} 之内、早于止日，且不晚于今天。", "on");
        }
        EndReason = Reason.Required(reason);
        EndedOn = on;
        Version++;
    }

    public void RecordPayment(DateOnly paidOn, Money amount, string? note, DateOnly today, string by, DateTimeOffset at)
    {
        if (amount.Fen <= 0)
        {
            throw new DomainException("land.payment_amount", "收到的租金须大于零。", "amount");
        }
        if (paidOn < StartOn.AddYears(-1) || paidOn > today)
        {
            throw new DomainException("land.payment_on", "收款日期不能晚于今天，也不能早于流转起日前一年。", "paidOn");
        }
        var text = (note ?? "").Trim();
        if (text.Length > MaxTextLength)
        {
            throw new DomainException("land.payment_note", $"备注不超过 {MaxTextLength} 个字。", "note");
        }
        // The same sum on the same day is the payment already recorded (a double click, a retry), refused by the record's state.
        if (_payments.Any(p => p.PaidOn == paidOn && p.Amount == amount))
        {
            throw StateConflict.Of("land.payment_recorded", "流转", $"已登记 {BusinessCalendar.Format(paidOn)} 收到的 {amount.ToInvariantString()} 元", "再登记同一笔租金");
        }
        _payments.Add(new RentPayment(paidOn, amount, text.Length == 0 ? null : text, by, at));
        Version++;
    }
}

/// <summary>Rent received for a land transfer on a day.</summary>
public sealed class RentPayment
{
    private RentPayment()
    {
        RecordedBy = "";
    }

    internal RentPayment(DateOnly paidOn, Money amount, string? note, string by, DateTimeOffset at)
    {
        PaidOn = paidOn;
        Year = paidOn.Year;
        Amount = amount;
        Note = note;
        RecordedBy = by;
        RecordedAt = at;
    }

    public long Id { get; private set; }

    public DateOnly PaidOn { get; private set; }

    /// <summary>The calendar year received: the year the rent counts as property income.</summary>
    public int Year { get; private set; }

    public Money Amount { get; private set; }

    public string? Note { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
}

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
/// the arrears. Rent received counts as the household's property income in the year it is paid.
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
        TenantName = Text(tenantName, "tenantName", "流入方名称");
        Location = Text(location, "location", "地块位置");
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

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<RentPayment> Payments => _payments;

    /// <summary>Lease years begun by <paramref name="today"/> (each owes a year's rent), at most the term's.</summary>
    public int YearsDue(DateOnly today)
    {
        var years = 0;
        for (var due = StartOn; due <= today && due <= EndOn; due = StartOn.AddYears(years))
        {
            years++;
        }
        return years;
    }

    public Money DueBy(DateOnly today) => Money.FromFen(checked(AnnualRent.Fen * YearsDue(today)));

    public Money Paid => Money.Sum(_payments.Select(p => p.Amount));

    public Money ArrearsBy(DateOnly today)
    {
        var owed = DueBy(today) - Paid;
        return owed.IsNegative ? Money.Zero : owed;
    }

    public bool InForceIn(int year) => StartOn.Year <= year && EndOn.Year >= year;

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
        _payments.Add(new RentPayment(paidOn, amount, text.Length == 0 ? null : text, by, at));
        Version++;
    }

    private static string Text(string? text, string field, string label)
    {
        var t = (text ?? "").Trim();
        return t.Length is 0 or > MaxTextLength ? throw new DomainException("input.text", $"{label}不能为空，不超过 {MaxTextLength} 个字。", field) : t;
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

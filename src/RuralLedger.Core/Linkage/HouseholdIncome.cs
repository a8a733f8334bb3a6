using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Linkage;

/// <summary>收入构成: the four categories of the national income survey of rural households.</summary>
public enum IncomeCategory
{
    Wage = 1,      // 工资性收入
    Business = 2,  // 经营净收入
    Property = 3,  // 财产净收入
    Transfer = 4,  // 转移净收入
}

public readonly record struct IncomeEntryId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// 收入调查: an amount the village enters for one household, year and category — what no record of the system covers
/// (farming sold at market, subsidies, remittances). One per household, year and category (unique); entering it again
/// replaces the amount under the record's version.
/// </summary>
public sealed class IncomeEntry : IAreaScoped
{
    public const int MaxNoteLength = 200;

    private IncomeEntry()
    {
        CountyCode = "";
        HouseholdNo = "";
        RecordedBy = "";
    }

    public IncomeEntry(HouseholdId householdId, string householdNo, string countyCode, DivisionCode township, DivisionCode village, int year, IncomeCategory category,
        Money amount, string? note, string by, DateTimeOffset at)
    {
        if (!Enum.IsDefined(category))
        {
            throw new DomainException("income.category", "收入类别不是可选的值。", "category");
        }
        if (year is < 2000 or > 2100)
        {
            throw new DomainException("income.year", "年度应在 2000–2100 之间。", "year");
        }
        HouseholdId = householdId;
        HouseholdNo = householdNo;
        CountyCode = countyCode;
        TownshipCode = township;
        VillageCode = village;
        Year = year;
        Category = category;
        RecordedBy = by;
        Set(amount, note, by, at);
        Version = 0;
    }

    public IncomeEntryId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode TownshipCode { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string HouseholdNo { get; private set; }

    public int Year { get; private set; }

    public IncomeCategory Category { get; private set; }

    /// <summary>Net income of the category; business and property income may be negative (a loss).</summary>
    public Money Amount { get; private set; }

    public string? Note { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public int Version { get; private set; }

    DivisionCode? IAreaScoped.TownshipCode => TownshipCode;

    DivisionCode? IAreaScoped.VillageCode => VillageCode;

    public void Set(Money amount, string? note, string by, DateTimeOffset at)
    {
        if (amount.IsNegative && Category is IncomeCategory.Wage or IncomeCategory.Transfer)
        {
            throw new DomainException("income.negative", $"{LinkageNames.Of(Category)}不能为负。", "amount");
        }
        var text = (note ?? "").Trim();
        if (text.Length > MaxNoteLength)
        {
            throw new DomainException("income.note", $"说明不超过 {MaxNoteLength} 个字。", "note");
        }
        Amount = amount;
        Note = text.Length == 0 ? null : text;
        RecordedBy = by;
        RecordedAt = at;
        Version++;
    }
}

/// <summary>
/// 防返贫监测收入标准: the per-person yearly income line a province sets for a year (e.g. 8,700.00 元). Dated policy
/// data, one per province and year; a comparison states the line it used.
/// </summary>
public sealed class MonitoringLine
{
    private MonitoringLine()
    {
        ProvinceCode = "";
        SetBy = "";
    }

    public MonitoringLine(string provinceCode, int year, Money perPerson, DateOnly effectiveOn, string by, DateTimeOffset at)
    {
        if (provinceCode.Length != 2 || !provinceCode.All(char.IsAsciiDigit))
        {
            throw new DomainException("income.line_province", "省级行政区划码应为 2 位数字。", "province");
        }
        if (year is < 2000 or > 2100)
        {
            throw new DomainException("income.year", "年度应在 2000–2100 之间。", "year");
        }
        if (perPerson.Fen <= 0)
        {
            throw new DomainException("income.line_amount", "监测收入标准应大于 0。", "perPerson");
        }
        ProvinceCode = provinceCode;
        Year = year;
        PerPerson = perPerson;
        EffectiveOn = effectiveOn;
        SetBy = by;
        SetAt = at;
    }

    public long Id { get; private set; }

    public string ProvinceCode { get; private set; }

    public int Year { get; private set; }

    public Money PerPerson { get; private set; }

    public DateOnly EffectiveOn { get; private set; }

    public string SetBy { get; private set; }

    public DateTimeOffset SetAt { get; private set; }
}

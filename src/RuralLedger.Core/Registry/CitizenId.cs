using System.Globalization;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Registry;

public enum Sex
{
    Male = 1,
    Female = 2,
}

/// <summary>
/// An 18-character resident identity number (GB 11643-1999): 6-digit address code, 8-digit birth date,
/// 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character (0–9 or X).
/// Sex and birth date are read from it, never typed.
/// </summary>
public readonly record struct CitizenId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    public string Value { get; }

    private CitizenId(string value) => Value = value;

    public string AreaCode => Value[..6];

    public DateOnly BirthDate => DateOnly.ParseExact(Value[6..14], "yyyyMMdd", CultureInfo.InvariantCulture);

    public Sex Sex => (Value[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;

    /// <summary>Shown to roles that don't need the full number: first four and last two characters.</summary>
    public string Masked => Mask(Value);

    public static string Mask(string value) => value.Length < 6 ? new string('*', value.Length) : value[..4] + new string('*', value.Length - 6) + value[^2..];

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }
        return CheckChars[sum % 11];
    }

    /// <summary>Validates against the standard; <paramref name="today"/> is the business date (a birth date can't be after it).</summary>
    public static bool TryParse(string? text, DateOnly today, out CitizenId id, out string error)
    {
        id = default;
        text = text?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(text))
        {
            error = "身份证号不能为空。";
            return false;
        }
        if (text.Length != 18)
        {
            error = $"身份证号应为 18 位，实际为 {text.Length} 位。";
            return false;
        }
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                error = $"身份证号第 {i + 1} 位“{text[i]}”不是数字。";
                return false;
            }
        }
        if (!char.IsAsciiDigit(text[17]) && text[17] != 'X')
        {
            error = "身份证号最后一位应为数字或 X。";
            return false;
        }
        if (!DivisionCode.TryParse(text[..6] + "000000", out _, out _))
        {
            error = $"身份证号的地址码 {text[..6]} 不是有效的县级区划代码。";
            return false;
        }
        if (!DateOnly.TryParseExact(text[6..14], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth) || birth.Year < 1900)
        {
            error = $"身份证号中的出生日期 {text[6..14]} 不是有效日期。";
            return false;
        }
        if (birth > today)
        {
            error = $"身份证号中的出生日期 {BusinessCalendar.Format(birth)} 晚于今天。";
            return false;
        }
        var expected = CheckCharacter(text.AsSpan(0, 17));
        if (text[17] != expected)
        {
            error = "身份证号校验位不正确，请核对号码。";
            return false;
        }
        id = new CitizenId(text);
        error = "";
        return true;
    }

    public static CitizenId Parse(string? text, DateOnly today, string field = "citizenId") =>
        TryParse(text, today, out var id, out var error) ? id : throw new DomainException("registry.invalid_citizen_id", error, field);

    /// <summary>Builds a valid number from its parts (demo data and tests).</summary>
    public static CitizenId Compose(string areaCode, DateOnly birthDate, int sequence)
    {
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{areaCode}{birthDate:yyyyMMdd}{sequence:D3}");
        return new CitizenId(first17 + CheckCharacter(first17));
    }

    public int AgeOn(DateOnly date) => Age.On(BirthDate, date);

    public override string ToString() => Masked;
}

using System.Globalization;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Areas;

public enum AreaLevel
{
    County = 1,
    Township = 2,
    Village = 3,
    Group = 4,
}

/// <summary>
/// A statistical division code (GB/T 2260 style, extended by the statistics bureau to 12 digits):
/// 6 digits county + 3 township + 3 village. Village groups (村民组) have no national code; they get the
/// village code followed by a 3-digit group number (15 digits), as several provincial registries do.
/// The level is read from the code itself: trailing zero segments mean a higher level.
/// </summary>
public readonly record struct DivisionCode
{
    // First two digits of mainland provincial-level divisions (GB/T 2260).
    private static readonly HashSet<string> Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    ];

    public string Value { get; }

    private DivisionCode(string value) => Value = value;

    public AreaLevel Level => Value.Length == 15
        ? AreaLevel.Group
        : Value[9..] != "000" ? AreaLevel.Village
        : Value[6..9] != "000" ? AreaLevel.Township
        : AreaLevel.County;

    /// <summary>The 6-digit county code: the natural partition (distribution) key of every county's data.</summary>
    public string County => Value[..6];

    /// <summary>The prefix every descendant's code starts with: 6, 9, 12 or 15 digits by level.</summary>
    public string ScopePrefix => Level switch
    {
        AreaLevel.County => Value[..6],
        AreaLevel.Township => Value[..9],
        AreaLevel.Village => Value[..12],
        AreaLevel.Group => Value,
    };

    /// <summary>The township this code is or lies in; none for a county. A method, so serializers never walk it.</summary>
    public DivisionCode? TownshipOf() => Level == AreaLevel.County ? null : new DivisionCode(Value[..9] + "000");

    public bool Contains(DivisionCode other) => other.Value.StartsWith(ScopePrefix, StringComparison.Ordinal);

    public static bool TryParse(string? text, out DivisionCode code, out string error)
    {
        code = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "区划代码不能为空。";
            return false;
        }
        if ((text.Length != 12 && text.Length != 15) || !text.All(char.IsAsciiDigit))
        {
            error = $"区划代码“{text}”应为 12 位数字（村民组为 15 位）。";
            return false;
        }
        if (!Provinces.Contains(text[..2]))
        {
            error = $"区划代码“{text}”的省级代码 {text[..2]} 不存在。";
            return false;
        }
        if (text[2..4] == "00" && text[..2] is not ("11" or "12" or "31" or "50"))
        {
            error = $"区划代码“{text}”缺少地市级代码。";
            return false;
        }
        if (text[4..6] == "00")
        {
            error = $"区划代码“{text}”缺少县级代码。";
            return false;
        }
        if (text[6..9] == "000" && text[9..12] != "000")
        {
            error = $"区划代码“{text}”有村级代码却没有乡镇级代码。";
            return false;
        }
        if (text.Length == 15 && (text[9..12] == "000" || text[12..] == "000"))
        {
            error = $"村民组代码“{text}”应为村级代码加 3 位非零组号。";
            return false;
        }
        code = new DivisionCode(text);
        error = "";
        return true;
    }

    public static DivisionCode Parse(string? text, string field = "code") =>
        TryParse(text, out var code, out var error) ? code : throw new DomainException("area.invalid_code", error, field);

    public static DivisionCode ForCounty(string sixDigits) => Parse(sixDigits + "000000");

    public DivisionCode Child(int number)
    {
        var n = number.ToString("D3", CultureInfo.InvariantCulture);
        if (number is < 1 or > 999)
        {
            throw new DomainException("area.invalid_child_number", $"下级编号 {number} 应在 1–999 之间。");
        }
        return Level switch
        {
            AreaLevel.County => Parse(Value[..6] + n + "000"),
            AreaLevel.Township => Parse(Value[..9] + n),
            AreaLevel.Village => Parse(Value + n),
            AreaLevel.Group => throw new DomainException("area.no_children", "村民组没有下级区划。"),
        };
    }

    public override string ToString() => Value;
}

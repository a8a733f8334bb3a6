using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Contracts;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, Z, S, V). Position 18 is a
/// check character over the first 17 with weights 3^i mod 31; positions 9–17 embed the organisation code of
/// GB 11714, whose own check character (position 17) is verified as well.
/// </summary>
public readonly record struct CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    public string Value { get; }

    private CreditCode(string value) => Value = value;

    public static CreditCode Parse(string? text, string field = "creditCode")
    {
        var s = (text ?? "").Trim().ToUpperInvariant();
        if (s.Length != 18)
        {
            throw new DomainException("credit_code.length", $"统一社会信用代码应为 18 位，现为 {s.Length} 位。", field);
        }
        for (var i = 0; i < 18; i++)
        {
            if (Alphabet.IndexOf(s[i], StringComparison.Ordinal) < 0)
            {
                throw new DomainException("credit_code.character", $"统一社会信用代码第 {i + 1} 位“{s[i]}”不是允许的字符（不含 I、O、Z、S、V）。", field);
            }
        }
        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                throw new DomainException("credit_code.area", "统一社会信用代码第 3–8 位应为登记管理机关行政区划码（数字）。", field);
            }
        }
        if (OrgCheck(s.AsSpan(8, 8)) != s[16])
        {
            throw new DomainException("credit_code.org_check", "统一社会信用代码第 9–17 位（组织机构代码）校验位不正确。", field);
        }
        if (Check(s.AsSpan(0, 17)) != s[17])
        {
            throw new DomainException("credit_code.check", "统一社会信用代码校验位（第 18 位）不正确，请核对。", field);
        }
        return new CreditCode(s);
    }

    public static bool IsValid(string? text)
    {
        try
        {
            Parse(text);
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    /// <summary>Completes a 16-character stem (registration authority, type, 6-digit area, 8-character organisation body) with both check characters.</summary>
    public static CreditCode Complete(string stem16)
    {
        ArgumentNullException.ThrowIfNull(stem16);
        if (stem16.Length != 16)
        {
            throw new ArgumentException("A stem has 16 characters.", nameof(stem16));
        }
        var seventeen = stem16 + OrgCheck(stem16.AsSpan(8, 8));
        return Parse(seventeen + Check(seventeen));
    }

    private static char Check(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }
        var c = 31 - (sum % 31);
        return Alphabet[c == 31 ? 0 : c];
    }

    // GB 11714: characters valued 0–9 and A=10 … Z=35; check = 11 − (Σ mod 11), 10 → X, 11 → 0.
    private static char OrgCheck(ReadOnlySpan<char> body8)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var ch = body8[i];
            var value = char.IsAsciiDigit(ch) ? ch - '0' : ch - 'A' + 10;
            sum += value * OrgWeights[i];
        }
        var c = 11 - (sum % 11);
        return c switch
        {
            10 => 'X',
            11 => '0',
            _ => (char)('0' + c),
        };
    }

    public override string ToString() => Value;
}

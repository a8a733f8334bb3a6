using System.Globalization;

namespace RuralLedger.Core.Kernel;

/// <summary>
/// A percentage held exactly in basis points (1% = 100 bp, 100% = 10,000 bp): ownership shares, the 721 split's
/// parts, a contract's guaranteed-return or profit-share rate. Read with checked bounds, so no text can overflow it.
/// </summary>
public readonly record struct Rate : IComparable<Rate>
{
    public const int FullBasisPoints = 10_000;

    public int BasisPoints { get; }

    private Rate(int basisPoints) => BasisPoints = basisPoints;

    public static Rate Zero => default;

    public static Rate Full => new(FullBasisPoints);

    /// <summary>Basis points as stored; the range is the caller's rule, this only wraps the number.</summary>
    public static Rate FromBasisPoints(int basisPoints) => new(basisPoints);

    /// <summary>A percent with at most two decimals, within <paramref name="range"/> (0–100% unless given).</summary>
    public static Rate FromPercent(decimal percent, RateRange? range = null)
    {
        var allowed = range ?? RateRange.Percent0To100;
        var bp = percent * 100m;
        if (bp != decimal.Truncate(bp))
        {
            throw new DomainException(RateErrors.Format, $"比例 {percent.ToString(CultureInfo.InvariantCulture)}% 超过两位小数。");
        }
        // The bounds are checked on the decimal, so a huge percent is a range error, not an overflowing cast.
        if (bp < allowed.Min.BasisPoints || bp > allowed.Max.BasisPoints)
        {
            throw new DomainException(RateErrors.Range, $"比例应在 {allowed.Min}–{allowed.Max} 之间。");
        }
        return new Rate((int)bp);
    }

    /// <summary>
    /// Percent as text: "70", "12.5", "12.50", "-3.25" (a '-' only matters for a range below zero), no '%' sign,
    /// no thousands separators, at most two decimals.
    /// </summary>
    public static Rate Parse(string? text, RateRange? range = null)
    {
        var s = text ?? "";
        if (!PlainDecimal.TrySplit(s, out _, out var whole, out var fraction) || fraction.Length > 2)
        {
            throw new DomainException(RateErrors.Format, $"比例“{s}”格式不对：应为百分数，最多两位小数，如 12.5。");
        }
        // Int basis points end near 21 million percent; longer text is out of any range before it is parsed.
        if (whole.TrimStart('0').Length > 12)
        {
            throw new DomainException(RateErrors.Range, $"比例“{s}”超出允许范围。");
        }
        return FromPercent(decimal.Parse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), range);
    }

    /// <summary>
    /// The share <paramref name="part"/> is of <paramref name="whole"/>, in basis points rounded half away from zero
    /// (0.20335 → 20.34%), computed on integers so 406,700.00 of 2,000,000.00 is exactly 2034 bp; none when the whole
    /// is zero (a share of nothing is not 0%).
    /// </summary>
    public static Rate? ShareOf(Money part, Money whole)
    {
        if (whole.Fen == 0)
        {
            return null;
        }
        Int128 numerator = Int128.Abs((Int128)part.Fen * FullBasisPoints);
        Int128 denominator = Int128.Abs(whole.Fen);
        var bp = (2 * numerator + denominator) / (2 * denominator);
        return new Rate(checked((int)((part.Fen < 0) != (whole.Fen < 0) ? -bp : bp)));
    }

    public decimal Percent => BasisPoints / 100m;

    /// <summary>The JSON form: percent with exactly two decimals, "12.50".</summary>
    public string ToInvariantString() => Percent.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Display form on pages and sheets: "12.5%", "70%".</summary>
    public override string ToString() => Percent.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public int CompareTo(Rate other) => BasisPoints.CompareTo(other.BasisPoints);

    public static bool operator <(Rate a, Rate b) => a.BasisPoints < b.BasisPoints;

    public static bool operator >(Rate a, Rate b) => a.BasisPoints > b.BasisPoints;

    public static bool operator <=(Rate a, Rate b) => a.BasisPoints <= b.BasisPoints;

    public static bool operator >=(Rate a, Rate b) => a.BasisPoints >= b.BasisPoints;
}

/// <summary>
/// The one text form of amounts and rates: an optional '-', ASCII digits, and optionally a '.' followed by digits.
/// No '+', spaces, separators or exponent, so what a client sends is what it meant.
/// </summary>
internal static class PlainDecimal
{
    public static bool TrySplit(string text, out bool negative, out string whole, out string fraction)
    {
        negative = text.StartsWith('-');
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var start = negative ? 1 : 0;
        whole = dot < 0 ? text[start..] : text[start..dot];
        fraction = dot < 0 ? "" : text[(dot + 1)..];
        return whole.Length > 0 && whole.All(char.IsAsciiDigit) && (dot < 0 || (fraction.Length > 0 && fraction.All(char.IsAsciiDigit)));
    }
}

/// <summary>The rates a field accepts, both ends included.</summary>
public readonly record struct RateRange(Rate Min, Rate Max)
{
    public static RateRange Percent0To100 => new(Rate.Zero, Rate.Full);

    public static RateRange OfPercent(decimal min, decimal max) =>
        new(Rate.FromBasisPoints(checked((int)(min * 100m))), Rate.FromBasisPoints(checked((int)(max * 100m))));
}

public static class RateErrors
{
    public const string Format = "rate.format";
    public const string Range = "rate.range";
}

using System.Globalization;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Linkage;

/// <summary>
/// A measure kept exactly to two decimals as an integer count of hundredths: 亩 of land (0.01 亩), kilograms delivered
/// (0.01 kg), hours of a class. A price per unit times a measure is rounded once, half away from zero, to the fen.
/// </summary>
public readonly record struct Hundredths(long Value) : IComparable<Hundredths>
{
    public static Hundredths Zero => default;

    /// <summary>A decimal from a form or the API; more than two decimals is refused, not rounded.</summary>
    public static Hundredths From(decimal value, string field, string label)
    {
        // The range first: a huge decimal times 100 would overflow before it could be refused.
        if (value is < 0m or > 10_000_000_000m)
        {
            throw new DomainException("input.range", $"{label}不能为负，也不能过大。", field);
        }
        var scaled = value * 100m;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new DomainException("input.hundredths", $"{label}最多保留两位小数。", field);
        }
        return new Hundredths((long)scaled);
    }

    public decimal Decimal => Value / 100m;

    /// <summary>Lets a query sum the stored integers (<c>SUM((long)weight)</c>), as <c>(long)money</c> does.</summary>
    public static explicit operator long(Hundredths h) => h.Value;

    public bool IsPositive => Value > 0;

    /// <summary>The measure times a price per unit, half away from zero to the fen (checked: an overflow throws).</summary>
    public Money Times(Money perUnit)
    {
        var product = checked(Value * perUnit.Fen);
        var q = Math.DivRem(Math.Abs(product), 100, out var r);
        if (r >= 50)
        {
            q++;
        }
        return Money.FromFen(product < 0 ? -q : q);
    }

    public int CompareTo(Hundredths other) => Value.CompareTo(other.Value);

    public static Hundredths operator +(Hundredths a, Hundredths b) => new(checked(a.Value + b.Value));

    public override string ToString() => Decimal.ToString("#,##0.00", CultureInfo.InvariantCulture);
}

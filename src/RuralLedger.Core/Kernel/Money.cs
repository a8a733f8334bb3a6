using System.Globalization;

namespace RuralLedger.Core.Kernel;

/// <summary>
/// An amount of renminbi held exactly in fen (0.01 yuan). All arithmetic is checked: an overflow is an
/// error, never a wrap-around. Splitting goes through <see cref="Allocate(IReadOnlyList{long})"/> so the
/// parts always sum to the whole.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    public long Fen { get; }

    private Money(long fen) => Fen = fen;

    public static Money Zero => default;

    public static Money FromFen(long fen) => new(fen);

    /// <summary>Yuan given as a decimal; more than two decimal places is refused rather than rounded.</summary>
    public static Money FromYuan(decimal yuan)
    {
        // Range first: beyond ±7.9e26 yuan the multiplication itself would overflow decimal.
        if (yuan > long.MaxValue / 100m || yuan < long.MinValue / 100m)
        {
            throw new DomainException(MoneyErrors.Overflow, "金额超出可表示范围。");
        }
        var fen = yuan * 100m;
        if (fen != decimal.Truncate(fen))
        {
            throw new DomainException(MoneyErrors.TooPrecise, $"金额 {yuan.ToString(CultureInfo.InvariantCulture)} 元超过两位小数（分）。");
        }
        return new Money((long)fen);
    }

    /// <summary>
    /// Yuan as a program writes it: "1234567", "1234567.8" or "1234567.89", an optional leading '-', no thousands
    /// separators, no exponent. The one text form of money in JSON; the sign is for the caller to judge.
    /// </summary>
    public static Money Parse(string? text)
    {
        var s = text ?? "";
        if (!PlainDecimal.TrySplit(s, out var negative, out var whole, out var fraction))
        {
            throw new DomainException(MoneyErrors.Format, $"金额“{s}”格式不对：应为以元为单位的数字，如 1234567.89，不带千位分隔符。");
        }
        if (fraction.Length > 2)
        {
            throw new DomainException(MoneyErrors.TooPrecise, $"金额 {s} 元超过两位小数（分）。");
        }
        // 17 digits of yuan already exceed the long range of fen; longer text is refused before any arithmetic.
        if (whole.TrimStart('0').Length > 17 || !long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out var yuan))
        {
            throw new DomainException(MoneyErrors.Overflow, "金额超出可表示范围。");
        }
        var fen = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(2, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        try
        {
            return new Money(negative ? checked(-(yuan * 100) - fen) : checked(yuan * 100 + fen));
        }
        catch (OverflowException)
        {
            throw Overflow();
        }
    }

    /// <summary>The text <see cref="Parse"/> reads: "-1234567.80", always two decimals.</summary>
    public string ToInvariantString() => Yuan.ToString("0.00", CultureInfo.InvariantCulture);

    public decimal Yuan => Fen / 100m;

    /// <summary>
    /// Fen, for sums the database computes: EF Core translates the cast to a CAST of the stored fen column, so a
    /// GROUP BY can add amounts without reading the rows (<c>g.Sum(l =&gt; (long)l.Amount)</c>).
    /// </summary>
    public static explicit operator long(Money amount) => amount.Fen;

    public bool IsNegative => Fen < 0;

    // Overflow is tested on the bits, not caught: these run millions of times an import, and a closure per sum was
    // most of what a repayment file's rules allocated.
    public static Money operator +(Money a, Money b)
    {
        var sum = unchecked(a.Fen + b.Fen);
        // Overflowed when both operands have the same sign and the sum has the other.
        return ((a.Fen ^ sum) & (b.Fen ^ sum)) < 0 ? throw Overflow() : new Money(sum);
    }

    public static Money operator -(Money a, Money b)
    {
        var difference = unchecked(a.Fen - b.Fen);
        // Overflowed when the operands' signs differ and the difference's differs from the first's.
        return ((a.Fen ^ b.Fen) & (a.Fen ^ difference)) < 0 ? throw Overflow() : new Money(difference);
    }

    public static Money operator -(Money a) => a.Fen == long.MinValue ? throw Overflow() : new Money(-a.Fen);

    public static bool operator <(Money a, Money b) => a.Fen < b.Fen;

    public static bool operator >(Money a, Money b) => a.Fen > b.Fen;

    public static bool operator <=(Money a, Money b) => a.Fen <= b.Fen;

    public static bool operator >=(Money a, Money b) => a.Fen >= b.Fen;

    public int CompareTo(Money other) => Fen.CompareTo(other.Fen);

    public static Money Sum(IEnumerable<Money> amounts)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        var total = Zero;
        foreach (var m in amounts)
        {
            total += m;
        }
        return total;
    }

    /// <summary>
    /// Splits this amount in proportion to <paramref name="weights"/>; see <see cref="Allocation"/> for the rule.
    /// </summary>
    public Money[] Allocate(IReadOnlyList<long> weights)
    {
        var fen = Allocation.Split(Fen, weights);
        var parts = new Money[fen.Length];
        for (var i = 0; i < fen.Length; i++)
        {
            parts[i] = new Money(fen[i]);
        }
        return parts;
    }

    /// <summary>Display form used on every page and statement: "1,234,567.89 元".</summary>
    public override string ToString() => ToString(withUnit: true);

    public string ToString(bool withUnit)
    {
        var text = Yuan.ToString("#,##0.00", CultureInfo.InvariantCulture);
        return withUnit ? text + " 元" : text;
    }

    private static DomainException Overflow() => new(MoneyErrors.Overflow, "金额计算溢出。");
}

public static class MoneyErrors
{
    public const string Overflow = "money.overflow";
    public const string TooPrecise = "money.too_precise";
    public const string Format = "money.format";
    public const string NegativeTotal = "money.negative_total";
    public const string NegativeWeight = "money.negative_weight";
    public const string NoWeights = "money.no_weights";
    public const string ZeroWeights = "money.zero_weights";
}

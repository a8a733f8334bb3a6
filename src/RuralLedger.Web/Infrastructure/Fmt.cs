using System.Globalization;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Infrastructure;

/// <summary>Display formats used on every page: counts 1,234, amounts 1,234,567.89 元, dates yyyy-MM-dd (China Standard Time).</summary>
public static class Fmt
{
    public static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static string Count(long n) => n.ToString("N0", Culture);

    public static string Amount(Money m) => m.ToString();

    public static string Date(DateOnly d) => BusinessCalendar.Format(d);

    public static string Date(DateOnly? d) => d is { } v ? BusinessCalendar.Format(v) : "";
}

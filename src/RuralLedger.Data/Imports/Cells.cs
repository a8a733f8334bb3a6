using System.Globalization;

namespace RuralLedger.Data.Imports;

/// <summary>Reading one cell as MiniExcel returns it: string, double (numbers), DateTime (date-formatted cells), bool or null.</summary>
public static class Cells
{
    /// <summary>Excel keeps 15 significant digits: a longer number typed into a number cell has already lost its tail.</summary>
    private const double ExactLimit = 1e15;

    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        double d when d == Math.Floor(d) && Math.Abs(d) < ExactLimit => d.ToString("0", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? "",
    };

    /// <summary>A long digit string (citizen ID, account) stored as a number cell: its digits can't be trusted.</summary>
    public static bool IsTruncatedNumber(object? value) => value is double d && Math.Abs(d) >= ExactLimit;

    public static bool TryDate(object? value, out DateOnly date)
    {
        switch (value)
        {
            case DateTime t:
                date = DateOnly.FromDateTime(t);
                return true;
            // A date cell whose style MiniExcel did not recognise arrives as its serial number.
            case double d when d >= 1 && d < 2_958_466:
                date = DateOnly.FromDateTime(DateTime.FromOADate(d));
                return true;
            case string s:
                return DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
            default:
                date = default;
                return false;
        }
    }
}

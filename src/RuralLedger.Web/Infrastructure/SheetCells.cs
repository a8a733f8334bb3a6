namespace RuralLedger.Web.Infrastructure;

/// <summary>One data row of an imported sheet, picked by the header's column letters (shared by the registry and asset imports).</summary>
internal static class SheetCells
{
    /// <summary>The row's values indexed by field; null when every mapped cell is empty (a blank row is skipped, not an error).</summary>
    public static object?[]? Pick<TField>(IDictionary<string, object?> cells, IReadOnlyDictionary<string, TField> columns, int width)
        where TField : struct, Enum
    {
        var values = new object?[width];
        var blank = true;
        foreach (var (letter, field) in columns)
        {
            if (cells.TryGetValue(letter, out var value) && value is not null && (value is not string s || s.Trim().Length > 0))
            {
                values[Convert.ToInt32(field, System.Globalization.CultureInfo.InvariantCulture)] = value;
                blank = false;
            }
        }
        return blank ? null : values;
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace RuralLedger.Data.Credit;

/// <summary>
/// Loan numbers run per county and year: XD&lt;county&gt;-&lt;year&gt;-00001. The one place a loan number is handed out;
/// call it inside the save's transaction, so a failed save gives its number back (decision 0021).
/// </summary>
public static class LoanNumbers
{
    public const string Series = "loan";

    public static async Task<string> NextAsync(RuralDbContext db, string county, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // The counter seeds itself from the highest number already stored (the demo and imports write numbers directly).
        var prefix = Format(county, year, 0)[..^5];
        var last = await db.Loans.IgnoreQueryFilters().Where(l => l.CountyCode == county && l.Number.StartsWith(prefix))
            .OrderByDescending(l => l.Number).Select(l => l.Number).FirstOrDefaultAsync(ct);
        var seed = last is null ? 0 : long.Parse(last.AsSpan(prefix.Length), CultureInfo.InvariantCulture);
        var next = await NumberSeries.NextAsync(db, Series, county, year, seed: seed, ct: ct);
        return Format(county, year, checked((int)next));
    }

    /// <summary>The number of the <paramref name="sequence"/>-th loan of the county's year.</summary>
    public static string Format(string county, int year, int sequence) => $"XD{county}-{year}-{sequence.ToString("D5", CultureInfo.InvariantCulture)}";
}

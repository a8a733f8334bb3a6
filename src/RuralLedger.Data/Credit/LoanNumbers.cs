using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Data.Distribution;

namespace RuralLedger.Data.Credit;

/// <summary>
/// Loan numbers run per county and year: XD&lt;county&gt;-&lt;year&gt;-00001. The one place a loan number is handed out;
/// call it inside a transaction (the unique index on the number is the last guard).
/// </summary>
public static class LoanNumbers
{
    public const string Series = "loan";

    public static async Task<string> NextAsync(RuralDbContext db, string county, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await SeriesLock.TakeAsync(db, Series, county, year, ct);
        var prefix = Format(county, year, 0)[..^5];
        var last = await db.Loans.IgnoreQueryFilters().Where(l => l.CountyCode == county && l.Number.StartsWith(prefix))
            .OrderByDescending(l => l.Number).Select(l => l.Number).FirstOrDefaultAsync(ct);
        return Format(county, year, last is null ? 1 : int.Parse(last.AsSpan(prefix.Length), CultureInfo.InvariantCulture) + 1);
    }

    /// <summary>The number of the <paramref name="sequence"/>-th loan of the county's year.</summary>
    public static string Format(string county, int year, int sequence) => $"XD{county}-{year}-{sequence.ToString("D5", CultureInfo.InvariantCulture)}";
}

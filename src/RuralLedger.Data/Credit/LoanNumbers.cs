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
        var prefix = $"XD{county}-{year}-";
        var last = await db.Loans.IgnoreQueryFilters().Where(l => l.CountyCode == county && l.Number.StartsWith(prefix))
            .OrderByDescending(l => l.Number).Select(l => l.Number).FirstOrDefaultAsync(ct);
        var next = last is null ? 1 : int.Parse(last.AsSpan(prefix.Length), CultureInfo.InvariantCulture) + 1;
        return prefix + next.ToString("D5", CultureInfo.InvariantCulture);
    }
}

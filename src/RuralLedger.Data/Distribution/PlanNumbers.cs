using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;

namespace RuralLedger.Data.Distribution;

/// <summary>
/// Plan numbers run per village and year: FP&lt;village&gt;-&lt;year&gt;-01, -02, … (a reversal takes the next one). They are
/// handed out under the county's "plan" series lock, which every writer of plans takes the same way.
/// </summary>
public static class PlanNumbers
{
    public const string Series = "plan";

    public static string Prefix(DivisionCode village, int year) => $"FP{village.Value}-{year}-";

    /// <summary>The next number of the village and year, given the numbers the county already has that year.</summary>
    public static string Next(DivisionCode village, int year, IEnumerable<string> taken)
    {
        var prefix = Prefix(village, year);
        return prefix + (taken.Count(n => n.StartsWith(prefix, StringComparison.Ordinal)) + 1).ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>The numbers the county has for the year, plans out of the caller's scope included.</summary>
    public static Task<List<string>> TakenAsync(RuralDbContext db, string county, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.DistributionPlans.IgnoreQueryFilters().Where(p => p.CountyCode == county && p.Year == year).Select(p => p.Number).ToListAsync(ct);
    }
}

/// <summary>
/// The lock a numbering series of a county and year is handed out under, inside the caller's transaction: a
/// transaction-scoped advisory lock on PostgreSQL; on SQLite, whose transactions begin IMMEDIATE, the one writer.
/// </summary>
public static class SeriesLock
{
    public static string Key(string series, string county, int year) => $"{series}:{county}:{year}";

    public static async Task TakeAsync(RuralDbContext db, string series, string county, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            var key = Key(series, county, year);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);
        }
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;

namespace RuralLedger.Data.Distribution;

/// <summary>
/// Plan numbers run per village and year: FP&lt;village&gt;-&lt;year&gt;-01, -02, … (a reversal takes the next one), from
/// the village's <see cref="NumberSeries"/> counter ("plan:&lt;village&gt;"), which every writer of plans moves the same way.
/// </summary>
public static class PlanNumbers
{
    public static string Prefix(DivisionCode village, int year) => $"FP{village.Value}-{year}-";

    /// <summary>
    /// The next number of the village and year. <paramref name="taken"/>: the numbers the county already had that year
    /// (<see cref="TakenAsync"/>, read once for a county's villages), the counter's seed.
    /// </summary>
    public static async Task<string> NextAsync(RuralDbContext db, DivisionCode village, int year, IEnumerable<string> taken, CancellationToken ct)
    {
        var prefix = Prefix(village, year);
        var seed = taken.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => long.Parse(n.AsSpan(prefix.Length), CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        var next = await NumberSeries.NextAsync(db, "plan:" + village.Value, village.County, year, seed: seed, ct: ct);
        return prefix + next.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The next number of each village (all of one county) for the year, in the villages' order, reserved together
    /// (<see cref="NumberSeries.NextForEachAsync"/>): a province's build takes its 16,000 numbers in a few dozen statements.
    /// </summary>
    public static async Task<List<string>> NextForVillagesAsync(RuralDbContext db, IReadOnlyList<DivisionCode> villages, int year, IEnumerable<string> taken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(villages);
        if (villages.Count == 0)
        {
            return [];
        }
        var seeds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var number in taken)
        {
            // FP<12-digit village>-<year>-<n>: the prefix is fixed-width, so a plain split finds the village's part.
            var dash = number.LastIndexOf('-');
            if (dash > 0 && long.TryParse(number.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                var prefix = number[..(dash + 1)];
                seeds[prefix] = Math.Max(seeds.GetValueOrDefault(prefix), n);
            }
        }
        var county = villages[0].County;
        var series = villages.Select(v => ("plan:" + v.Value, seeds.GetValueOrDefault(Prefix(v, year)))).ToList();
        var next = await NumberSeries.NextForEachAsync(db, series, county, year, ct);
        return [.. villages.Select(v => Prefix(v, year) + next["plan:" + v.Value].ToString("D2", CultureInfo.InvariantCulture))];
    }

    /// <summary>The numbers the county has for the year, plans out of the caller's scope included.</summary>
    public static Task<List<string>> TakenAsync(RuralDbContext db, string county, int year, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.DistributionPlans.IgnoreQueryFilters().Where(p => p.CountyCode == county && p.Year == year).Select(p => p.Number).ToListAsync(ct);
    }
}

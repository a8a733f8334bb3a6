using System.Diagnostics;
using System.Globalization;

namespace RuralLedger.Bench;

/// <summary>One line of the result table.</summary>
internal sealed record BenchRow(string Benchmark, string Size, string Time, string Target, string Notes);

/// <param name="PostgresOnly">Skip the SQLite rows of the benches that run both (rules, distribute): their PostgreSQL half alone.</param>
internal sealed record BenchSettings(bool Quick, bool PostgresOnly = false);

/// <summary>A named group of rows; `--only NAME` runs just that group.</summary>
internal sealed record Benchmark(string Name, string Description, Func<BenchSettings, CancellationToken, Task<IReadOnlyList<BenchRow>>> RunAsync);

internal static class Harness
{
    /// <summary>Median wall time of <paramref name="runs"/> calls after <paramref name="warmups"/> unmeasured ones.</summary>
    public static TimeSpan Median(Action action, int warmups = 2, int runs = 7)
    {
        for (var i = 0; i < warmups; i++)
        {
            action();
        }
        var times = new TimeSpan[runs];
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed;
        }
        Array.Sort(times);
        return times[runs / 2];
    }

    public static string Format(TimeSpan time) => time.TotalSeconds switch
    {
        < 1 => time.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms",
        < 120 => time.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s",
        _ => $"{(int)time.TotalMinutes} min {time.Seconds:D2} s",
    };

    /// <summary>"123.4 ms ✓" or "… ✗": the time and whether it met its limit.</summary>
    public static string Verdict(TimeSpan time, TimeSpan limit) => Format(time) + (time <= limit ? " ✓" : " ✗");

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

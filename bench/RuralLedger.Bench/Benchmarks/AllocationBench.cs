using RuralLedger.Core.Kernel;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>Largest-remainder split of a large pool over many beneficiaries (the payout of a province-wide plan).</summary>
internal static class AllocationBench
{
    private const long Total = 100_000_000; // fen, i.e. 1,000,000 yuan
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(200);

    public static Benchmark Definition => new("allocate", "Allocation.Split", (settings, _) => Task.FromResult(Run(settings)));

    private static IReadOnlyList<BenchRow> Run(BenchSettings settings)
    {
        var n = settings.Quick ? 100_000 : 1_000_000;
        var rng = new Random(20_260_101);
        var random = new long[n];
        for (var i = 0; i < n; i++)
        {
            random[i] = rng.Next(1, 1001);
        }
        var equal = new long[n];
        Array.Fill(equal, 1L);
        return [Row("random weights 1..1000", random), Row("equal weights", equal)];
    }

    private static BenchRow Row(string kind, long[] weights)
    {
        long[] parts = [];
        var median = Harness.Median(() => parts = Allocation.Split(Total, weights));
        var sum = parts.Sum();
        var check = sum == Total ? "parts sum to total ✓" : $"parts sum to {Harness.Count(sum)} ✗";
        return new BenchRow(
            "allocate " + kind,
            $"{Harness.Count(Total)} fen / {Harness.Count(weights.Length)}",
            Harness.Verdict(median, Limit),
            "≤ 200 ms",
            $"median of 7 runs after 2 warm-ups; {check}");
    }
}

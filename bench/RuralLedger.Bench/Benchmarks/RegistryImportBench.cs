using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>Issue #3: an .xlsx of 100,000 member rows imported with validation (≤ 30 s), against a bare read of the same file.</summary>
internal static class RegistryImportBench
{
    public static readonly Benchmark Definition = new("import", "registry Excel import with validation vs a bare MiniExcel read", RunAsync);

    private static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchSettings settings, CancellationToken ct)
    {
        var rows = settings.Quick ? 10_000 : 100_000;
        var folder = Path.Combine(Path.GetTempPath(), "rl-bench-import-" + Guid.NewGuid().ToString("N"));
        try
        {
            var r = await ImportBenchmark.RunOnFreshDatabaseAsync(folder, rows, null, null, ct);
            return
            [
                new BenchRow("registry import SQLite", $"{Harness.Count(r.Rows)} member rows, {Harness.Count(r.Households)} households, {r.FileBytes / 1024.0 / 1024.0:F1} MB",
                    Harness.Verdict(r.Import, TimeSpan.FromSeconds(30)), "≤ 30 s",
                    $"parse + validate + write, all or nothing; bare MiniExcel read {Harness.Format(r.BareRead)}; ratio {r.Ratio:F1}"),
            ];
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

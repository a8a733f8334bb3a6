using System.CommandLine;
using RuralLedger.Bench;
using RuralLedger.Bench.Benchmarks;
using Spectre.Console;

// Each entry is one group of rows; add new benchmarks (lookup, import, distribution) here.
Benchmark[] benchmarks = [AllocationBench.Definition, DemoLoadBench.Definition, RegistryImportBench.Definition, CitizenIdLookupBench.Definition, DistributionBench.Definition, BoardBench.Definition, LinkageBench.Definition, RulesBench.Definition, LoansBench.Definition, LoansBench.RulesDefinition];

var only = new Option<string?>("--only") { Description = "run one benchmark: " + string.Join(" | ", benchmarks.Select(b => b.Name)) };
only.AcceptOnlyFromAmong([.. benchmarks.Select(b => b.Name)]);
var quick = new Option<bool>("--quick") { Description = "smaller sizes for a smoke run (demo county instead of province)" };
var postgresOnly = new Option<bool>("--postgres-only") { Description = "rules, distribute: only the PostgreSQL rows (RURAL_BENCH_PG)" };
var root = new RootCommand("RuralLedger benchmarks: prints one table row per measurement") { only, quick, postgresOnly };
root.SetAction(async (parse, ct) =>
{
    var settings = new BenchSettings(parse.GetValue(quick), parse.GetValue(postgresOnly));
    var selected = parse.GetValue(only);
    var table = new Table().AddColumns("benchmark", "size", "time", "target", "notes")
        .Caption("✓ met its target, ✗ missed it; timed with Stopwatch in this process (Release build expected)");
    foreach (var benchmark in benchmarks.Where(b => selected is null || b.Name == selected))
    {
        AnsiConsole.MarkupLine($"[grey]running {benchmark.Name}: {benchmark.Description}…[/]");
        IReadOnlyList<BenchRow> rows;
        try
        {
            rows = await benchmark.RunAsync(settings, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One failing benchmark must not cost the rows already measured.
            rows = [new BenchRow(benchmark.Name, "", "failed", "", e.GetType().Name + ": " + e.Message)];
        }
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Benchmark), Markup.Escape(row.Size), Markup.Escape(row.Time), Markup.Escape(row.Target), Markup.Escape(row.Notes));
        }
    }
    if (Console.IsOutputRedirected)
    {
        // Piped into a file or a CI log: don't wrap the table at the default 80 columns.
        AnsiConsole.Profile.Width = 200;
    }
    AnsiConsole.Write(table);
    return 0;
});
return await root.Parse(args).InvokeAsync();

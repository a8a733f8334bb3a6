using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RuralLedger.Data.Demo;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>
/// Generating and writing the demo data into a fresh database, the way `rural demo` does: one open
/// connection, SQLite tuned, migrations applied before the clock starts.
/// </summary>
internal static class DemoLoadBench
{
    /// <summary>Connection string of a PostgreSQL server where the bench may create and drop a scratch database.</summary>
    public const string PostgresVariable = "RURAL_BENCH_PG";

    public static Benchmark Definition => new("demo", "demo data generation + bulk write", RunAsync);

    private static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchSettings settings, CancellationToken ct)
    {
        var size = settings.Quick ? DemoSize.County : DemoSize.Province;
        var rows = new List<BenchRow> { await SqliteAsync(size, ct) };
        var postgres = Environment.GetEnvironmentVariable(PostgresVariable);
        rows.Add(string.IsNullOrWhiteSpace(postgres)
            ? new BenchRow("demo load PostgreSQL", Describe(size), "skipped", Target(size), $"set {PostgresVariable} to a connection string to run it")
            : await PostgresAsync(size, postgres, ct));
        return rows;
    }

    private static async Task<BenchRow> SqliteAsync(DemoSize size, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("rural-bench-");
        try
        {
            var storage = new StorageOptions { Provider = DatabaseProvider.Sqlite, DataFolder = folder.FullName };
            var result = await LoadAsync(storage, size, ct);
            var bytes = folder.EnumerateFiles("ruralledger.db*").Sum(f => f.Length);
            return Row("demo load SQLite", size, result, $"WAL, synchronous=NORMAL; file {bytes / (1024 * 1024)} MiB");
        }
        finally
        {
            // Pooled connections keep the file open; release them before deleting it.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<BenchRow> PostgresAsync(DemoSize size, string connectionString, CancellationToken ct)
    {
        var scratch = $"rural_bench_{Environment.ProcessId}_{Random.Shared.Next(100_000):D5}";
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Database = scratch, Pooling = false }.ConnectionString;
        await AdminAsync(connectionString, $"CREATE DATABASE {scratch}", ct);
        try
        {
            var storage = new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = target };
            var result = await LoadAsync(storage, size, ct);
            return Row("demo load PostgreSQL", size, result, $"binary COPY into scratch database {scratch} (dropped)");
        }
        finally
        {
            await AdminAsync(connectionString, $"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", CancellationToken.None);
        }
    }

    private static async Task<DemoLoadResult> LoadAsync(StorageOptions storage, DemoSize size, CancellationToken ct)
    {
        await using var db = StorageRegistration.CreateContext(storage, RuralLedger.Core.Accounts.AccessContext.System("bench"));
        await db.Database.OpenConnectionAsync(ct);
        await SqliteTuning.ApplyAsync(db, ct);
        await db.Database.MigrateAsync(ct);
        var clock = Stopwatch.StartNew();
        var result = await new DemoLoader(db, PersonalDataVault.CreateRandom(), new RuralLedger.Data.Audit.AuditWriter(TimeProvider.System), TimeProvider.System).LoadAsync(size, progress: null, ct);
        return result with { Elapsed = clock.Elapsed };
    }

    private static async Task AdminAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static BenchRow Row(string name, DemoSize size, DemoLoadResult result, string notes)
    {
        var perSecond = result.Households / Math.Max(result.Elapsed.TotalSeconds, 0.001);
        return new BenchRow(
            name,
            Describe(size),
            Harness.Verdict(result.Elapsed, Limit(size)),
            Target(size),
            $"{Harness.Count((long)perSecond)} households/s, {Harness.Count(result.Members)} people; {notes}");
    }

    private static string Describe(DemoSize size) => size switch
    {
        DemoSize.County => $"county: {Harness.Count(DemoCountyGenerator.CountyHouseholds)} households",
        DemoSize.Province => $"province: {Harness.Count(DemoCountyGenerator.ProvinceHouseholds)} households",
    };

    // "Minutes, not hours" for the province; the county is what the web app loads on first start.
    private static TimeSpan Limit(DemoSize size) => size switch
    {
        DemoSize.County => TimeSpan.FromSeconds(10),
        DemoSize.Province => TimeSpan.FromMinutes(3),
    };

    private static string Target(DemoSize size) => size switch
    {
        DemoSize.County => "≤ 10 s",
        DemoSize.Province => "≤ 3 min",
    };
}

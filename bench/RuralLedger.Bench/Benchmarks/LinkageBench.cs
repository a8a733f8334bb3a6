using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Npgsql;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Demo;
using RuralLedger.Data.Imports;
using RuralLedger.Data.Linkage;
using RuralLedger.Web.Features.Linkage;
using RuralLedger.Web.Features.Linkage.Wages;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>
/// Issue #16's linkage bench on the demo (province, or the county with --quick): a year's wages, deliveries, rents and
/// training generated through the bulk sink (<see cref="DemoLinkageGenerator"/>, untimed); then, timed, the income-by-category table of the year for every
/// household (the page's and API's query, system scope), and a 100,000-row payroll sheet previewed and imported
/// through the real import. Baselines in the same run: the bare GROUP BY over the wage rows, and reading the sheet alone.
/// </summary>
internal static class LinkageBench
{
    public static Benchmark Definition => new("linkage", "household income by category for a year; a 100,000-row payroll import", RunAsync);

    private const int SheetRows = 100_000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private const string Target = "≤ 10 s, ≤ 2 GB";

    private static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchSettings settings, CancellationToken ct)
    {
        var size = settings.Quick ? DemoSize.County : DemoSize.Province;
        var year = BusinessCalendar.Today(TimeProvider.System).Year - 2;
        var rows = new List<BenchRow>();
        var folder = Directory.CreateTempSubdirectory("rural-bench-");
        try
        {
            var storage = new StorageOptions { Provider = DatabaseProvider.Sqlite, DataFolder = folder.FullName };
            var generated = LinkageCache.TryRestoreSqlite(storage, size, year);
            var loaded = generated || DemoCache.TryRestoreSqlite(size, folder.FullName);
            rows.AddRange(await MeasureAsync("SQLite", storage, size, year, loaded, generated, db => LinkageCache.SaveSqliteAsync(db, storage, size, year, ct),
                folder.FullName, ct));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
        var postgres = Environment.GetEnvironmentVariable(DemoLoadBench.PostgresVariable);
        if (string.IsNullOrWhiteSpace(postgres))
        {
            rows.Add(new BenchRow("linkage PostgreSQL", size.ToString(), "skipped", Target, $"set {DemoLoadBench.PostgresVariable} to a connection string to run it"));
            return rows;
        }
        var scratch = $"rural_bench_{Environment.ProcessId}_{Random.Shared.Next(100_000):D5}";
        var target = new NpgsqlConnectionStringBuilder(postgres) { Database = scratch, Pooling = false }.ConnectionString;
        var pgStorage = new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = target };
        var template = LinkageCache.TemplateFor(size, year);
        var pgGenerated = template is not null && await DemoCache.TemplateExistsAsync(postgres, template, ct);
        bool pgLoaded;
        if (pgGenerated)
        {
            await DemoCache.AdminAsync(postgres, $"CREATE DATABASE {scratch} TEMPLATE {template}", ct);
            pgLoaded = true;
        }
        else
        {
            pgLoaded = await DemoCache.CreatePostgresAsync(postgres, scratch, size, ct);
        }
        var sheetFolder = Directory.CreateTempSubdirectory("rural-bench-");
        try
        {
            rows.AddRange(await MeasureAsync("PostgreSQL", pgStorage, size, year, pgLoaded, pgGenerated, async _ =>
            {
                if (template is not null)
                {
                    // A template is copied only while nobody is connected to it: the generating context is closed by now.
                    NpgsqlConnection.ClearAllPools();
                    await DemoCache.AdminAsync(postgres, $"CREATE DATABASE {template} TEMPLATE {scratch}", ct);
                }
            }, sheetFolder.FullName, ct));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await DemoCache.AdminAsync(postgres, $"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", CancellationToken.None);
            sheetFolder.Delete(recursive: true);
        }
        return rows;
    }

    /// <param name="generated">The restored copy already holds the year's generated records (<see cref="LinkageCache"/>).</param>
    /// <param name="keepGenerated">Keeps the state just generated for the next run, given the closed generating context's twin.</param>
    private static async Task<IReadOnlyList<BenchRow>> MeasureAsync(string engine, StorageOptions storage, DemoSize size, int year, bool demoLoaded, bool generated,
        Func<RuralDbContext, Task> keepGenerated, string folder, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        PersonalDataVault? vault = null;
        await using (var setup = StorageRegistration.CreateContext(storage, AccessContext.System("bench")))
        {
            await setup.Database.OpenConnectionAsync(ct);
            await SqliteTuning.ApplyAsync(setup, ct);
            await setup.Database.MigrateAsync(ct);
            if (!demoLoaded)
            {
                vault = PersonalDataVault.CreateRandom();
                await new DemoLoader(setup, vault, new AuditWriter(clock), clock).LoadAsync(size, progress: null, ct);
                if (storage.Provider == DatabaseProvider.Sqlite)
                {
                    await DemoCache.SaveSqliteAsync(setup, size, storage.DataFolder, ct);
                }
            }
        }
        var county = await FirstCountyAsync(storage, ct);
        GeneratedLinkage records;
        if (generated)
        {
            await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock);
            records = await LinkageCache.CountAsync(db, year, ct);
        }
        else
        {
            await using (var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock))
            {
                records = await new DemoLinkageGenerator(db, clock).GenerateAsync(year, ct);
            }
            await using (var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock))
            {
                await keepGenerated(db);
            }
        }
        if (storage.Provider == DatabaseProvider.Postgres)
        {
            // Statistics and visibility map as autovacuum leaves them on a running server (index-only scans need the
            // latter); a bulk load copied a moment ago may have neither yet. Untimed.
            await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock);
            await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) households, wage_records, farm_deliveries, land_transfers, land_rent_payments, plan_lines, income_entries", ct);
        }

        var access = new AccessContext();
        access.SignedIn(0, "bench", Role.CountyStaff, AreaScope.Of(DivisionCode.ForCounty(county)), null);
        var rows = new List<BenchRow>();
        // Every household of the database (the system's scope): the issue's "all households of a year".
        await using (var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock))
        {
            var peakReset = ResetPeakWorkingSet();
            var cpu = Cpu();
            var watch = Stopwatch.StartNew();
            var page = await new HouseholdIncomeQuery(db, clock).PageAsync(year, null, belowOnly: false, page: 1, size: 100, ct);
            var time = watch.Elapsed;
            cpu = Cpu() - cpu;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            watch.Restart();
            var bare = await BareGroupByAsync(db, year, ct);
            var bareTime = watch.Elapsed;
            var streamCpu = Cpu();
            watch.Restart();
            var streamed = 0;
            await foreach (var _ in new HouseholdIncomes(db, clock).YearAsync(year, new IncomeFilter(), ct))
            {
                streamed++;
            }
            var streamTime = watch.Elapsed;
            streamCpu = Cpu() - streamCpu;
            rows.Add(new BenchRow($"income by category {engine}",
                $"{Harness.Count(page.Table.Households)} households, {Harness.Count(records.WageRows)} wage rows, {Harness.Count(records.Deliveries)} deliveries, "
                + $"{Harness.Count(records.LandTransfers)} rents, {Harness.Count(records.Attendees)} trained",
                Harness.Verdict(time, Limit) + (peak <= 2L << 30 ? "" : " ✗ memory"), Target,
                $"the page's query: every household summed and counted, first page kept; total {page.Table.Total}, {Harness.Count(page.Table.BelowLine)} below the line; "
                + $"peak working set {peak / (1024 * 1024)} MB{(peakReset ? " (reset before timing)" : " (since process start)")}; {Harness.Format(cpu)} of this process's CPU; {Describe(size)}; "
                + (generated ? "records restored from the linkage cache" : "records generated in this run")));
            rows.Add(new BenchRow($"bare GROUP BY {engine}", $"{Harness.Count(bare)} household sums", Harness.Format(bareTime), "(baseline)",
                $"SELECT household_id, SUM(wage) FROM wage_records WHERE year = … GROUP BY household_id, whole database; ratio {(time / bareTime).ToString("F1", CultureInfo.InvariantCulture)}"));
            rows.Add(new BenchRow($"income rows alone {engine}", $"{Harness.Count(streamed)} households", Harness.Format(streamTime), "(baseline)",
                $"HouseholdIncomes.YearAsync read to the end, no page kept: the statement and the rows; {Harness.Format(streamCpu)} of this process's CPU"));
        }

        var (path, registry) = await SheetAsync(storage, access, vault, folder, year + 1, ct);
        await using (var db = StorageRegistration.CreateContext(storage, access, clock))
        {
            var file = new StoredImport("bench", path, "工资表.xlsx", "", new FileInfo(path).Length);
            var import = new PayrollImport(db, vault ?? PersonalDataVault.CreateRandom(), clock, new AuditWriter(clock));
            var peakReset = ResetPeakWorkingSet();
            var cpu = Cpu();
            var watch = Stopwatch.StartNew();
            var result = await import.ImportAsync(file, ct);
            var time = watch.Elapsed;
            cpu = Cpu() - cpu;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            if (!result.Valid || result.New != SheetRows)
            {
                throw new InvalidOperationException($"import refused: {result.Errors.Count} errors, first {result.Errors.FirstOrDefault()}");
            }
            watch.Restart();
            var read = MiniExcel.Query(path, useHeaderRow: true).Count();
            var readTime = watch.Elapsed;
            watch.Restart();
            var again = await import.PreviewAsync(file, ct);
            var againTime = watch.Elapsed;
            rows.Add(new BenchRow($"payroll import {engine}", $"{Harness.Count(SheetRows)} rows ({new FileInfo(path).Length / 1024} KB xlsx)", Harness.Verdict(time, Limit), Target,
                $"read, check, write all; {registry}; peak working set {peak / (1024 * 1024)} MB{(peakReset ? " (reset)" : "")}; {Harness.Format(cpu)} of this process's CPU"));
            rows.Add(new BenchRow($"same sheet again {engine}", $"{Harness.Count(again.Existing)} already recorded", Harness.Format(againTime), "(changes nothing)",
                $"new {again.New}"));
            rows.Add(new BenchRow($"bare sheet read {engine}", $"{Harness.Count(read)} rows", Harness.Format(readTime), "(baseline)",
                $"MiniExcel.Query alone; ratio {(time / readTime).ToString("F1", CultureInfo.InvariantCulture)}"));
        }
        return rows;
    }

    private static async Task<string> FirstCountyAsync(StorageOptions storage, CancellationToken ct)
    {
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"));
        return await db.Households.AsNoTracking().OrderBy(h => h.Id).Select(h => h.CountyCode).FirstAsync(ct);
    }

    private static async Task<int> BareGroupByAsync(RuralDbContext db, int year, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = $"SELECT household_id, SUM(wage) FROM wage_records WHERE year = {year.ToString(CultureInfo.InvariantCulture)} GROUP BY household_id";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var n = 0;
        while (await reader.ReadAsync(ct))
        {
            n++;
        }
        return n;
    }

    /// <summary>
    /// 100,000 rows: registry members' citizen IDs (decrypted with the key the demo was loaded with) × 12 months when
    /// the demo was loaded in this run; from a cached demo the key is gone, so synthetic IDs of workers outside the registry.
    /// </summary>
    private static async Task<(string Path, string Registry)> SheetAsync(StorageOptions storage, AccessContext access, PersonalDataVault? vault, string folder,
        int year, CancellationToken ct)
    {
        var people = SheetRows / 12 + 1;
        List<(string Id, string Name)> workers;
        string registry;
        if (vault is not null)
        {
            await using var db = StorageRegistration.CreateContext(storage, access);
            var found = await db.Members.AsNoTracking().OrderBy(m => m.Id).Take(people).Select(m => new { m.Name, m.CitizenIdCipher }).ToListAsync(ct);
            workers = found.Select(m => (vault.Decrypt(m.CitizenIdCipher), m.Name)).ToList();
            registry = "registry members (demo loaded in this run)";
        }
        else
        {
            workers = Enumerable.Range(0, people).Select(i => ($"BENCH{i:D13}", "职工")).ToList();
            registry = "synthetic workers outside the registry (cached demo: its key is not kept)";
        }
        var rows = workers.SelectMany(w => Enumerable.Range(1, 12).Select(month => new Dictionary<string, object>
        {
            ["身份证号"] = w.Id, ["姓名"] = w.Name, ["用工单位统一社会信用代码"] = CreditCode.Complete("91522699MA6F3CP8").Value, ["用工单位名称"] = "县电商产业园有限公司",
            ["年月"] = $"{year}-{month:D2}", ["出勤天数"] = "22", ["应发工资（元）"] = "3100.00",
        })).Take(SheetRows).ToList();
        var path = Path.Combine(folder, "payroll-bench.xlsx");
        await MiniExcel.SaveAsAsync(path, rows, sheetName: PayrollImport.Sheet, overwriteFile: true, cancellationToken: ct);
        return (path, registry);
    }

    /// <summary>CPU this process has used: beside wall time on a shared machine, what the work itself took here (a database server's share not included).</summary>
    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    internal static bool ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    private static string Describe(DemoSize size) => size switch
    {
        DemoSize.County => $"county demo: {Harness.Count(DemoCountyGenerator.CountyHouseholds)} households",
        DemoSize.Province => $"province demo: {Harness.Count(DemoCountyGenerator.ProvinceHouseholds)} households ",
    };
}

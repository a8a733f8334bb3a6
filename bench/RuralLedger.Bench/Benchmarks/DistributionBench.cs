using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Data.Demo;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;
using RuralLedger.Data.Distribution;
using RuralLedger.Data.Sealing;
using RuralLedger.Data;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>
/// Issue #5's distribution bench: on the province demo (1,000,000 households, 16,000 villages), one income row per
/// village for a year, then — timed — one plan per village computed and written (plans, parts, lines, income taken)
/// and every plan posted (journal rows), county by county, as `rural plans build` and `rural plans post` do it.
/// Between the two the plans are moved to "approved" by one SQL update, untimed: governance is people's work.
/// In the same run, the baseline: a bare bulk insert of the same number of line and journal rows into scratch
/// tables with the same columns (no indexes) through the same writer.
/// </summary>
internal static class DistributionBench
{
    public static Benchmark Definition => new("distribute", "one plan per village for a year, computed and posted", RunAsync);

    private static readonly TimeSpan TotalLimit = TimeSpan.FromSeconds(20);
    private const double RatioLimit = 3;
    private const long MemoryLimit = 2L * 1024 * 1024 * 1024;

    private static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchSettings settings, CancellationToken ct)
    {
        var size = settings.Quick ? DemoSize.County : DemoSize.Province;
        var rows = new List<BenchRow>();
        Run sealedRun;
        if (!settings.PostgresOnly)
        {
            sealedRun = await SqliteAsync(size, ct);
            rows.AddRange(sealedRun.Rows);
            rows.Add(SealingShare("SQLite", sealedRun, await SqliteUnsealedAsync(size, ct)));
        }
        var postgres = Environment.GetEnvironmentVariable(DemoLoadBench.PostgresVariable);
        if (string.IsNullOrWhiteSpace(postgres))
        {
            rows.Add(new BenchRow("distribute PostgreSQL", Describe(size), "skipped", Target, $"set {DemoLoadBench.PostgresVariable} to a connection string to run it"));
        }
        else
        {
            sealedRun = await PostgresAsync(size, postgres, sealing: true, ct);
            rows.AddRange(sealedRun.Rows);
            rows.Add(SealingShare("PostgreSQL", sealedRun, await PostgresAsync(size, postgres, sealing: false, ct)));
        }
        return rows;
    }

    private static async Task<Run> SqliteAsync(DemoSize size, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("rural-bench-");
        try
        {
            var storage = new StorageOptions { Provider = DatabaseProvider.Sqlite, DataFolder = folder.FullName };
            var loaded = DemoCache.TryRestoreSqlite(size, folder.FullName) && DemoCache.TryRestoreSqliteKey(size, folder.FullName);
            return await MeasureAsync("SQLite", storage, size, loaded, sealing: true, "WAL, synchronous=NORMAL", ct);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The same build and post on a fresh copy with the seal writes skipped (<see cref="RowSeals.SkippedForBench"/>).</summary>
    private static async Task<Run> SqliteUnsealedAsync(DemoSize size, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("rural-bench-");
        try
        {
            var storage = new StorageOptions { Provider = DatabaseProvider.Sqlite, DataFolder = folder.FullName };
            var loaded = DemoCache.TryRestoreSqlite(size, folder.FullName) && DemoCache.TryRestoreSqliteKey(size, folder.FullName);
            return await MeasureAsync("SQLite", storage, size, loaded, sealing: false, "", ct);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<Run> PostgresAsync(DemoSize size, string connectionString, bool sealing, CancellationToken ct)
    {
        var scratch = $"rural_bench_{Environment.ProcessId}_{Random.Shared.Next(100_000):D5}";
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Database = scratch, Pooling = false }.ConnectionString;
        var loaded = await DemoCache.CreatePostgresAsync(connectionString, scratch, size, ct);
        try
        {
            var storage = new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = target, KeyFile = DemoCache.PostgresKeyFile(size) };
            return await MeasureAsync("PostgreSQL", storage, size, loaded, sealing, $"binary COPY, scratch database {scratch} (dropped)", ct);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await DemoCache.AdminAsync(connectionString, $"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", CancellationToken.None);
        }
    }

    /// <summary>What one run measured: its rows, and its build and post times for the sealing comparison.</summary>
    private sealed record Run(IReadOnlyList<BenchRow> Rows, TimeSpan Build, TimeSpan Post)
    {
        public TimeSpan Total => Build + Post;
    }

    /// <summary>
    /// Issue #12's cost of sealing: the sealed run's build + post beside the same on a fresh copy of the demo with the seal
    /// writes skipped (bulk rows without seal or heads, no re-seal after statements, none after EF's saves).
    /// </summary>
    private static BenchRow SealingShare(string engine, Run on, Run off)
    {
        var share = (on.Total - off.Total) / on.Total;
        return new BenchRow($"sealing share {engine}", on.Rows[0].Size, $"{Harness.Format(on.Total - off.Total)} of {Harness.Format(on.Total)}", "(measured)",
            $"{(100 * share).ToString("F1", CultureInfo.InvariantCulture)} % of build + post is sealing; without seal writes build {Harness.Format(off.Build)} + post {Harness.Format(off.Post)} "
            + $"(sealed: {Harness.Format(on.Build)} + {Harness.Format(on.Post)}); each on a fresh copy of the demo");
    }

    private static async Task<Run> MeasureAsync(string engine, StorageOptions storage, DemoSize size, bool demoLoaded, bool sealing, string notes, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"));
        await db.Database.OpenConnectionAsync(ct);
        await SqliteTuning.ApplyAsync(db, ct);
        await db.Database.MigrateAsync(ct);
        if (!demoLoaded)
        {
            await new DemoLoader(db, PersonalDataVault.CreateRandom(), new AuditWriter(clock), clock).LoadAsync(size, progress: null, ct);
            if (storage.Provider == DatabaseProvider.Sqlite)
            {
                await DemoCache.SaveSqliteAsync(db, size, storage.DataFolder, ct);
            }
        }
        var year = BusinessCalendar.Today(clock).Year - 1;
        var villages = await AddIncomeAsync(db, year, ct);
        db.ChangeTracker.Clear();

        // Flows into the county workers this method starts, and ends with it.
        RowSeals.SkippedForBench.Value = !sealing;
        var peakReset = ResetPeakWorkingSet();
        var watch = Stopwatch.StartNew();
        PlanBatchResult built;
        TimeSpan buildTime, postTime;
        var journalRows = 0L;
        // As `rural plans build` and `rural demo` write: SQLite's bulk settings, whose final checkpoint is timed too.
        await using (await SqliteTuning.BeginBulkWriteAsync(db, ct))
        {
            built = await new VillagePlans(db, clock).BuildAsync(new PlanBatchRequest(year, null, new DateOnly(year, 12, 31)), null, ct);
            buildTime = watch.Elapsed;

            await ApproveAllAsync(db, year, ct);
            db.ChangeTracker.Clear();

            watch.Restart();
            // As `rural plans post --year` does: county by county, several at once.
            journalRows = (await new PlanPosting(db, clock).PostByCountyAsync(built.Plans.Select(p => p.PlanId).ToList(), null, ct)).JournalRows;
        }
        postTime = watch.Elapsed;
        RowSeals.SkippedForBench.Value = false;
        var total = buildTime + postTime;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var peak = self.PeakWorkingSet64;
        var sizeText = $"{Describe(size)}, {Harness.Count(villages)} villages";
        if (!sealing)
        {
            return new Run([new BenchRow($"distribute {engine}, seals skipped", sizeText, Harness.Format(total), "(comparison)",
                $"build {Harness.Format(buildTime)} + post {Harness.Format(postTime)}")], buildTime, postTime);
        }
        var verify = await VerifyAsync(db, ct);

        var bare = await BareInsertAsync(db, (int)built.Lines, (int)journalRows, year, indexed: false, ct);
        var indexed = await BareInsertAsync(db, (int)built.Lines, (int)journalRows, year, indexed: true, ct);
        var rowsWritten = built.Lines + journalRows;
        var ratio = total / bare;
        return new Run(
        [
            new BenchRow($"distribute {engine}", sizeText, Harness.Verdict(total, TotalLimit), Target,
                $"build {Harness.Format(buildTime)} ({Harness.Count(built.Plans.Count)} plans, {Harness.Count(built.Lines)} lines, {built.Skipped.Count} skipped) + post {Harness.Format(postTime)} ({Harness.Count(journalRows)} journal rows); "
                + $"{Harness.Count((long)(rowsWritten / total.TotalSeconds))} rows/s; peak working set {peak / (1024 * 1024)} MiB {(peak <= MemoryLimit ? "✓" : "✗")} "
                + $"(Process.PeakWorkingSet64{(peakReset ? ", reset before timing" : ", since process start")}); {notes}"),
            new BenchRow($"bare insert {engine}", $"{Harness.Count(built.Lines)} + {Harness.Count(journalRows)} rows", Harness.Format(bare), $"ratio ≤ {RatioLimit}",
                $"ratio total/bare = {ratio.ToString("F2", CultureInfo.InvariantCulture)} {(ratio <= RatioLimit ? "✓" : "✗")}; same writer, scratch tables with the plan_lines / journal_entries columns, no indexes"),
            new BenchRow($"bare insert {engine}, indexed", $"{Harness.Count(built.Lines)} + {Harness.Count(journalRows)} rows", Harness.Format(indexed), "(for comparison)",
                $"total/indexed = {(total / indexed).ToString("F2", CultureInfo.InvariantCulture)}; the same, into scratch tables carrying copies of the real tables' indexes"),
            verify with { Benchmark = verify.Benchmark + " " + engine },
        ], buildTime, postTime);
    }

    /// <summary>`rural audit verify` over the province database after the run: the audit chains, then every sealed row.</summary>
    private static async Task<BenchRow> VerifyAsync(RuralDbContext db, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var watch = Stopwatch.StartNew();
        var chains = await new AuditVerifier(db).VerifyAsync(ct);
        var chainTime = watch.Elapsed;
        watch.Restart();
        var seals = await new SealVerifier(db).VerifyAsync(ct);
        var sealTime = watch.Elapsed;
        var findings = seals.Clean ? "no findings" : $"{Harness.Count(seals.Findings.Count)} findings, e.g. {SealReport.Describe(seals.Findings[0])}";
        return new BenchRow("audit verify", $"{Harness.Count(chains.Rows)} audit rows, {Harness.Count(seals.Rows)} sealed rows in {seals.Tables} tables",
            Harness.Format(chainTime + sealTime), "(measured)",
            $"audit chains {Harness.Format(chainTime)} ({(chains.FirstBreak is null ? "intact" : "broken")}), seals {Harness.Format(sealTime)} "
            + $"({Harness.Count((long)(seals.Rows / sealTime.TotalSeconds))} rows/s, {findings}); as `rural audit verify`");
    }

    /// <summary>One income row per village of the year (written directly and sealed: the bench needs pools, not assets).</summary>
    internal static async Task<int> AddIncomeAsync(RuralDbContext db, int year, CancellationToken ct)
    {
        var villages = await db.Areas.Where(a => a.Level == AreaLevel.Village).Select(a => a.Code).ToListAsync(ct);
        villages = [.. villages.OrderBy(v => v.Value, StringComparer.Ordinal)];
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx.GetDbTransaction();
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        cmd.CommandText = "INSERT INTO asset_incomes (county_code, township_code, village_code, asset_id, kind, received_on, year, amount, note, owner, recorded_by, recorded_at) "
            + "VALUES (@county, @township, @village, 0, 2 /* IncomeKind.Other */, @on, @year, @amount, '基准测试收益', '村集体', 'bench', @at)";
        var county = Add(cmd, "@county");
        var township = Add(cmd, "@township");
        var village = Add(cmd, "@village");
        var on = Add(cmd, "@on");
        var yearParameter = Add(cmd, "@year");
        var amount = Add(cmd, "@amount");
        var at = Add(cmd, "@at");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < villages.Count; i++)
        {
            var v = villages[i];
            county.Value = v.County;
            township.Value = v.TownshipOf()!.Value.Value;
            village.Value = v.Value;
            on.Value = sqlite ? $"{year}-12-20" : new DateOnly(year, 12, 20);
            yearParameter.Value = year;
            // Different pools, so remainders differ from village to village.
            amount.Value = 10_000_000L + i * 37L;
            at.Value = sqlite ? SqliteRuralDbContext.ToStored(now) : now;
            await cmd.ExecuteNonQueryAsync(ct);
        }
        // Sealed like the app's rows, so `rural audit verify` after the run finds nothing the bench wrote.
        var ids = await db.Database.SqlQuery<long>($"SELECT id AS \"Value\" FROM asset_incomes WHERE year = {year} AND recorded_by = 'bench'").ToListAsync(ct);
        await RowSeals.InsertedAsync(db, "asset_incomes", ids, ct);
        await tx.CommitAsync(ct);
        return villages.Count;
    }

    private static DbParameter Add(DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
        return p;
    }

    /// <summary>四议, notice and township approval are people's work over weeks: recorded here by one UPDATE, untimed.</summary>
    internal static async Task ApproveAllAsync(RuralDbContext db, int year, CancellationToken ct)
    {
        var meeting = new DateOnly(year + 1, 1, 5);
        await db.DistributionPlans.Where(p => p.Year == year && p.Status == PlanStatus.Computed).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.Status, PlanStatus.Approved)
            .SetProperty(p => p.MeetingOn, meeting)
            .SetProperty(p => p.MeetingEntitled, 30)
            .SetProperty(p => p.MeetingPresent, 25)
            .SetProperty(p => p.MeetingFor, 20)
            .SetProperty(p => p.NoticeFrom, meeting.AddDays(1))
            .SetProperty(p => p.NoticeTo, meeting.AddDays(7))
            .SetProperty(p => p.ApprovedOn, meeting.AddDays(8))
            .SetProperty(p => p.ApprovedBy, "bench")
            .SetProperty(p => p.Version, p => p.Version + 3), ct);
    }

    private static async Task<TimeSpan> BareInsertAsync(RuralDbContext db, int lines, int journal, int year, bool indexed, CancellationToken ct)
    {
        const string lineTable = "bench_bare_lines";
        const string journalTable = "bench_bare_journal";
        var create = db.Provider == DatabaseProvider.Postgres
            ? $"CREATE TABLE {lineTable} (LIKE plan_lines INCLUDING DEFAULTS INCLUDING IDENTITY{(indexed ? " INCLUDING INDEXES" : "")}); CREATE TABLE {journalTable} (LIKE journal_entries INCLUDING DEFAULTS INCLUDING IDENTITY{(indexed ? " INCLUDING INDEXES" : "")});"
            : $"CREATE TABLE {lineTable} AS SELECT * FROM plan_lines WHERE 0; CREATE TABLE {journalTable} AS SELECT * FROM journal_entries WHERE 0;";
        await db.Database.ExecuteSqlRawAsync(create, ct);
        if (indexed && db.Provider == DatabaseProvider.Sqlite)
        {
            // CREATE TABLE … AS copies columns only: copy the real tables' index definitions onto the scratch tables.
            foreach (var (real, scratch) in new[] { ("plan_lines", lineTable), ("journal_entries", journalTable) })
            {
                var definitions = await db.Database.SqlQuery<string>($"SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = {real} AND sql IS NOT NULL").ToListAsync(ct);
                foreach (var sql in definitions)
                {
                    await db.Database.ExecuteSqlRawAsync(sql.Replace("\"IX_", "\"BENCH_IX_", StringComparison.Ordinal).Replace($"ON \"{real}\"", $"ON \"{scratch}\"", StringComparison.Ordinal), ct);
                }
            }
        }
        var village = DivisionCode.Parse("522699001001");
        var at = DateTimeOffset.UtcNow;
        var on = DateOnly.FromDateTime(at.UtcDateTime);
        var watch = Stopwatch.StartNew();
        await using (await SqliteTuning.BeginBulkWriteAsync(db, ct))
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var writer = new DistributionBulkWriter(db);
            await writer.WriteLinesAsync(Enumerable.Range(0, lines).Select(i => new PlanLine(new DistributionPlanId(1 + i / 64), village, year,
                new HouseholdLine(new HouseholdId(i + 1), "52269900100" + i.ToString("D6", CultureInfo.InvariantCulture), "户主", 4, 1, Money.Zero,
                    Money.FromFen(99_999), 1, Money.FromFen(100_000), "99999.5000"))), null, ct, lineTable);
            await writer.WriteJournalAsync(Enumerable.Range(0, journal).Select(i => new JournalEntry($"plan:{1 + i / 64}:hh:{i + 1}", village, new DistributionPlanId(1 + i / 64), null, on,
                LedgerAccount.IncomePool, LedgerAccount.DividendsPayable, Money.FromFen(100_000), "FP522699001001-2025-01 522699001001000001 分红", "bench", at,
                new HouseholdId(i + 1))), null, ct, journalTable);
            await tx.CommitAsync(ct);
        }
        var elapsed = watch.Elapsed;
        await db.Database.ExecuteSqlRawAsync($"DROP TABLE {lineTable}; DROP TABLE {journalTable};", ct);
        return elapsed;
    }

    /// <summary>Linux: writing 5 to /proc/self/clear_refs resets the peak resident set, so the peak is the timed part's.</summary>
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

    private const string Target = "≤ 20 s, ratio ≤ 3, ≤ 2 GB";

    private static string Describe(DemoSize size) => size switch
    {
        DemoSize.County => $"county: {Harness.Count(DemoCountyGenerator.CountyHouseholds)} households",
        DemoSize.Province => $"province: {Harness.Count(DemoCountyGenerator.ProvinceHouseholds)} households",
    };
}

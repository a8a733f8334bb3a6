using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Registry;
using RuralLedger.Core.Supervision;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Demo;
using RuralLedger.Core.Distribution;
using RuralLedger.Data.Distribution;
using RuralLedger.Data.Sealing;
using RuralLedger.Data.Supervision;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>
/// Issue #17's rules bench: every anomaly rule of every county over the demo (province: 1,000,000 households), as
/// `rural rules run` and the nightly job run them — the first run (warnings written) and a second (nothing new), with
/// the peak working set. The baseline in the same table: one bare full scan (COUNT) of each table the rules read.
/// </summary>
internal static class RulesBench
{
    public static Benchmark Definition => new("rules", "all anomaly rules over the demo, first and repeated run", RunAsync);

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private const long MemoryLimit = 2L * 1024 * 1024 * 1024;
    private const string Target = "≤ 30 s, ≤ 2 GB";
    private const string SurveyBy = "bench-survey";
    private const int SharedIds = 20;

    private static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchSettings settings, CancellationToken ct)
    {
        var size = settings.Quick ? DemoSize.County : DemoSize.Province;
        var rows = new List<BenchRow>();
        if (!settings.PostgresOnly)
        {
            var folder = Directory.CreateTempSubdirectory("rural-bench-");
            try
            {
                var storage = new StorageOptions { Provider = DatabaseProvider.Sqlite, DataFolder = folder.FullName };
                if (!PreparedCache.TryRestoreSqlite(size, folder.FullName) || !await SetUpAsync(storage, size, demoLoaded: true, prepared: true, ct))
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    File.Delete(Path.Combine(folder.FullName, "ruralledger.db"));
                    var loaded = DemoCache.TryRestoreSqlite(size, folder.FullName);
                    await SetUpAsync(storage, size, loaded, prepared: false, ct);
                    PreparedCache.SaveSqlite(size, folder.FullName);
                }
                rows.AddRange(await MeasureAsync("SQLite", storage, ct));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                folder.Delete(recursive: true);
            }
        }
        var postgres = Environment.GetEnvironmentVariable(DemoLoadBench.PostgresVariable);
        if (string.IsNullOrWhiteSpace(postgres))
        {
            rows.Add(new BenchRow("rules PostgreSQL", size.ToString(), "skipped", Target, $"set {DemoLoadBench.PostgresVariable} to a connection string to run it"));
            return rows;
        }
        var scratch = $"rural_bench_{Environment.ProcessId}_{Random.Shared.Next(100_000):D5}";
        try
        {
            var storage = new StorageOptions
            {
                Provider = DatabaseProvider.Postgres,
                ConnectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = scratch, Pooling = false }.ConnectionString,
                KeyFile = DemoCache.PostgresKeyFile(size),
            };
            var prepared = await PreparedCache.TryCreatePostgresAsync(postgres, scratch, size, ct);
            if (!prepared || !await SetUpAsync(storage, size, demoLoaded: true, prepared: true, ct))
            {
                if (prepared)
                {
                    await DemoCache.AdminAsync(postgres, $"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", ct);
                }
                var loaded = await DemoCache.CreatePostgresAsync(postgres, scratch, size, ct);
                await SetUpAsync(storage, size, loaded, prepared: false, ct);
                NpgsqlConnection.ClearAllPools();
                await PreparedCache.SavePostgresAsync(postgres, scratch, size, ct);
            }
            rows.AddRange(await MeasureAsync("PostgreSQL", storage, ct));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await DemoCache.AdminAsync(postgres, $"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", CancellationToken.None);
        }
        return rows;
    }

    /// <summary>
    /// Makes the database ready to measure: the demo loaded if it isn't, migrations applied, and the plans, incomes and
    /// lines of <see cref="PrepareAsync"/> unless <paramref name="prepared"/> (restored from <see cref="PreparedCache"/>).
    /// False when the prepared copy is stale: it holds a migration this build doesn't have (one removed and added again),
    /// whose schema is not what would be measured; the caller prepares a fresh copy then.
    /// </summary>
    private static async Task<bool> SetUpAsync(StorageOptions storage, DemoSize size, bool demoLoaded, bool prepared, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"));
        await db.Database.OpenConnectionAsync(ct);
        if (prepared && (await db.Database.GetAppliedMigrationsAsync(ct)).Except(db.Database.GetMigrations()).Any())
        {
            return false;
        }
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
        if (!prepared)
        {
            await PrepareAsync(db, clock, ct);
            // On PostgreSQL, the statistics a server in use has (autovacuum keeps them): the freshly written plans and
            // incomes would otherwise be planned as the empty tables they were. SQLite keeps none unless told to, as in the app.
            await db.Database.ExecuteSqlRawAsync(db.Provider == DatabaseProvider.Postgres ? "VACUUM ANALYZE" : "PRAGMA wal_checkpoint(TRUNCATE)", ct);
        }
        return true;
    }

    private static async Task<IReadOnlyList<BenchRow>> MeasureAsync(string engine, StorageOptions storage, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"));
        await db.Database.OpenConnectionAsync(ct);
        await SqliteTuning.ApplyAsync(db, ct);
        var year = BusinessCalendar.Today(clock).Year - 1;
        var households = await db.Households.LongCountAsync(ct);
        var plans = await db.DistributionPlans.CountAsync(p => p.Year == year && p.Status == PlanStatus.Posted, ct);
        var lines = await db.PlanLines.LongCountAsync(l => l.Year == year, ct);
        var surveyed = await db.IncomeEntries.LongCountAsync(e => e.Year == year && e.RecordedBy == SurveyBy, ct);
        var shared = await ShareIdsAsync(db, year, ct);
        db.ChangeTracker.Clear();

        var peakReset = DistributionBench.ResetPeakWorkingSet();
        using var self = Process.GetCurrentProcess();
        var watch = Stopwatch.StartNew();
        var first = await new AnomalyRuns(db, clock).RunAsync(null, null, ct);
        var firstTime = watch.Elapsed;
        db.ChangeTracker.Clear();
        watch.Restart();
        var second = await new AnomalyRuns(db, clock).RunAsync(null, null, ct);
        var secondTime = watch.Elapsed;
        self.Refresh();
        var peak = self.PeakWorkingSet64;

        watch.Restart();
        var scanned = await db.Assets.LongCountAsync(ct) + await db.Contracts.LongCountAsync(ct) + await db.AssetIncomes.LongCountAsync(ct)
            + await db.DistributionPlans.LongCountAsync(ct) + await db.PlanLines.LongCountAsync(ct) + await db.Members.LongCountAsync(ct)
            + await db.Households.LongCountAsync(ct) + await db.Disposals.LongCountAsync(ct) + await db.Certificates.LongCountAsync(ct);
        var bare = watch.Elapsed;
        var below = first.Rules.Where(r => r.Code == RuleCodes.BelowMonitoringLine).Sum(r => r.Hits);
        var counties = first.Rules.Select(r => r.CountyCode).Distinct().Count();
        var sizeText = $"{Harness.Count(households)} households, {Harness.Count(counties)} counties, "
            + $"{Harness.Count(plans)} posted plans with {Harness.Count(lines)} lines, {Harness.Count(surveyed)} surveyed incomes "
            + $"({Harness.Count(below)} households under the line, {(surveyed == 0 ? 0 : 100.0 * below / surveyed).ToString("F1", CultureInfo.InvariantCulture)} %), "
            + $"{Harness.Count(shared)} citizen IDs held by paid heads of two counties";
        var rows = new List<BenchRow>();
        // A rule's row sums its counties' lines: the query shared by the counties plus each county's warnings written.
        var again = second.Rules.ToLookup(r => r.Code);
        foreach (var rule in first.Rules.GroupBy(r => r.Code))
        {
            var name = rule.First().Name;
            var hits = rule.Sum(r => r.Hits);
            var enabled = rule.Count(r => r.Enabled);
            rows.Add(new BenchRow($"  {rule.Key} {engine}", enabled == 0 ? "disabled in every county" : $"{Harness.Count(hits)} hits in {Harness.Count(enabled)} counties",
                Harness.Format(TimeSpan.FromMilliseconds(rule.Sum(r => r.Milliseconds))), "",
                $"{name}: {Harness.Count(rule.Sum(r => r.Raised))} warnings written; repeated {Harness.Format(TimeSpan.FromMilliseconds(again[rule.Key].Sum(r => r.Milliseconds)))}"));
        }
        rows.Add(new BenchRow($"rules {engine}, first run", sizeText, Harness.Verdict(firstTime, Limit), Target,
            $"{Harness.Count(first.Hits)} hits, {Harness.Count(first.Raised)} warnings written (with their audit rows); "
            + $"peak working set {peak / (1024 * 1024)} MiB {(peak <= MemoryLimit ? "✓" : "✗")} ({(peakReset ? "reset before timing" : "since process start")})"));
        rows.Add(new BenchRow($"rules {engine}, repeated", $"{Harness.Count(households)} households", Harness.Verdict(secondTime, Limit), Target,
            $"{Harness.Count(second.Hits)} hits, {Harness.Count(second.Raised)} new (open warnings stand)"));
        rows.Add(new BenchRow($"bare scan {engine}", $"{Harness.Count(scanned)} rows", Harness.Format(bare), "(baseline)",
            $"COUNT(*) of each table the rules read; first run / bare = {(firstTime / bare).ToString("F1", CultureInfo.InvariantCulture)}"));
        return rows;
    }

    /// <summary>
    /// What the payout and monitoring-line rules read and the province demo lacks (its asset side is county-only): every
    /// village gets a pool of last year, its plan is built, approved and posted as DistributionBench does (dividends are
    /// household income), every household gets last year's income survey (<see cref="AddIncomeSurveyAsync"/>), and each
    /// province gets a monitoring line for that year if it has none. Not timed.
    /// </summary>
    private static async Task PrepareAsync(RuralDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var year = BusinessCalendar.Today(clock).Year - 1;
        await DistributionBench.AddIncomeAsync(db, year, ct);
        PlanBatchResult built;
        await using (await SqliteTuning.BeginBulkWriteAsync(db, ct))
        {
            built = await new VillagePlans(db, clock).BuildAsync(new PlanBatchRequest(year, null, new DateOnly(year, 12, 31)), null, ct);
            await DistributionBench.ApproveAllAsync(db, year, ct);
            db.ChangeTracker.Clear();
            await new PlanPosting(db, clock).PostByCountyAsync(built.Plans.Select(p => p.PlanId).ToList(), null, ct);
        }
        var provinces = (await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.County).Select(a => a.CountyCode).ToListAsync(ct)).Select(c => c[..2]).Distinct();
        var set = await db.MonitoringLines.AsNoTracking().Where(l => l.Year == year).Select(l => l.ProvinceCode).ToListAsync(ct);
        foreach (var province in provinces.Except(set))
        {
            db.MonitoringLines.Add(new MonitoringLine(province, year, Money.FromYuan(9_000m), new DateOnly(year, 1, 1), "bench", clock.GetUtcNow()));
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await AddIncomeSurveyAsync(db, year, ct);
    }

    /// <summary>
    /// Gives the first <see cref="SharedIds"/> paid heads of household of the second county the citizen IDs of those of the
    /// first (both paid by plans of <paramref name="year"/>), so the two-counties rule has hits to find: the demo's IDs are
    /// born in their own county and never meet. Written past EF on the run's scratch copy and sealed again, untimed; the
    /// caches keep their IDs. Returns how many IDs are now held in two counties (0 in a one-county demo).
    /// </summary>
    private static async Task<int> ShareIdsAsync(RuralDbContext db, int year, CancellationToken ct)
    {
        var counties = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.County).Select(a => a.CountyCode).OrderBy(c => c).Take(2).ToListAsync(ct);
        if (counties.Count < 2)
        {
            return 0;
        }
        var heads = new List<List<Member>>();
        foreach (var county in counties)
        {
            heads.Add(await db.Members.AsNoTracking()
                .Where(m => m.CountyCode == county && m.Relation == Relation.Head && db.PlanLines.Any(l => l.HouseholdId == m.HouseholdId && l.Year == year))
                .OrderBy(m => m.Id).Take(SharedIds).ToListAsync(ct));
        }
        var pairs = heads[0].Zip(heads[1]).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (from, to) in pairs)
        {
            await db.Members.Where(m => m.Id == to.Id).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.CitizenIdCipher, from.CitizenIdCipher).SetProperty(m => m.CitizenIdHash, from.CitizenIdHash)
                .SetProperty(m => m.CitizenIdMasked, from.CitizenIdMasked).SetProperty(m => m.Sex, from.Sex).SetProperty(m => m.BirthDate, from.BirthDate), ct);
        }
        await RowSeals.ResealAsync(db, "members", pairs.Select(p => p.Second.Id.Value).ToList(), ct);
        await tx.CommitAsync(ct);
        return pairs.Count;
    }

    /// <summary>
    /// 年度收入调查 as a county enters it: one wage-income row per household with members (where the demo has none), so the monitoring-line rule
    /// judges every household on more than its dividend (with dividends alone nearly all fell under the line). Per person
    /// it is 10,000–29,999 元 for 98 of 100 households and 5,000–7,499 元 for the other two (picked by the id), so about
    /// 2 % are under a 9,000 元 line, as in the counties' monitoring. One INSERT … SELECT, sealed and counted into the
    /// seal heads like the app's rows.
    /// </summary>
    private static async Task<long> AddIncomeSurveyAsync(RuralDbContext db, int year, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        object at = db.Provider == DatabaseProvider.Sqlite ? SqliteRuralDbContext.ToStored(now) : now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($@"INSERT INTO income_entries (county_code, township_code, village_code, household_id, household_no, year, category, amount, note, recorded_by, recorded_at, version)
            SELECT county_code, township_code, village_code, id, household_no, {year}, {(int)IncomeCategory.Wage},
                CAST(member_count AS BIGINT) * (CASE WHEN (id * 7919) % 100 < 2 THEN 500000 + (id * 131) % 250000 ELSE 1000000 + (id * 131) % 2000000 END),
                '基准测试：年度收入调查', {SurveyBy}, {at}, 1
            FROM households WHERE member_count > 0
                AND NOT EXISTS (SELECT 1 FROM income_entries e WHERE e.household_id = households.id AND e.year = {year} AND e.category = {(int)IncomeCategory.Wage})", ct);
        var ids = await db.Database.SqlQuery<long>($"SELECT id AS \"Value\" FROM income_entries WHERE year = {year} AND recorded_by = {SurveyBy}").ToListAsync(ct);
        await RowSeals.InsertedAsync(db, "income_entries", ids, ct);
        await tx.CommitAsync(ct);
        return ids.Count;
    }

    /// <summary>
    /// The demo after <see cref="PrepareAsync"/>, kept beside <see cref="DemoCache"/>'s copy when RURAL_BENCH_DEMO_CACHE is
    /// set: building and posting 16,000 plans takes minutes and is not what is measured. SQLite keeps a file
    /// (demo-&lt;size&gt;-rules-&lt;year&gt;.db with its key), PostgreSQL a template database made from the prepared scratch
    /// database (sealed with the demo template's key). Pending migrations are applied on top; a copy holding a migration
    /// this build lacks is prepared afresh (see <see cref="SetUpAsync"/>). Delete them with the demo's caches.
    /// </summary>
    private static class PreparedCache
    {
        private static string? Folder => Environment.GetEnvironmentVariable(DemoCache.Variable) is { Length: > 0 } f ? f : null;

        private static string Name(DemoSize size) => $"demo-{size.ToString().ToLowerInvariant()}-rules-{BusinessCalendar.Today(TimeProvider.System).Year - 1}";

        public static bool TryRestoreSqlite(DemoSize size, string dataFolder)
        {
            if (Folder is not { } folder || !File.Exists(Path.Combine(folder, Name(size) + ".db")))
            {
                return false;
            }
            File.Copy(Path.Combine(folder, Name(size) + ".db"), Path.Combine(dataFolder, "ruralledger.db"));
            var key = new StorageOptions { DataFolder = dataFolder }.ResolveKeyFile();
            Directory.CreateDirectory(Path.GetDirectoryName(key)!);
            File.Copy(Path.Combine(folder, Name(size) + ".db.key"), key, overwrite: true);
            return true;
        }

        public static void SaveSqlite(DemoSize size, string dataFolder)
        {
            if (Folder is { } folder)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                File.Copy(Path.Combine(dataFolder, "ruralledger.db"), Path.Combine(folder, Name(size) + ".db"), overwrite: true);
                File.Copy(new StorageOptions { DataFolder = dataFolder }.ResolveKeyFile(), Path.Combine(folder, Name(size) + ".db.key"), overwrite: true);
            }
        }

        private static string Template(DemoSize size) => "rural_bench_" + Name(size)[5..].Replace('-', '_');

        /// <summary>Creates the scratch database from the prepared template; false (and nothing created) when there is none.</summary>
        public static async Task<bool> TryCreatePostgresAsync(string adminConnection, string scratch, DemoSize size, CancellationToken ct)
        {
            if (Folder is null)
            {
                return false;
            }
            if (!await DemoCache.TemplateExistsAsync(adminConnection, Template(size), ct))
            {
                return false;
            }
            await DemoCache.AdminAsync(adminConnection, $"CREATE DATABASE {scratch} TEMPLATE {Template(size)}", ct);
            return true;
        }

        /// <summary>Keeps the prepared scratch database as the template of the next runs (replacing a stale one).</summary>
        public static async Task SavePostgresAsync(string adminConnection, string scratch, DemoSize size, CancellationToken ct)
        {
            if (Folder is null)
            {
                return;
            }
            await DemoCache.AdminAsync(adminConnection, $"DROP DATABASE IF EXISTS {Template(size)} WITH (FORCE)", ct);
            await DemoCache.AdminAsync(adminConnection, $"CREATE DATABASE {Template(size)} TEMPLATE {scratch}", ct);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Credit;
using RuralLedger.Data.Demo;
using RuralLedger.Data.Imports;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>
/// Issue #14's microcredit bench on the county demo: 100,000 loans (2,000 with --quick) of eligible members, disbursed
/// in the last quarter of the year before last, 按季付息到期还本 over 36 months, their schedules generated and stored
/// through the context; then, timed, a year of quarterly interest repayments (4 per loan, one in twenty late) imported
/// from the bank's CSV files through the real import (<see cref="RepaymentImport"/>, 20,000 rows a file), the four
/// quarters' subsidy claims (<see cref="SubsidyClaimBuilder"/>) and the aging report (<see cref="OverdueReports"/>).
/// Baseline in the same run: a bare bulk insert of the same repayment rows into a scratch table without indexes.
/// </summary>
internal static class LoansBench
{
    public static Benchmark Definition => new("loans", "100,000 loans with schedules; a year's repayments imported, four quarters' claims, aging", RunAsync);

    private const string Bank = "BENCH-RCC-0001";
    private static readonly TimeSpan ImportLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReportLimit = TimeSpan.FromSeconds(2);
    private const double RatioLimit = 3;

    private sealed record Payment(string Number, DateOnly PaidOn, Money Interest);

    private static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchSettings settings, CancellationToken ct)
    {
        var loans = settings.Quick ? 2_000 : 100_000;
        var rows = new List<BenchRow>();
        var folder = Directory.CreateTempSubdirectory("rural-bench-");
        try
        {
            var storage = new StorageOptions { Provider = DatabaseProvider.Sqlite, DataFolder = folder.FullName };
            var loaded = DemoCache.TryRestoreSqlite(DemoSize.County, folder.FullName);
            rows.AddRange(await MeasureAsync("SQLite", storage, loaded, loans, folder.FullName, ct));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
        var postgres = Environment.GetEnvironmentVariable(DemoLoadBench.PostgresVariable);
        if (string.IsNullOrWhiteSpace(postgres))
        {
            rows.Add(new BenchRow("loans PostgreSQL", Harness.Count(loans), "skipped", "", $"set {DemoLoadBench.PostgresVariable} to a connection string to run it"));
            return rows;
        }
        var scratch = $"rural_bench_{Environment.ProcessId}_{Random.Shared.Next(100_000):D5}";
        var target = new NpgsqlConnectionStringBuilder(postgres) { Database = scratch, Pooling = false }.ConnectionString;
        var pgLoaded = await DemoCache.CreatePostgresAsync(postgres, scratch, DemoSize.County, ct);
        var files = Directory.CreateTempSubdirectory("rural-bench-");
        try
        {
            rows.AddRange(await MeasureAsync("PostgreSQL", new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = target }, pgLoaded, loans,
                files.FullName, ct));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await DemoCache.AdminAsync(postgres, $"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", CancellationToken.None);
            files.Delete(recursive: true);
        }
        return rows;
    }

    private static async Task<IReadOnlyList<BenchRow>> MeasureAsync(string engine, StorageOptions storage, bool demoLoaded, int count, string folder, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        var vault = PersonalDataVault.CreateRandom();
        await using (var setup = StorageRegistration.CreateContext(storage, AccessContext.System("bench")))
        {
            await setup.Database.OpenConnectionAsync(ct);
            await SqliteTuning.ApplyAsync(setup, ct);
            await setup.Database.MigrateAsync(ct);
            if (!demoLoaded)
            {
                await new DemoLoader(setup, vault, new AuditWriter(clock), clock).LoadAsync(DemoSize.County, progress: null, ct);
                if (storage.Provider == DatabaseProvider.Sqlite)
                {
                    await DemoCache.SaveSqliteAsync(setup, DemoSize.County, storage.DataFolder, ct);
                }
            }
        }
        var rows = new List<BenchRow>();
        var year = BusinessCalendar.Today(clock).Year - 1;

        var watch = Stopwatch.StartNew();
        var payments = await LoansAsync(storage, vault, clock, count, year, ct);
        rows.Add(new BenchRow($"loans stored {engine}", $"{Harness.Count(count)} loans, {Harness.Count(count * 12L)} instalments", Harness.Format(watch.Elapsed), "(setup)",
            "applied, reviewed, approved, disbursed and saved through the context, 2,000 a batch"));

        var paths = await FilesAsync(payments, folder, ct);
        var peakReset = LinkageBench.ResetPeakWorkingSet();
        watch.Restart();
        var imported = 0;
        foreach (var path in paths)
        {
            await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock);
            var import = new RepaymentImport(db, vault, clock, new AuditWriter(clock));
            var result = await import.ImportAsync(new StoredImport("bench", path, Path.GetFileName(path), "", new FileInfo(path).Length), ct);
            if (!result.Valid)
            {
                throw new InvalidOperationException($"import refused: {result.Errors.Count} errors, first {result.Errors[0]}");
            }
            imported += result.New;
        }
        var importTime = watch.Elapsed;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;

        watch.Restart();
        var bare = await BareInsertAsync(storage, payments, ct);
        var bareTime = watch.Elapsed;
        var ratio = importTime / bareTime;
        rows.Add(new BenchRow($"repayments imported {engine}", $"{Harness.Count(imported)} rows in {paths.Count} CSV files",
            Harness.Verdict(importTime, ImportLimit) + (ratio <= RatioLimit ? "" : " ✗ ratio"), $"≤ 10 s, ratio ≤ {RatioLimit}",
            $"{Harness.Count((long)(imported / importTime.TotalSeconds))} rows/s; peak working set {peak / (1024 * 1024)} MB{(peakReset ? " (reset)" : "")}; "
            + $"ratio to the bare insert {ratio.ToString("F1", CultureInfo.InvariantCulture)}"));
        rows.Add(new BenchRow($"bare insert {engine}", $"{Harness.Count(bare)} rows", Harness.Format(bareTime), "(baseline)",
            $"{Harness.Count((long)(bare / bareTime.TotalSeconds))} rows/s; the same rows into a scratch table without indexes, one transaction"));

        await using (var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock))
        {
            var county = await db.Loans.AsNoTracking().Where(l => l.BankCode == Bank).Select(l => l.CountyCode).FirstAsync(ct);
            watch.Restart();
            var subsidy = Money.Zero;
            var counted = 0;
            for (var quarter = 1; quarter <= 4; quarter++)
            {
                var claim = await SubsidyClaimBuilder.BuildAsync(db, county, Bank, year, quarter, clock, ct);
                subsidy += claim.Subsidy;
                counted += claim.Repayments;
                db.ChangeTracker.Clear();
            }
            var claimsTime = watch.Elapsed;
            watch.Restart();
            var aging = await new OverdueReports(db, clock).ComputeAsync(null, null, null, Bank, ct, county);
            var agingTime = watch.Elapsed;
            rows.Add(new BenchRow($"claims + aging {engine}", $"4 claims over {Harness.Count(counted)} repayments; {Harness.Count(aging.Rows.Count)} overdue instalments",
                Harness.Verdict(claimsTime + agingTime, ReportLimit), "≤ 2 s",
                $"claims {Harness.Format(claimsTime)} (subsidy {subsidy}), aging {Harness.Format(agingTime)} ({Harness.Count(aging.Loans)} loans overdue, {aging.Total})"));
        }
        return rows;
    }

    /// <summary>The loans, saved in batches; returns the year's interest payments due on their schedules, one in twenty 15 days late.</summary>
    private static async Task<List<Payment>> LoansAsync(StorageOptions storage, PersonalDataVault vault, TimeProvider clock, int count, int year, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock);
        await db.Database.OpenConnectionAsync(ct);
        await SqliteTuning.ApplyAsync(db, ct);
        var county = await db.Households.AsNoTracking().OrderBy(h => h.Id).Select(h => h.CountyCode).FirstAsync(ct);
        await CreditReference.EnsureAsync(db, county, now, ct);
        var policies = await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == county).ToListAsync(ct);
        var quotes = await db.LprQuotes.AsNoTracking().ToListAsync(ct);
        var disburseFrom = new DateOnly(year - 1, 10, 1);
        var policy = CreditPolicyVersion.InForce(policies, disburseFrom.AddDays(-10))!;
        var households = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).AsSplitQuery()
            .Where(h => h.CountyCode == county).OrderBy(h => h.Id).ToListAsync(ct);
        PovertyStatus? StatusOf(Household household) => household.StatusOn(disburseFrom.AddDays(-10), now);
        var borrowers = households.Select(x => (Household: x, Member: x.Members.FirstOrDefault(m => Loan.AgeOn(m.BirthDate, disburseFrom.AddDays(-10)) is >= 25 and <= 60)))
            .Where(b => b.Member is not null && StatusOf(b.Household) is { } s && policy.EligibleStatusList.Contains(s)).Select(b => (b.Household, Member: b.Member!)).ToList();
        var payments = new List<Payment>(count * 4);
        var batch = new List<Loan>();
        var account = "6217000000000000000";
        var cipher = vault.Encrypt(account);
        var hash = vault.LookupHash(account);
        for (var i = 0; i < count; i++)
        {
            var (household, member) = borrowers[i % borrowers.Count];
            var disbursedOn = disburseFrom.AddDays(i % 90);
            var appliedOn = disbursedOn.AddDays(-10);
            // Numbers above the demo's, so both fit in the year's series.
            var loan = new Loan(LoanNumbers.Format(county, year - 1, 50_000 + i), household, member, StatusOf(household), policy,
                new LoanRequest(Money.FromYuan(10_000m + i % 40 * 1_000m), 36, RepaymentMethod.QuarterlyInterestBullet, policy.AllowedUseList[0], null, appliedOn, appliedOn,
                    Bank, "基准测试农商银行"), null, "bench", now);
            loan.Review(ApprovalStep.Approve(Role.VillageOfficer, appliedOn.AddDays(1), "bench", null), now);
            loan.Review(ApprovalStep.Approve(Role.TownshipOfficer, appliedOn.AddDays(2), "bench", null), now);
            loan.Review(ApprovalStep.Approve(Role.CountyStaff, appliedOn.AddDays(3), "bench", null), now);
            var lpr = LprQuote.InForce(quotes, appliedOn.AddDays(4))!;
            loan.Approve(lpr.ForTerm(36), 36, lpr, policy, appliedOn.AddDays(4), "bench", null, now);
            loan.Disburse(disbursedOn, loan.Amount, cipher, hash, Repayment.Mask(account), policy, "bench", now);
            foreach (var due in loan.Schedule.Where(x => x.DueOn.Year == year))
            {
                payments.Add(new Payment(loan.Number, i % 20 == 0 && due.DueOn.AddDays(15).Year == year ? due.DueOn.AddDays(15) : due.DueOn, due.Interest));
            }
            batch.Add(loan);
            if (batch.Count == 2_000 || i == count - 1)
            {
                db.Loans.AddRange(batch);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                batch.Clear();
            }
        }
        return [.. payments.OrderBy(p => p.PaidOn).ThenBy(p => p.Number, StringComparer.Ordinal)];
    }

    /// <summary>The bank's CSV files (UTF-8), in date order, <see cref="RepaymentImport.MaxRows"/> rows each.</summary>
    private static async Task<List<string>> FilesAsync(List<Payment> payments, string folder, CancellationToken ct)
    {
        var paths = new List<string>();
        foreach (var (chunk, k) in payments.Chunk(RepaymentImport.MaxRows).Select((c, k) => (c, k)))
        {
            var text = new StringBuilder("贷款编号,还款日期,还款本金（元）,还款利息（元）,还款人姓名,还款账号\n");
            foreach (var p in chunk)
            {
                text.Append(CultureInfo.InvariantCulture, $"{p.Number},{BusinessCalendar.Format(p.PaidOn)},0,{p.Interest.ToInvariantString()},借款人,6217000000000000000\n");
            }
            var path = Path.Combine(folder, $"repayments-{k:D3}.csv");
            await File.WriteAllTextAsync(path, text.ToString(), Encoding.UTF8, ct);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>The same rows into a scratch table of the repayment's columns: prepared INSERTs on SQLite, binary COPY on PostgreSQL.</summary>
    private static async Task<long> BareInsertAsync(StorageOptions storage, List<Payment> payments, CancellationToken ct)
    {
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"));
        await db.Database.OpenConnectionAsync(ct);
        await SqliteTuning.ApplyAsync(db, ct);
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TABLE bench_repayments (loan_number VARCHAR(30) NOT NULL, paid_on DATE NOT NULL, principal BIGINT NOT NULL, interest BIGINT NOT NULL,
                interest_on_time BIGINT NOT NULL, interest_late BIGINT NOT NULL, payer_name VARCHAR(60) NOT NULL, payer_account VARCHAR(40) NOT NULL)
            """, ct);
        var connection = db.Database.GetDbConnection();
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (connection is NpgsqlConnection pg)
        {
            await using var writer = await pg.BeginBinaryImportAsync(
                "COPY bench_repayments (loan_number, paid_on, principal, interest, interest_on_time, interest_late, payer_name, payer_account) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var p in payments)
            {
                writer.StartRow();
                writer.Write(p.Number, NpgsqlDbType.Varchar);
                writer.Write(p.PaidOn, NpgsqlDbType.Date);
                writer.Write(0L, NpgsqlDbType.Bigint);
                writer.Write(p.Interest.Fen, NpgsqlDbType.Bigint);
                writer.Write(p.Interest.Fen, NpgsqlDbType.Bigint);
                writer.Write(0L, NpgsqlDbType.Bigint);
                writer.Write("借款人", NpgsqlDbType.Varchar);
                writer.Write("6217000000000000000", NpgsqlDbType.Varchar);
            }
            await writer.CompleteAsync(ct);
        }
        else
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO bench_repayments VALUES ($n, $d, 0, $i, $i, 0, '借款人', '6217000000000000000')";
            var n = cmd.CreateParameter();
            n.ParameterName = "$n";
            var d = cmd.CreateParameter();
            d.ParameterName = "$d";
            var i = cmd.CreateParameter();
            i.ParameterName = "$i";
            cmd.Parameters.Add(n);
            cmd.Parameters.Add(d);
            cmd.Parameters.Add(i);
            await cmd.PrepareAsync(ct);
            foreach (var p in payments)
            {
                n.Value = p.Number;
                d.Value = BusinessCalendar.Format(p.PaidOn);
                i.Value = p.Interest.Fen;
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }
        await tx.CommitAsync(ct);
        return payments.Count;
    }
}

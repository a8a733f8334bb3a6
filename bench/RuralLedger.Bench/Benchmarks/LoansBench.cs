using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;
using RuralLedger.Data.Credit;
using RuralLedger.Data.Demo;
using RuralLedger.Data.Imports;
using RuralLedger.Web.Features.Credit;
using RuralLedger.Web.Features.Credit.Usage;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>
/// Issue #14's microcredit bench and issue #15's detection rules, on the county demo and one generated book: 100,000
/// loans (2,000 with --quick) of eligible members, stored with their steps and schedules by <see cref="LoanBulkWriter"/>;
/// a first cohort disbursed in December of the year before the bench year under 脱贫人口小额信贷, a tenth disbursed from
/// March of the bench year under 帮扶小额信贷; 按季付息到期还本 over 36 months, one in ten monthly 等额本息 / 等额本金
/// over 12 or 24 months; one in 25 extended by six months in July, one in 20 paying 15 days late, one in 50 stopping after June;
/// five in a thousand repaid from one cooperative's account, one in 2,000 declaring 入股分红. The business day is 2 January
/// after the bench year, so its four quarters can be claimed.
/// <c>loans</c>, timed: the bench year's repayments imported from the bank's CSV files through the real import
/// (<see cref="RepaymentImport"/>, 20,000 rows a file), the four quarters' subsidy claims (<see cref="SubsidyClaimBuilder"/>)
/// and the aging report (<see cref="OverdueReports"/>); baseline, a bare bulk insert of the same repayment rows into a
/// scratch table without indexes. <c>RURAL_BENCH_LOANS_IMPORT=N</c> imports only the first N rows' loans through the
/// import and books the rest with the generator (setup, untimed), for as long as the row-by-row import is too slow.
/// <c>loanrules</c>: on the same book (all repayments booked by the generator), each 户贷企用 rule of
/// <see cref="UsageDetection"/> with the cases it raised; baseline, a bare scan of the repayments table.
/// </summary>
internal static class LoansBench
{
    public static Benchmark Definition => new("loans", "100,000 loans with schedules; a year's repayments imported, four quarters' claims, aging", RunLoansAsync);

    public static Benchmark RulesDefinition => new("loanrules", "户贷企用 detection rules on the 100,000-loan book", RunRulesAsync);

    public const string ImportVariable = "RURAL_BENCH_LOANS_IMPORT";

    private const string Bank = "BENCH-RCC-0001";
    private static readonly TimeSpan ImportLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReportLimit = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RulesLimit = TimeSpan.FromSeconds(5);
    private const double RatioLimit = 3;

    internal sealed record Payment(string Number, DateOnly PaidOn, Money Principal, Money Interest, string PayerName, string Account);

    private sealed class BenchClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static Task<IReadOnlyList<BenchRow>> RunLoansAsync(BenchSettings settings, CancellationToken ct) =>
        OnBothAsync("loans", settings, (engine, storage, folder, count) => MeasureAsync(engine, storage, count, folder, ct), ct);

    private static Task<IReadOnlyList<BenchRow>> RunRulesAsync(BenchSettings settings, CancellationToken ct) =>
        OnBothAsync("loanrules", settings, (engine, storage, _, count) => RulesAsync(engine, storage, count, ct), ct);

    private static async Task<IReadOnlyList<BenchRow>> OnBothAsync(string name, BenchSettings settings,
        Func<string, StorageOptions, string, int, Task<IReadOnlyList<BenchRow>>> measure, CancellationToken ct)
    {
        var loans = settings.Quick ? 2_000 : 100_000;
        var rows = new List<BenchRow>();
        var folder = Directory.CreateTempSubdirectory("rural-bench-");
        try
        {
            var storage = new StorageOptions { Provider = DatabaseProvider.Sqlite, DataFolder = folder.FullName };
            await PrepareAsync(storage, DemoCache.TryRestoreSqlite(DemoSize.County, folder.FullName), ct);
            rows.AddRange(await measure("SQLite", storage, folder.FullName, loans));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
        var postgres = Environment.GetEnvironmentVariable(DemoLoadBench.PostgresVariable);
        if (string.IsNullOrWhiteSpace(postgres))
        {
            rows.Add(new BenchRow($"{name} PostgreSQL", Harness.Count(loans), "skipped", "", $"set {DemoLoadBench.PostgresVariable} to a connection string to run it"));
            return rows;
        }
        var scratch = $"rural_bench_{Environment.ProcessId}_{Random.Shared.Next(100_000):D5}";
        var target = new NpgsqlConnectionStringBuilder(postgres) { Database = scratch, Pooling = false }.ConnectionString;
        var pgLoaded = await DemoCache.CreatePostgresAsync(postgres, scratch, DemoSize.County, ct);
        var files = Directory.CreateTempSubdirectory("rural-bench-");
        try
        {
            var storage = new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = target };
            await PrepareAsync(storage, pgLoaded, ct);
            rows.AddRange(await measure("PostgreSQL", storage, files.FullName, loans));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await DemoCache.AdminAsync(postgres, $"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", CancellationToken.None);
            files.Delete(recursive: true);
        }
        return rows;
    }

    private static async Task PrepareAsync(StorageOptions storage, bool demoLoaded, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        await using var setup = StorageRegistration.CreateContext(storage, AccessContext.System("bench"));
        await setup.Database.OpenConnectionAsync(ct);
        await SqliteTuning.ApplyAsync(setup, ct);
        await setup.Database.MigrateAsync(ct);
        if (!demoLoaded)
        {
            await new DemoLoader(setup, PersonalDataVault.CreateRandom(), new AuditWriter(clock), clock).LoadAsync(DemoSize.County, progress: null, ct);
            if (storage.Provider == DatabaseProvider.Sqlite)
            {
                await DemoCache.SaveSqliteAsync(setup, DemoSize.County, storage.DataFolder, ct);
            }
        }
    }

    /// <summary>The business day of the bench: early on 2 January after the bench year (China Standard Time).</summary>
    private static (TimeProvider Clock, int Year) BenchDay()
    {
        var year = BusinessCalendar.Today(TimeProvider.System).Year;
        return (new BenchClock(new DateTimeOffset(year + 1, 1, 2, 1, 0, 0, TimeSpan.Zero)), year);
    }

    private static async Task<IReadOnlyList<BenchRow>> MeasureAsync(string engine, StorageOptions storage, int count, string folder, CancellationToken ct)
    {
        var (clock, year) = BenchDay();
        var vault = LoanBookCache.Vault();
        var importRows = int.TryParse(Environment.GetEnvironmentVariable(ImportVariable), CultureInfo.InvariantCulture, out var limit) ? limit : int.MaxValue;
        var rows = new List<BenchRow>();

        var watch = Stopwatch.StartNew();
        var (payments, booked, written) = await LoanBookCache.LoadOrBuildAsync(storage, count, year, importRows,
            () => LoansAsync(storage, vault, clock, count, year, importRows, ct), ct);
        rows.Add(new BenchRow($"loans stored {engine}", $"{Harness.Count(count)} loans, {Harness.Count(written)} rows", Harness.Format(watch.Elapsed), "(setup)",
            $"built by the domain, written by LoanBulkWriter with steps, schedules and {Harness.Count(booked)} repayments booked directly; "
            + $"{Harness.Count((long)(written / watch.Elapsed.TotalSeconds))} rows/s"));

        if (storage.Provider == DatabaseProvider.Postgres)
        {
            // A county's loan book is years old, long since analysed by autovacuum; a book just restored from its template
            // has the statistics of the day the template was made (or none). Untimed.
            await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock);
            await db.Database.ExecuteSqlRawAsync("ANALYZE loans, loan_instalments, loan_steps, loan_repayments", ct);
        }
        var paths = await FilesAsync(payments, folder, ct);
        var lastBefore = await RepaymentBareInsert.LastIdAsync(storage, ct);
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

        if (payments.Count > 0)
        {
            var (bare, bareTime, indexedTime) = await RepaymentBareInsert.RunAsync(storage, lastBefore, ct);
            var ratio = importTime / bareTime;
            rows.Add(new BenchRow($"repayments imported {engine}", $"{Harness.Count(imported)} rows in {paths.Count} CSV files",
                Harness.Verdict(importTime, ImportLimit) + (ratio <= RatioLimit ? "" : " ✗ ratio"), $"≤ 10 s, ratio ≤ {RatioLimit}",
                $"{Harness.Count((long)(imported / importTime.TotalSeconds))} rows/s; peak working set {peak / (1024 * 1024)} MB{(peakReset ? " (reset)" : "")}; "
                + $"ratio to the bare insert {ratio.ToString("F1", CultureInfo.InvariantCulture)}"
                + (importRows == int.MaxValue ? "" : $"; {ImportVariable}={importRows}: the other loans' repayments were booked at setup")));
            rows.Add(new BenchRow($"bare insert {engine}", $"{Harness.Count(bare)} rows", Harness.Format(bareTime), "(baseline)",
                $"{Harness.Count((long)(bare / bareTime.TotalSeconds))} rows/s; the same rows into a scratch table of loan_repayments' columns without indexes, one transaction"));
            rows.Add(new BenchRow($"bare insert, indexed {engine}", $"{Harness.Count(bare)} rows", Harness.Format(indexedTime), "(baseline)",
                $"{Harness.Count((long)(bare / indexedTime.TotalSeconds))} rows/s; the same, into a scratch table with loan_repayments' indexes: "
                + $"the import's floor, {(indexedTime / bareTime).ToString("F1", CultureInfo.InvariantCulture)} × the bare insert"));
        }

        await using (var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock))
        {
            var county = await db.Loans.AsNoTracking().Where(l => l.BankCode == Bank).Select(l => l.CountyCode).FirstAsync(ct);
            var repayments = await db.Repayments.CountAsync(r => r.BankCode == Bank, ct);
            if (storage.Provider == DatabaseProvider.Postgres)
            {
                // A quarter's claims are built days after its repayments arrive, by when autovacuum has analysed the tables
                // and set the visibility map that lets the covering index answer the sums alone (decision 0039). The import
                // a moment ago left neither. Untimed.
                await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE) loan_repayments, loan_instalments, loans", ct);
            }
            peakReset = LinkageBench.ResetPeakWorkingSet();
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
            var aging = await new OverdueReports(db, clock).ComputeAsync(null, null, null, Bank, ct, county, listed: 20);
            var agingTime = watch.Elapsed;
            peak = Process.GetCurrentProcess().PeakWorkingSet64;
            rows.Add(new BenchRow($"claims + aging {engine}", $"4 claims over {Harness.Count(counted)} of {Harness.Count(repayments)} repayments; "
                    + $"{Harness.Count(aging.Totals.Sum(t => t.Instalments))} overdue instalments",
                Harness.Verdict(claimsTime + agingTime, ReportLimit), "≤ 2 s",
                $"claims {Harness.Format(claimsTime)} (subsidy {subsidy}), aging {Harness.Format(agingTime)} ({Harness.Count(aging.Loans)} loans overdue, {aging.Total}); "
                + $"peak working set {peak / (1024 * 1024)} MB{(peakReset ? " (reset)" : "")}"));
        }
        return rows;
    }

    private static async Task<IReadOnlyList<BenchRow>> RulesAsync(string engine, StorageOptions storage, int count, CancellationToken ct)
    {
        var (clock, year) = BenchDay();
        var vault = LoanBookCache.Vault();
        var watch = Stopwatch.StartNew();
        var (_, booked, written) = await LoanBookCache.LoadOrBuildAsync(storage, count, year, 0, () => LoansAsync(storage, vault, clock, count, year, 0, ct), ct);
        var rows = new List<BenchRow>
        {
            new($"loan book {engine}", $"{Harness.Count(count)} loans, {Harness.Count(booked)} repayments", Harness.Format(watch.Elapsed), "(setup)",
                $"{Harness.Count(written)} rows written by LoanBulkWriter"),
        };
        rows.Add(await LoanRulesData.AddAsync(engine, storage, vault, clock, Bank, ct));
        string county;
        await using (var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock))
        {
            county = await db.Loans.AsNoTracking().Where(l => l.BankCode == Bank).Select(l => l.CountyCode).FirstAsync(ct);
        }
        var access = new AccessContext();
        access.SignedIn(0, "bench", Role.CountyStaff, AreaScope.Of(DivisionCode.ForCounty(county)), null);
        await using (var db = StorageRegistration.CreateContext(storage, access, clock))
        {
            await UsageReference.EnsureAsync(db, county, clock.GetUtcNow(), ct);
            db.ChangeTracker.Clear();
            var peakReset = LinkageBench.ResetPeakWorkingSet();
            watch.Restart();
            var run = await new UsageDetection(db, clock).RunAsync(ct);
            var time = watch.Elapsed;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            foreach (var rule in run.Rules)
            {
                rows.Add(new BenchRow($"  {rule.Name} {engine}", rule.Enabled ? $"{Harness.Count(rule.Matched)} groups" : "disabled by the county's rules",
                    Harness.Format(TimeSpan.FromMilliseconds(rule.Milliseconds)), "", $"{Harness.Count(rule.Raised)} cases raised"));
            }
            rows.Add(new BenchRow($"all rules {engine}", $"{Harness.Count(run.Raised)} cases", Harness.Verdict(time, RulesLimit), "≤ 5 s",
                $"one run of every rule in force, cases saved; peak working set {peak / (1024 * 1024)} MB{(peakReset ? " (reset)" : "")}"));
            watch.Restart();
            var again = await new UsageDetection(db, clock).RunAsync(ct);
            rows.Add(new BenchRow($"all rules again {engine}", $"{Harness.Count(again.Raised)} new cases", Harness.Format(watch.Elapsed), "",
                "a second run raises nothing already raised"));
        }
        await using (var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock))
        {
            await db.Database.OpenConnectionAsync(ct);
            watch.Restart();
            var scanned = await BareScanAsync(db, ct);
            rows.Add(new BenchRow($"bare scan {engine}", $"{Harness.Count(scanned)} repayments", Harness.Format(watch.Elapsed), "(baseline)",
                "SELECT COUNT(DISTINCT payer_account_hash) FROM loan_repayments: one pass over the table"));
        }
        return rows;
    }

    private static async Task<long> BareScanAsync(RuralDbContext db, CancellationToken ct)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = "SELECT COUNT(*), COUNT(DISTINCT payer_account_hash) FROM loan_repayments";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The book (see the class summary), 5,000 loans a transaction, each batch with one audit event. Returns the bench
    /// year's payments left for the import (loans in order until <paramref name="importRows"/> rows), the repayments
    /// booked directly and the rows written.
    /// </summary>
    private static async Task<(List<Payment> Payments, long Booked, long Written)> LoansAsync(StorageOptions storage, PersonalDataVault vault, TimeProvider clock,
        int count, int year, int importRows, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock);
        await db.Database.OpenConnectionAsync(ct);
        await SqliteTuning.ApplyAsync(db, ct);
        var county = await db.Households.AsNoTracking().OrderBy(h => h.Id).Select(h => h.CountyCode).FirstAsync(ct);
        await CreditReference.EnsureAsync(db, county, now, ct);
        var policies = await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == county).ToListAsync(ct);
        var quotes = await db.LprQuotes.AsNoTracking().ToListAsync(ct);
        var households = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).AsSplitQuery()
            .Where(h => h.CountyCode == county).OrderBy(h => h.Id).ToListAsync(ct);
        // Cohorts: December before the bench year (脱贫人口小额信贷), and from 10 March of it (帮扶小额信贷, from 28 February).
        var cohorts = new[] { new DateOnly(year - 1, 12, 1), new DateOnly(year, 3, 10) }.Select(from =>
        {
            var appliedOn = from.AddDays(-10);
            var policy = CreditPolicyVersion.InForce(policies, appliedOn)!;
            var borrowers = households.Select(h => (Household: h, Member: h.Members.FirstOrDefault(m => Loan.AgeOn(m.BirthDate, appliedOn) is >= 25 and <= 60),
                    Status: h.StatusOn(appliedOn, now)))
                .Where(b => b.Member is not null && b.Status is { } s && policy.EligibleStatusList.Contains(s)).Select(b => (b.Household, Member: b.Member!, b.Status)).ToList();
            return (From: from, Policy: policy, Borrowers: borrowers);
        }).ToArray();
        var accounts = new Dictionary<string, (byte[] Cipher, byte[] Hash)>();
        (byte[] Cipher, byte[] Hash) Account(string account)
        {
            if (!accounts.TryGetValue(account, out var a))
            {
                a = (vault.Encrypt(account), vault.LookupHash(account));
                accounts[account] = a;
            }
            return a;
        }
        // Eighteen in twenty 按季付息到期还本 (the common one), one 等额本息, one 等额本金: about 4.8 repayments a loan-year.
        var methods = Enumerable.Repeat((RepaymentMethod.QuarterlyInterestBullet, 36), 18).Append((RepaymentMethod.EqualInstalment, 12))
            .Append((RepaymentMethod.EqualPrincipal, 24)).ToArray();
        var payments = new List<Payment>();
        long booked = 0, written = 0;
        var batch = new List<LoanBook>();
        for (var i = 0; i < count; i++)
        {
            var cohort = cohorts[i % 10 == 9 ? 1 : 0];
            var (household, member, status) = cohort.Borrowers[i % cohort.Borrowers.Count];
            var disbursedOn = cohort.From.AddDays(i % 28);
            var appliedOn = disbursedOn.AddDays(-10);
            var (method, term) = methods[i % methods.Length];
            var detail = i % 2_000 == 1 ? "入股分红：交给合作社统一经营" : null;
            var loan = new Loan(LoanNumbers.Format(county, year, 50_000 + i), household, member, status, cohort.Policy,
                new LoanRequest(Money.FromYuan(10_000m + i % 40 * 1_000m), term, method, cohort.Policy.AllowedUseList[i % cohort.Policy.AllowedUseList.Count], detail,
                    appliedOn, appliedOn, Bank, "基准测试农商银行"), null, "bench", now);
            loan.Review(ApprovalStep.Approve(Role.VillageOfficer, appliedOn.AddDays(1), "bench", null), now);
            loan.Review(ApprovalStep.Approve(Role.TownshipOfficer, appliedOn.AddDays(2), "bench", null), now);
            loan.Review(ApprovalStep.Approve(Role.CountyStaff, appliedOn.AddDays(3), "bench", null), now);
            var lpr = LprQuote.InForce(quotes, appliedOn.AddDays(4))!;
            loan.Approve(lpr.ForTerm(term), term, lpr, cohort.Policy, appliedOn.AddDays(4), "bench", null, now);
            var own = "6217" + household.Id.Value.ToString("D15", CultureInfo.InvariantCulture);
            var (cipher, hash) = Account(own);
            loan.Disburse(disbursedOn, loan.Amount, cipher, hash, Repayment.Mask(own), cohort.Policy, "bench", now);
            var july = new DateOnly(year, 7, 1);
            if (i % 25 == 3 && loan.MaturityOn > july && disbursedOn < july)
            {
                loan.Extend(july, 6, cohort.Policy, "bench", "受灾减产，展期六个月", now);
            }
            // Five in a thousand loans repaid by one cooperative for their households (户贷企用 rule 1).
            var (payer, account) = i % 1_000 < 5
                ? ($"兴农种养专业合作社{i / 1_000}", "6228480" + (i / 1_000).ToString("D12", CultureInfo.InvariantCulture))
                : (loan.BorrowerName, own);
            // Everything due by the end of the bench year (a December loan's first quarter falls due in December).
            var due = loan.Schedule.Where(d => d.DueOn.Year <= year && !(i % 50 == 7 && d.DueOn.Year == year && d.DueOn.Month > 6))
                .Select(d => new Payment(loan.Number, i % 20 == 0 && d.DueOn.AddDays(15).Year == year ? d.DueOn.AddDays(15) : d.DueOn, d.Principal, d.Interest, payer, account))
                .ToList();
            var repayments = new List<Repayment>();
            if (payments.Count + due.Count <= importRows)
            {
                payments.AddRange(due);
            }
            else
            {
                var (payerCipher, payerHash) = Account(account);
                foreach (var p in due)
                {
                    var split = loan.Repay(p.PaidOn, p.Principal, p.Interest, "bench", now);
                    repayments.Add(new Repayment(loan, p.PaidOn, split, payer, payerCipher, payerHash, Repayment.Mask(account), RepaymentSource.Imported, "bench", now));
                }
                booked += repayments.Count;
            }
            batch.Add(new LoanBook(loan, repayments));
            if (batch.Count == 5_000 || i == count - 1)
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                written += await new LoanBulkWriter(db).WriteAsync(batch, ct);
                await new AuditWriter(clock).AppendAsync(db, [new AuditRecord(county, "import", nameof(Loan), "*", null,
                    JsonSerializer.Serialize(new { source = "bench", loans = batch.Count, repayments = batch.Sum(b => b.Repayments.Count) }))], ct);
                await tx.CommitAsync(ct);
                batch.Clear();
            }
        }
        return ([.. payments.OrderBy(p => p.PaidOn).ThenBy(p => p.Number, StringComparer.Ordinal)], booked, written);
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
                text.Append(CultureInfo.InvariantCulture, $"{p.Number},{BusinessCalendar.Format(p.PaidOn)},{p.Principal.ToInvariantString()},{p.Interest.ToInvariantString()},{p.PayerName},{p.Account}\n");
            }
            var path = Path.Combine(folder, $"repayments-{k:D3}.csv");
            await File.WriteAllTextAsync(path, text.ToString(), Encoding.UTF8, ct);
            paths.Add(path);
        }
        return paths;
    }
}

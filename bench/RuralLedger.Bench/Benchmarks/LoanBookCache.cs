using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>
/// The generated loan book of <see cref="LoansBench"/> kept between runs, like <see cref="DemoCache"/> keeps the demo
/// (RURAL_BENCH_DEMO_CACHE): building 100,000 loans took 13 min on SQLite and 4.6 on PostgreSQL under load, and is
/// never part of a timed figure. SQLite keeps the database file and its sealing key; PostgreSQL a template database
/// (rural_bench_loans_…, named with the folder's hash) the scratch database is re-created from, and its key. The
/// payments the book leaves for the import, and the counts the bench prints, go to a side file per engine (each
/// engine's book stands on its own copy of the demo, whose households differ). One personal-data vault is kept in the folder for every cached book, so
/// accounts encrypted in the book and hashed by a later import match. The key names the loan count, the rows left for
/// the import, the bench year and <see cref="Version"/>: bump it when the generator changes. Pending migrations are
/// applied on top as usual.
/// </summary>
internal static class LoanBookCache
{
    /// <summary>The generator's version: a book cached under another is never restored.</summary>
    private const int Version = 2; // 2: loans built with fill factor 50 on PostgreSQL (decision 0046)

    private static string? Folder => Environment.GetEnvironmentVariable(DemoCache.Variable) is { Length: > 0 } f ? f : null;

    // The folder's hash in the name: a template lives on the shared server, its keys in one folder.
    private static string Name(int count, int year, int importRows) =>
        $"rural_bench_loans_{count}_{(importRows == int.MaxValue ? "all" : importRows.ToString(CultureInfo.InvariantCulture))}_{year}_v{Version}_"
        + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(Folder!))))[..8];

    /// <summary>The vault the book's accounts are encrypted with: the cached one when a cache is set, else a new one.</summary>
    public static PersonalDataVault Vault() =>
        Folder is null ? PersonalDataVault.CreateRandom() : KeyFile.LoadOrCreate(Path.Combine(Folder, "loans-vault.key"));

    /// <summary>
    /// The book in <paramref name="storage"/>: restored from the cache when it holds one of this key, else built by
    /// <paramref name="build"/> and kept for the next run.
    /// </summary>
    public static async Task<(List<LoansBench.Payment> Payments, long Booked, long Written)> LoadOrBuildAsync(StorageOptions storage, int count, int year,
        int importRows, Func<Task<(List<LoansBench.Payment> Payments, long Booked, long Written)>> build, CancellationToken ct)
    {
        if (Folder is null)
        {
            return await build();
        }
        var name = Name(count, year, importRows);
        var side = Path.Combine(Folder, $"{name}.{Engine(storage)}.payments");
        if (File.Exists(side) && await TryRestoreAsync(storage, name, ct))
        {
            await using (var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench")))
            {
                await db.Database.MigrateAsync(ct);
            }
            return await ReadAsync(side, ct);
        }
        var book = await build();
        await SaveAsync(storage, name, ct);
        await WriteAsync(side, book, ct);
        return book;
    }

    private static async Task<bool> TryRestoreAsync(StorageOptions storage, string name, CancellationToken ct)
    {
        var key = KeyFor(storage, name);
        if (!File.Exists(key))
        {
            return false;
        }
        if (storage.Provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Folder!, name + ".db");
            if (!File.Exists(file))
            {
                return false;
            }
            SqliteConnection.ClearAllPools();
            var target = Path.Combine(storage.DataFolder, "ruralledger.db");
            File.Delete(target + "-wal");
            File.Delete(target + "-shm");
            File.Copy(file, target, overwrite: true);
        }
        else
        {
            var (admin, scratch) = Postgres(storage);
            if (!await DemoCache.TemplateExistsAsync(admin, name, ct))
            {
                return false;
            }
            NpgsqlConnection.ClearAllPools();
            await DemoCache.AdminAsync(admin, $"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", ct);
            await DemoCache.AdminAsync(admin, $"CREATE DATABASE {scratch} TEMPLATE {name}", ct);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(storage.ResolveKeyFile()))!);
        File.Copy(key, storage.ResolveKeyFile(), overwrite: true);
        return true;
    }

    private static async Task SaveAsync(StorageOptions storage, string name, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder!);
        if (storage.Provider == DatabaseProvider.Sqlite)
        {
            await using (var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench")))
            {
                await db.Database.OpenConnectionAsync(ct);
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", ct);
            }
            SqliteConnection.ClearAllPools();
            var file = Path.Combine(Folder!, name + ".db");
            File.Copy(Path.Combine(storage.DataFolder, "ruralledger.db"), file + ".part", overwrite: true);
            File.Move(file + ".part", file, overwrite: true);
        }
        else
        {
            var (admin, scratch) = Postgres(storage);
            NpgsqlConnection.ClearAllPools();
            await DemoCache.AdminAsync(admin, $"DROP DATABASE IF EXISTS {name}", ct);
            await DemoCache.AdminAsync(admin, $"CREATE DATABASE {name} TEMPLATE {scratch}", ct);
        }
        File.Copy(storage.ResolveKeyFile(), KeyFor(storage, name), overwrite: true);
    }

    // Each database's rows are sealed with the key of the run that built it.
    private static string KeyFor(StorageOptions storage, string name) => Path.Combine(Folder!, $"{name}.{Engine(storage)}.key");

    private static string Engine(StorageOptions storage) => storage.Provider.ToString().ToLowerInvariant();

    // The bench's scratch database is named in its connection string; the server is reached through RURAL_BENCH_PG.
    private static (string Admin, string Scratch) Postgres(StorageOptions storage) =>
        (Environment.GetEnvironmentVariable(DemoLoadBench.PostgresVariable)!, new NpgsqlConnectionStringBuilder(storage.ConnectionString).Database!);

    // One line of counts, then a payment a line (tab-separated, amounts in fen); written under a temporary name and
    // moved, so a run stopped half-way leaves no side file and the book is built again.
    private static async Task WriteAsync(string path, (List<LoansBench.Payment> Payments, long Booked, long Written) book, CancellationToken ct)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{book.Booked}\t{book.Written}\n");
        foreach (var p in book.Payments)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{p.Number}\t{BusinessCalendar.Format(p.PaidOn)}\t{p.Principal.Fen}\t{p.Interest.Fen}\t{p.PayerName}\t{p.Account}\n");
        }
        await File.WriteAllTextAsync(path + ".part", text.ToString(), Encoding.UTF8, ct);
        File.Move(path + ".part", path, overwrite: true);
    }

    private static async Task<(List<LoansBench.Payment> Payments, long Booked, long Written)> ReadAsync(string path, CancellationToken ct)
    {
        var lines = await File.ReadAllLinesAsync(path, Encoding.UTF8, ct);
        var counts = lines[0].Split('\t');
        var payments = new List<LoansBench.Payment>(lines.Length - 1);
        foreach (var line in lines.AsSpan(1))
        {
            var f = line.Split('\t');
            payments.Add(new LoansBench.Payment(f[0], DateOnly.ParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Money.FromFen(long.Parse(f[2], CultureInfo.InvariantCulture)), Money.FromFen(long.Parse(f[3], CultureInfo.InvariantCulture)), f[4], f[5]));
        }
        return (payments, long.Parse(counts[0], CultureInfo.InvariantCulture), long.Parse(counts[1], CultureInfo.InvariantCulture));
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RuralLedger.Core.Accounts;
using RuralLedger.Data;
using RuralLedger.Data.Demo;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>
/// The demo with <see cref="DemoLinkageGenerator"/>'s records of a year already written, kept beside the demo cache
/// (<see cref="DemoCache"/>) so repeated linkage benches skip generating 2,000,000 wage rows: a file on SQLite, a template
/// database on PostgreSQL. The name carries the generator's version and the year; migrations added since are applied on
/// top, as for the demo cache (delete both after migrations are regenerated). Generation is untimed either way.
/// </summary>
internal static class LinkageCache
{
    /// <summary>Raise it whenever <see cref="DemoLinkageGenerator"/> writes other records.</summary>
    private const int GeneratorVersion = 1;

    private static string? Folder => Environment.GetEnvironmentVariable(DemoCache.Variable) is { Length: > 0 } f ? f : null;

    private static string Name(DemoSize size, int year) =>
        string.Create(CultureInfo.InvariantCulture, $"demo_{size.ToString().ToLowerInvariant()}_linkage_v{GeneratorVersion}_{year}");

    private static string FileFor(DemoSize size, int year) => Path.Combine(Folder!, Name(size, year) + ".db");

    /// <summary>SQLite: copies the cached generated state into the storage's data folder; false if there is none.</summary>
    public static bool TryRestoreSqlite(StorageOptions storage, DemoSize size, int year)
    {
        if (Folder is null || !File.Exists(FileFor(size, year)))
        {
            return false;
        }
        File.Copy(FileFor(size, year), Path.Combine(storage.DataFolder, "ruralledger.db"), overwrite: true);
        return true;
    }

    public static async Task SaveSqliteAsync(RuralDbContext db, StorageOptions storage, DemoSize size, int year, CancellationToken ct)
    {
        if (Folder is null)
        {
            return;
        }
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", ct);
        var target = FileFor(size, year);
        File.Copy(Path.Combine(storage.DataFolder, "ruralledger.db"), target + ".part", overwrite: true);
        File.Move(target + ".part", target, overwrite: true);
    }

    /// <summary>PostgreSQL: the template holding the generated state, when a cache is set; null without one.</summary>
    public static string? TemplateFor(DemoSize size, int year) =>
        Folder is null ? null : "rural_bench_" + Name(size, year)["demo_".Length..];

    /// <summary>The counts the generator returned, read back from a restored copy.</summary>
    public static async Task<GeneratedLinkage> CountAsync(RuralDbContext db, int year, CancellationToken ct) => new(
        await db.WageRecords.IgnoreQueryFilters().LongCountAsync(w => w.Year == year, ct),
        await db.FarmDeliveries.IgnoreQueryFilters().LongCountAsync(d => d.Year == year, ct),
        await db.LandTransfers.IgnoreQueryFilters().LongCountAsync(t => t.StartOn.Year == year, ct),
        await db.TrainingSessions.IgnoreQueryFilters().Where(s => s.Year == year).SelectMany(s => s.Attendees).LongCountAsync(ct));
}

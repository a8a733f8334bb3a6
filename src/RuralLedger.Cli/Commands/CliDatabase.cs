using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Data;
using RuralLedger.Data.Sealing;

namespace RuralLedger.Cli.Commands;

/// <summary>Opens the configured database for one command run and applies its migrations.</summary>
internal static class CliDatabase
{
    /// <summary>The connection stays open for the whole command, so SQLite's per-connection tuning holds for all it writes.</summary>
    public static async Task<RuralDbContext> OpenAsync(StorageOptions storage, string job, CancellationToken ct)
    {
        // A maintenance command acts as the system: it sees every county, and its writes are audited as "系统:<job>".
        var db = StorageRegistration.CreateContext(storage, AccessContext.System(job));
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            await SqliteTuning.ApplyAsync(db, ct);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>Applies pending migrations and returns their names (empty when the schema was current).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(RuralDbContext db, CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(ct);
            if (pending.Any(m => m.EndsWith("_" + SealVerifier.Migration, StringComparison.Ordinal)))
            {
                // Rows written before sealing existed are sealed once, now (audited); later ones by their writers.
                await SealVerifier.InitAsync(db, TimeProvider.System, ct);
            }
            // Rows sealed before a migration added columns to their table are sealed again over the new columns.
            await SealUpgrade.ApplyAsync(db, pending, TimeProvider.System, ct);
        }
        return pending;
    }
}

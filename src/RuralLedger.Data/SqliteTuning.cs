using Microsoft.EntityFrameworkCore;

namespace RuralLedger.Data;

public static class SqliteTuning
{
    /// <summary>
    /// WAL (kept in the file) lets pages read while an import writes; NORMAL sync is durable at checkpoint and
    /// much faster than FULL. Synchronous is a per-connection setting: callers that write a lot open the
    /// connection first and keep it open, so the setting holds for all they write.
    /// </summary>
    public static async Task ApplyAsync(RuralDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", ct);
        }
    }
}

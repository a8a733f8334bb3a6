using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RuralLedger.Data;

/// <summary>
/// Applies SQLite's per-connection settings each time EF opens a (pooled) connection: NORMAL sync under WAL
/// (durable at checkpoint, one fsync per checkpoint instead of per commit) and a 5-second busy wait.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        cmd.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = Pragmas;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}

using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace RuralLedger.Data.Sealing;

/// <summary>
/// What a bucket of a sealed table must hold (docs/decisions/0031-row-sealing.md): how many rows, the sum of their ids,
/// and the XOR of their keyed presence values. Every writer that adds or removes sealed rows changes its bucket in the
/// same transaction, by increments that commute, so concurrent writers never read-modify-write a head.
/// </summary>
public sealed class SealHead
{
    public const int BucketBits = 10;

    public SealHead(string tableName, long bucket)
    {
        TableName = tableName;
        Bucket = bucket;
    }

    public string TableName { get; private set; }

    public long Bucket { get; private set; }

    public long RowCount { get; private set; }

    public long IdSum { get; private set; }

    public long Presence { get; private set; }

    public static long BucketOf(long id) => id >> BucketBits;
}

/// <summary>Changes to heads gathered during one write, applied with one statement per few hundred buckets.</summary>
internal sealed class SealHeadDelta(RowSealer sealer)
{
    private readonly Dictionary<(string Table, long Bucket), (long Count, long IdSum, long Presence)> _delta = [];

    public bool IsEmpty => _delta.Count == 0;

    public void Added(string table, long id) => Change(table, id, +1, sealer.Presence(table, id));

    /// <summary>A row added whose presence value was computed elsewhere (on another thread, <see cref="RowSealer.Presence"/>).</summary>
    public void Added(string table, long id, long presence) => Change(table, id, +1, presence);

    public void Removed(string table, long id) => Change(table, id, -1, sealer.Presence(table, id));

    private void Change(string table, long id, int sign, long rowPresence)
    {
        var key = (table, SealHead.BucketOf(id));
        var (count, sum, presence) = _delta.GetValueOrDefault(key);
        _delta[key] = (count + sign, sum + (sign * id), presence ^ rowPresence);
    }

    public async Task ApplyAsync(DbConnection connection, DbTransaction? tx, DatabaseProvider provider, CancellationToken ct)
    {
        if (_delta.Count == 0)
        {
            return;
        }
        // XOR: PostgreSQL's #; SQLite has none, and (a | b) - (a & b) is the same for 62-bit values.
        var xor = provider == DatabaseProvider.Postgres ? "seal_heads.presence # excluded.presence" : "(seal_heads.presence | excluded.presence) - (seal_heads.presence & excluded.presence)";
        // Sorted, so two transactions touching the same buckets lock them in one order.
        foreach (var chunk in _delta.OrderBy(d => d.Key.Table, StringComparer.Ordinal).ThenBy(d => d.Key.Bucket).Chunk(500))
        {
            var sql = new StringBuilder("INSERT INTO seal_heads (table_name, bucket, row_count, id_sum, presence) VALUES ");
            sql.AppendJoin(", ", chunk.Select(d => string.Create(CultureInfo.InvariantCulture,
                $"('{d.Key.Table}', {d.Key.Bucket}, {d.Value.Count}, {d.Value.IdSum}, {d.Value.Presence})")));
            sql.Append(CultureInfo.InvariantCulture, $" ON CONFLICT (table_name, bucket) DO UPDATE SET row_count = seal_heads.row_count + excluded.row_count, id_sum = seal_heads.id_sum + excluded.id_sum, presence = {xor}");
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql.ToString();
            await cmd.ExecuteNonQueryAsync(ct);
        }
        _delta.Clear();
    }

    public Task ApplyAsync(RuralDbContext db, CancellationToken ct) =>
        ApplyAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction(), db.Provider, ct);
}

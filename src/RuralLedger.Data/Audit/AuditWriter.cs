using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RuralLedger.Core.Audit;

namespace RuralLedger.Data.Audit;

/// <summary>
/// Appends to the per-county hash chains inside the caller's transaction. Appends to one chain are serialised:
/// SQLite transactions here begin IMMEDIATE (one writer at a time); on PostgreSQL a transaction-scoped advisory
/// lock per chain is taken before the chain's head is read.
/// </summary>
public sealed class AuditWriter(TimeProvider clock)
{
    public const string SystemChain = "000000";

    /// <summary>Appends in a transaction of its own unless one is open (explicit events: login, unmask, export).</summary>
    public async Task AppendAsync(RuralDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (records.Count == 0)
        {
            return;
        }
        if (db.Database.CurrentTransaction is not null)
        {
            await AppendInTransactionAsync(db, records, ct);
            return;
        }
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await AppendInTransactionAsync(db, records, ct);
            await tx.CommitAsync(ct);
        });
    }

    internal async Task AppendInTransactionAsync(RuralDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var now = clock.GetUtcNow();
        var access = db.Access;
        foreach (var chain in records.GroupBy(r => r.ChainKey))
        {
            var (sequence, previous) = await HeadAsync(db, connection, transaction, chain.Key, ct);
            var entries = new List<AuditEntry>();
            foreach (var r in chain)
            {
                var entry = new AuditEntry(chain.Key, ++sequence, now, access.ActorId, access.ActorName, r.Action, r.EntityType, r.EntityId, r.Before, r.After, access.RequestId, previous);
                entries.Add(entry);
                previous = entry.Hash;
            }
            await InsertAsync(connection, transaction, entries, ct);
        }
    }

    private static async Task<(long Sequence, string Hash)> HeadAsync(RuralDbContext db, DbConnection connection, DbTransaction transaction, string chainKey, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        var lockSql = db.Provider == DatabaseProvider.Postgres ? "SELECT pg_advisory_xact_lock(hashtext('audit:' || @chain));" : "";
        // chain_key is character(6) on PostgreSQL: compared with a text parameter it would be cast, and the
        // (chain_key, sequence) index not used — every append would scan the whole log.
        var chain = db.Provider == DatabaseProvider.Postgres ? "CAST(@chain AS character(6))" : "@chain";
        cmd.CommandText = lockSql + $"SELECT sequence, hash FROM audit_log WHERE chain_key = {chain} ORDER BY sequence DESC LIMIT 1";
        var p = cmd.CreateParameter();
        p.ParameterName = "@chain";
        p.Value = chainKey;
        cmd.Parameters.Add(p);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await reader.NextResultAsync(ct);
        }
        return await reader.ReadAsync(ct)
            ? (reader.GetInt64(0), reader.GetString(1).Trim())
            : (0L, AuditEntry.Genesis);
    }

    // A save of many rows (a detection run's cases with their loans) wrote its audit one round trip a row: PostgreSQL
    // takes the rows in batches of one round trip each, SQLite (in process, no batches) re-binds one prepared statement.
    private const int BatchSize = 500;

    private const string Insert = "INSERT INTO audit_log (chain_key, sequence, at, actor_id, actor_name, action, entity_type, entity_id, before, after, request_id, previous_hash, hash) " +
                                  "VALUES (@chain_key, @sequence, @at, @actor_id, @actor_name, @action, @entity_type, @entity_id, @before, @after, @request_id, @previous_hash, @hash)";

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        if (connection.CanCreateBatch)
        {
            foreach (var chunk in entries.Chunk(BatchSize))
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                foreach (var e in chunk)
                {
                    var cmd = batch.CreateBatchCommand();
                    cmd.CommandText = Insert;
                    Bind(connection, e, (name, value) => Add(cmd, name, value));
                    batch.BatchCommands.Add(cmd);
                }
                await batch.ExecuteNonQueryAsync(ct);
            }
            return;
        }
        await using var single = connection.CreateCommand();
        single.Transaction = transaction;
        single.CommandText = Insert;
        foreach (var e in entries)
        {
            single.Parameters.Clear();
            Bind(connection, e, (name, value) => Add(single, name, value));
            await single.ExecuteNonQueryAsync(ct);
        }
    }

    private static void Bind(DbConnection connection, AuditEntry e, Action<string, object?> add)
    {
        add("@chain_key", e.ChainKey);
        add("@sequence", e.Sequence);
        add("@at", connection is Npgsql.NpgsqlConnection ? e.At : SqliteRuralDbContext.ToStored(e.At));
        add("@actor_id", e.ActorId);
        add("@actor_name", e.ActorName);
        add("@action", e.Action);
        add("@entity_type", e.EntityType);
        add("@entity_id", e.EntityId);
        add("@before", e.Before);
        add("@after", e.After);
        add("@request_id", e.RequestId);
        add("@previous_hash", e.PreviousHash);
        add("@hash", e.Hash);
    }

    private static void Add(DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
    }

    private static void Add(DbBatchCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
    }
}

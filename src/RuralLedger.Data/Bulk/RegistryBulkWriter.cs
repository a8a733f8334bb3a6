using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using RuralLedger.Core.Registry;

namespace RuralLedger.Data.Bulk;

/// <summary>
/// Writes many households with their members in one transaction, bypassing change tracking: prepared
/// single-row INSERTs on SQLite, binary COPY on PostgreSQL. Ids are assigned here from the current maximum,
/// so it must not run concurrently with other writers of the same tables (demo loads, bulk imports under lock).
/// <para>
/// Multi-row INSERTs were measured slower on SQLite: Microsoft.Data.Sqlite binds every parameter by name,
/// and SQLite finds a name by a linear scan, so a statement of n rows costs O(n²) per execution.
/// </para>
/// </summary>
public sealed class RegistryBulkWriter(RuralDbContext db)
{
    private const string HouseholdColumns = "id, county_code, household_no, village_code, group_code, type, status, registered_on, member_count";
    private const string MemberColumns = "id, household_id, county_code, name, citizen_id_cipher, citizen_id_hash, citizen_id_masked, sex, birth_date, relation, labour, health, education";

    public async Task<(int Households, int Members)> WriteAsync(IEnumerable<Household> households, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(households);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var tx = await connection.BeginTransactionAsync(ct);
            var nextHousehold = await MaxIdAsync(connection, tx, "households", ct) + 1;
            var nextMember = await MaxIdAsync(connection, tx, "members", ct) + 1;
            var result = db.Provider switch
            {
                DatabaseProvider.Sqlite => await WriteSqliteAsync(connection, tx, households, nextHousehold, nextMember, ct),
                DatabaseProvider.Postgres => await WritePostgresAsync((NpgsqlConnection)connection, households, nextHousehold, nextMember, ct),
            };
            if (db.Provider == DatabaseProvider.Postgres)
            {
                // Explicit ids bypass the identity sequences; move them past what was written.
                await ExecAsync(connection, tx, "SELECT setval(pg_get_serial_sequence('households', 'id'), (SELECT COALESCE(MAX(id), 1) FROM households)); SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT COALESCE(MAX(id), 1) FROM members));", ct);
            }
            await tx.CommitAsync(ct);
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<(int, int)> WriteSqliteAsync(DbConnection connection, DbTransaction tx, IEnumerable<Household> households, long hid, long mid, CancellationToken ct)
    {
        await using var hCmd = Prepare(connection, tx, "households", HouseholdColumns);
        await using var mCmd = Prepare(connection, tx, "members", MemberColumns);
        int hCount = 0, mCount = 0;
        foreach (var h in households)
        {
            var householdId = hid++;
            Set(hCmd, householdId, h.CountyCode, h.HouseholdNo, h.VillageCode.Value, h.GroupCode?.Value, (int)h.Type, (int)h.Status, h.RegisteredOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), h.Members.Count);
            await hCmd.ExecuteNonQueryAsync(ct);
            hCount++;
            foreach (var m in h.Members)
            {
                Set(mCmd, mid++, householdId, m.CountyCode, m.Name, m.CitizenIdCipher, m.CitizenIdHash, m.CitizenIdMasked, (int)m.Sex, m.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (int)m.Relation, (int)m.Labour, (int)m.Health, (int)m.Education);
                await mCmd.ExecuteNonQueryAsync(ct);
                mCount++;
            }
        }
        return (hCount, mCount);
    }

    private static async Task<(int, int)> WritePostgresAsync(NpgsqlConnection connection, IEnumerable<Household> households, long hid, long mid, CancellationToken ct)
    {
        // COPY cannot interleave two tables on one connection, so members are buffered per batch of households.
        int hCount = 0, mCount = 0;
        var batch = new List<(long Id, Household H)>(20_000);
        async Task FlushAsync()
        {
            await using (var hw = await connection.BeginBinaryImportAsync($"COPY households ({HouseholdColumns}) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var (id, h) in batch)
                {
                    await hw.StartRowAsync(ct);
                    await hw.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                    await hw.WriteAsync(h.CountyCode, NpgsqlDbType.Char, ct);
                    await hw.WriteAsync(h.HouseholdNo, NpgsqlDbType.Varchar, ct);
                    await hw.WriteAsync(h.VillageCode.Value, NpgsqlDbType.Varchar, ct);
                    if (h.GroupCode is { } g)
                    {
                        await hw.WriteAsync(g.Value, NpgsqlDbType.Varchar, ct);
                    }
                    else
                    {
                        await hw.WriteNullAsync(ct);
                    }
                    await hw.WriteAsync((int)h.Type, NpgsqlDbType.Integer, ct);
                    await hw.WriteAsync((int)h.Status, NpgsqlDbType.Integer, ct);
                    await hw.WriteAsync(h.RegisteredOn, NpgsqlDbType.Date, ct);
                    await hw.WriteAsync(h.Members.Count, NpgsqlDbType.Integer, ct);
                }
                await hw.CompleteAsync(ct);
            }
            await using (var mw = await connection.BeginBinaryImportAsync($"COPY members ({MemberColumns}) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var (id, h) in batch)
                {
                    foreach (var m in h.Members)
                    {
                        await mw.StartRowAsync(ct);
                        await mw.WriteAsync(mid++, NpgsqlDbType.Bigint, ct);
                        await mw.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                        await mw.WriteAsync(m.CountyCode, NpgsqlDbType.Char, ct);
                        await mw.WriteAsync(m.Name, NpgsqlDbType.Varchar, ct);
                        await mw.WriteAsync(m.CitizenIdCipher, NpgsqlDbType.Bytea, ct);
                        await mw.WriteAsync(m.CitizenIdHash, NpgsqlDbType.Bytea, ct);
                        await mw.WriteAsync(m.CitizenIdMasked, NpgsqlDbType.Varchar, ct);
                        await mw.WriteAsync((int)m.Sex, NpgsqlDbType.Integer, ct);
                        await mw.WriteAsync(m.BirthDate, NpgsqlDbType.Date, ct);
                        await mw.WriteAsync((int)m.Relation, NpgsqlDbType.Integer, ct);
                        await mw.WriteAsync((int)m.Labour, NpgsqlDbType.Integer, ct);
                        await mw.WriteAsync((int)m.Health, NpgsqlDbType.Integer, ct);
                        await mw.WriteAsync((int)m.Education, NpgsqlDbType.Integer, ct);
                        mCount++;
                    }
                }
                await mw.CompleteAsync(ct);
            }
            batch.Clear();
        }
        foreach (var h in households)
        {
            batch.Add((hid++, h));
            hCount++;
            if (batch.Count == batch.Capacity)
            {
                await FlushAsync();
            }
        }
        if (batch.Count > 0)
        {
            await FlushAsync();
        }
        return (hCount, mCount);
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction tx, string table, string columns)
    {
        var names = columns.Split(", ");
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {table} ({columns}) VALUES ({string.Join(", ", names.Select(n => "@" + n))})";
        foreach (var n in names)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + n;
            cmd.Parameters.Add(p);
        }
        cmd.Prepare();
        return cmd;
    }

    private static void Set(DbCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static async Task<long> MaxIdAsync(DbConnection connection, DbTransaction tx, string table, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT COALESCE(MAX(id), 0) FROM {table}";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

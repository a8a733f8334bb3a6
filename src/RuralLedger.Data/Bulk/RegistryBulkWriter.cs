using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;
using RuralLedger.Core.Registry;

namespace RuralLedger.Data.Bulk;

/// <summary>
/// Writes many households with their members and status histories in one transaction, bypassing change
/// tracking: prepared INSERTs on SQLite, binary COPY on PostgreSQL. Ids are assigned here from the current
/// maximum, so bulk writes are serialised: SQLite transactions take the write lock when they begin, on PostgreSQL
/// a transaction-scoped advisory lock is taken before the maxima are read.
/// When the context already has a transaction (an import that also changes existing households and appends its
/// audit event), the rows are written in it and the caller commits; otherwise the writer commits its own.
/// The caller audits the batch as one event; rows are not audited one by one. Rows go through
/// <see cref="BulkSink"/>, as plans and journal rows do.
/// </summary>
public sealed class RegistryBulkWriter(RuralDbContext db)
{
    private sealed record HouseholdRow(long Id, Household H);

    private sealed record MemberRow(long Id, long HouseholdId, Member M);

    private sealed record StatusRow(long Id, long HouseholdId, StatusChange C);

    private static readonly BulkColumn<HouseholdRow>[] HouseholdColumns =
    [
        new("id", NpgsqlDbType.Bigint, r => r.Id),
        new("county_code", NpgsqlDbType.Char, r => r.H.CountyCode),
        new("household_no", NpgsqlDbType.Varchar, r => r.H.HouseholdNo),
        new("township_code", NpgsqlDbType.Varchar, r => r.H.TownshipCode.Value),
        new("village_code", NpgsqlDbType.Varchar, r => r.H.VillageCode.Value),
        new("group_code", NpgsqlDbType.Varchar, r => r.H.GroupCode?.Value),
        new("type", NpgsqlDbType.Integer, r => (int)r.H.Type),
        new("status", NpgsqlDbType.Integer, r => (int)r.H.Status),
        new("causes", NpgsqlDbType.Integer, r => (int)r.H.Causes),
        new("registered_on", NpgsqlDbType.Date, r => r.H.RegisteredOn),
        new("member_count", NpgsqlDbType.Integer, r => r.H.Members.Count),
        new("head_name", NpgsqlDbType.Varchar, r => r.H.HeadName),
        new("bank_name", NpgsqlDbType.Varchar, r => r.H.BankName),
        new("bank_account_cipher", NpgsqlDbType.Bytea, r => r.H.BankAccountCipher),
        new("bank_account_hash", NpgsqlDbType.Bytea, r => r.H.BankAccountHash),
        new("bank_account_masked", NpgsqlDbType.Varchar, r => r.H.BankAccountMasked),
        new("phone_cipher", NpgsqlDbType.Bytea, r => r.H.PhoneCipher),
        new("phone_masked", NpgsqlDbType.Varchar, r => r.H.PhoneMasked),
        new("version", NpgsqlDbType.Integer, r => r.H.Version),
    ];

    private static readonly BulkColumn<MemberRow>[] MemberColumns =
    [
        new("id", NpgsqlDbType.Bigint, r => r.Id),
        new("household_id", NpgsqlDbType.Bigint, r => r.HouseholdId),
        new("county_code", NpgsqlDbType.Char, r => r.M.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, r => r.M.TownshipCode.Value),
        new("village_code", NpgsqlDbType.Varchar, r => r.M.VillageCode.Value),
        new("name", NpgsqlDbType.Varchar, r => r.M.Name),
        new("citizen_id_cipher", NpgsqlDbType.Bytea, r => r.M.CitizenIdCipher),
        new("citizen_id_hash", NpgsqlDbType.Bytea, r => r.M.CitizenIdHash),
        new("citizen_id_masked", NpgsqlDbType.Varchar, r => r.M.CitizenIdMasked),
        new("sex", NpgsqlDbType.Integer, r => (int)r.M.Sex),
        new("birth_date", NpgsqlDbType.Date, r => r.M.BirthDate),
        new("relation", NpgsqlDbType.Integer, r => (int)r.M.Relation),
        new("labour", NpgsqlDbType.Integer, r => (int)r.M.Labour),
        new("health", NpgsqlDbType.Integer, r => (int)r.M.Health),
        new("education", NpgsqlDbType.Integer, r => (int)r.M.Education),
    ];

    private static readonly BulkColumn<StatusRow>[] StatusColumns =
    [
        new("id", NpgsqlDbType.Bigint, r => r.Id),
        new("household_id", NpgsqlDbType.Bigint, r => r.HouseholdId),
        new("from_status", NpgsqlDbType.Integer, r => r.C.FromStatus is { } f ? (int)f : null),
        new("to_status", NpgsqlDbType.Integer, r => (int)r.C.ToStatus),
        new("effective_on", NpgsqlDbType.Date, r => r.C.EffectiveOn),
        new("recorded_at", NpgsqlDbType.TimestampTz, r => r.C.RecordedAt),
        new("reason", NpgsqlDbType.Varchar, r => r.C.Reason),
        new("recorded_by", NpgsqlDbType.Varchar, r => r.C.RecordedBy),
    ];

    private const int BatchSize = 20_000;

    public async Task<(int Households, int Members)> WriteAsync(IEnumerable<Household> households, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(households);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            var ambient = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var owned = ambient is null ? await connection.BeginTransactionAsync(ct) : null;
            var tx = ambient ?? owned!;
            if (db.Provider == DatabaseProvider.Postgres)
            {
                await ExecAsync(connection, tx, "SELECT pg_advisory_xact_lock(hashtext('registry:bulk'))", ct);
            }
            var ids = new IdCursor(
                await MaxIdAsync(connection, tx, "households", ct),
                await MaxIdAsync(connection, tx, "members", ct),
                await MaxIdAsync(connection, tx, "household_status_changes", ct));
            int hCount = 0, mCount = 0;
            await using var sink = BulkSink.For(db, connection, tx);
            var hRows = new List<HouseholdRow>(BatchSize);
            var mRows = new List<MemberRow>(BatchSize * 4);
            var sRows = new List<StatusRow>(BatchSize * 2);
            foreach (var h in households)
            {
                var hid = ++ids.Household;
                hRows.Add(new HouseholdRow(hid, h));
                foreach (var m in h.Members)
                {
                    mRows.Add(new MemberRow(++ids.Member, hid, m));
                }
                foreach (var c in h.StatusHistory)
                {
                    sRows.Add(new StatusRow(++ids.Status, hid, c));
                }
                hCount++;
                mCount += h.Members.Count;
                if (hRows.Count == BatchSize)
                {
                    await FlushAsync(sink, hRows, mRows, sRows, ct);
                }
            }
            await FlushAsync(sink, hRows, mRows, sRows, ct);
            if (db.Provider == DatabaseProvider.Postgres)
            {
                // Explicit ids bypass the identity sequences; move them past what was written.
                foreach (var table in new[] { "households", "members", "household_status_changes" })
                {
                    await ExecAsync(connection, tx, $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)", ct);
                }
            }
            if (owned is not null)
            {
                await owned.CommitAsync(ct);
            }
            return (hCount, mCount);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task FlushAsync(BulkSink sink, List<HouseholdRow> h, List<MemberRow> m, List<StatusRow> s, CancellationToken ct)
    {
        await sink.WriteAsync("households", HouseholdColumns, h, ct);
        await sink.WriteAsync("members", MemberColumns, m, ct);
        await sink.WriteAsync("household_status_changes", StatusColumns, s, ct);
        h.Clear();
        m.Clear();
        s.Clear();
    }

    private sealed class IdCursor(long household, long member, long status)
    {
        public long Household = household;
        public long Member = member;
        public long Status = status;
    }

    private static async Task<long> MaxIdAsync(DbConnection connection, DbTransaction tx, string table, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT COALESCE(MAX(id), 0) FROM {table}";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Sealing;

namespace RuralLedger.Data.Bulk;

/// <summary>
/// Writes plans, plan lines and journal entries without change tracking: binary COPY on PostgreSQL, prepared
/// INSERTs on SQLite. Inside the context's transaction when there is one (posting: the plan's status and all its
/// journal rows commit together or not at all), otherwise in a transaction of its own.
/// Lines and journal rows take their ids from the table's own identity / AUTOINCREMENT, so they can be written
/// while the web app inserts single rows; only plans get ids here, reserved from the identity sequence on
/// PostgreSQL and read under SQLite's single-writer lock, because their lines must name them.
/// Rows are not audited one by one: the caller appends one audit event per batch.
/// </summary>
public sealed class DistributionBulkWriter(RuralDbContext db)
{
    /// <summary>Rows per COPY / per progress report.</summary>
    public const int BatchSize = 10_000;

    public const string LinesTable = "plan_lines";

    public const string JournalTable = "journal_entries";

    private sealed record PlanRow(long Id, DistributionPlan P);

    private sealed record PartRow(long PlanId, PlanPart P);

    private static readonly BulkColumn<PlanRow>[] PlanColumns =
    [
        new("id", NpgsqlDbType.Bigint, r => r.Id),
        new("county_code", NpgsqlDbType.Char, r => r.P.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, r => r.P.TownshipCode?.Value),
        new("village_code", NpgsqlDbType.Varchar, r => r.P.VillageCode?.Value),
        new("number", NpgsqlDbType.Varchar, r => r.P.Number),
        new("year", NpgsqlDbType.Integer, r => r.P.Year),
        new("title", NpgsqlDbType.Varchar, r => r.P.Title),
        new("kind", NpgsqlDbType.Integer, r => (int)r.P.Kind),
        new("reverses_id", NpgsqlDbType.Bigint, r => r.P.ReversesId),
        new("reversal_reason", NpgsqlDbType.Varchar, r => r.P.ReversalReason),
        new("reversed_by_id", NpgsqlDbType.Bigint, r => r.P.ReversedById),
        new("rule_id", NpgsqlDbType.Bigint, r => r.P.RuleId.Value),
        new("rule_code", NpgsqlDbType.Varchar, r => r.P.RuleCode),
        new("rule_version", NpgsqlDbType.Integer, r => r.P.RuleVersion),
        new("freeze_on", NpgsqlDbType.Date, r => r.P.FreezeOn),
        new("pool", NpgsqlDbType.Bigint, r => r.P.Pool.Fen),
        new("dividends", NpgsqlDbType.Bigint, r => r.P.Dividends.Fen),
        new("total_weight", NpgsqlDbType.Bigint, r => r.P.TotalWeight),
        new("households", NpgsqlDbType.Integer, r => r.P.Households),
        new("status", NpgsqlDbType.Integer, r => (int)r.P.Status),
        new("meeting_on", NpgsqlDbType.Date, r => r.P.MeetingOn),
        new("meeting_entitled", NpgsqlDbType.Integer, r => r.P.MeetingEntitled),
        new("meeting_present", NpgsqlDbType.Integer, r => r.P.MeetingPresent),
        new("meeting_for", NpgsqlDbType.Integer, r => r.P.MeetingFor),
        new("meeting_minutes", NpgsqlDbType.Varchar, r => r.P.MeetingMinutes),
        new("notice_from", NpgsqlDbType.Date, r => r.P.NoticeFrom),
        new("notice_to", NpgsqlDbType.Date, r => r.P.NoticeTo),
        new("notice_place", NpgsqlDbType.Varchar, r => r.P.NoticePlace),
        new("approved_on", NpgsqlDbType.Date, r => r.P.ApprovedOn),
        new("approved_by", NpgsqlDbType.Varchar, r => r.P.ApprovedBy),
        new("approval_opinion", NpgsqlDbType.Varchar, r => r.P.ApprovalOpinion),
        new("posted_on", NpgsqlDbType.Date, r => r.P.PostedOn),
        new("posted_by", NpgsqlDbType.Varchar, r => r.P.PostedBy),
        new("created_by", NpgsqlDbType.Varchar, r => r.P.CreatedBy),
        new("created_at", NpgsqlDbType.TimestampTz, r => r.P.CreatedAt.ToUniversalTime()),
        new("version", NpgsqlDbType.Integer, r => r.P.Version),
    ];

    private static readonly BulkColumn<PartRow>[] PartColumns =
    [
        new("plan_id", NpgsqlDbType.Bigint, r => r.PlanId),
        new("code", NpgsqlDbType.Varchar, r => r.P.Code),
        new("name", NpgsqlDbType.Varchar, r => r.P.Name),
        new("kind", NpgsqlDbType.Integer, r => (int)r.P.Kind),
        new("basis_points", NpgsqlDbType.Integer, r => r.P.BasisPoints),
        new("amount", NpgsqlDbType.Bigint, r => r.P.Amount.Fen),
    ];

    private static readonly BulkColumn<PlanLine>[] LineColumns =
    [
        new("plan_id", NpgsqlDbType.Bigint, l => l.PlanId.Value),
        new("county_code", NpgsqlDbType.Char, l => l.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, l => l.TownshipCode?.Value),
        new("village_code", NpgsqlDbType.Varchar, l => l.VillageCode?.Value),
        new("year", NpgsqlDbType.Integer, l => l.Year),
        new("household_id", NpgsqlDbType.Bigint, l => l.HouseholdId.Value),
        new("household_no", NpgsqlDbType.Varchar, l => l.HouseholdNo),
        new("head_name", NpgsqlDbType.Varchar, l => l.HeadName),
        new("people", NpgsqlDbType.Integer, l => l.People),
        new("weight", NpgsqlDbType.Bigint, l => l.Weight),
        new("minimum", NpgsqlDbType.Bigint, l => l.Minimum.Fen),
        new("weighted_floor", NpgsqlDbType.Bigint, l => l.WeightedFloor.Fen),
        new("remainder_fen", NpgsqlDbType.Integer, l => l.RemainderFen),
        new("amount", NpgsqlDbType.Bigint, l => l.Amount.Fen),
        new("exact_share", NpgsqlDbType.Varchar, l => l.ExactShare),
        new("payment", NpgsqlDbType.Integer, l => (int)l.Payment),
        new("batch_id", NpgsqlDbType.Bigint, l => l.BatchId?.Value),
        new("failure_reason", NpgsqlDbType.Varchar, l => l.FailureReason),
    ];

    private static readonly BulkColumn<JournalEntry>[] JournalColumns =
    [
        new("key", NpgsqlDbType.Varchar, j => j.Key),
        new("county_code", NpgsqlDbType.Char, j => j.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, j => j.TownshipCode?.Value),
        new("village_code", NpgsqlDbType.Varchar, j => j.VillageCode?.Value),
        new("plan_id", NpgsqlDbType.Bigint, j => j.PlanId.Value),
        new("batch_id", NpgsqlDbType.Bigint, j => j.BatchId?.Value),
        new("household_id", NpgsqlDbType.Bigint, j => j.HouseholdId?.Value),
        new("posted_on", NpgsqlDbType.Date, j => j.PostedOn),
        new("debit", NpgsqlDbType.Integer, j => (int)j.Debit),
        new("credit", NpgsqlDbType.Integer, j => (int)j.Credit),
        new("amount", NpgsqlDbType.Bigint, j => j.Amount.Fen),
        new("memo", NpgsqlDbType.Varchar, j => j.Memo),
        new("posted_by", NpgsqlDbType.Varchar, j => j.PostedBy),
        new("posted_at", NpgsqlDbType.TimestampTz, j => j.PostedAt.ToUniversalTime()),
    ];

    /// <summary>Writes new plans (and their parts) and returns the id each got, in the order given.</summary>
    public Task<long[]> WritePlansAsync(IReadOnlyList<DistributionPlan> plans, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plans);
        return InTransactionAsync(async (connection, tx) =>
        {
            var ids = await ReservePlanIdsAsync(connection, tx, plans.Count, ct);
            await using var sink = BulkSink.For(db, connection, tx);
            await sink.WriteAsync("distribution_plans", PlanColumns, plans.Select((p, i) => new PlanRow(ids[i], p)).ToList(), ct);
            await sink.WriteAsync("distribution_plan_parts", PartColumns, plans.SelectMany((p, i) => p.Parts.Select(part => new PartRow(ids[i], part))).ToList(), ct);
            return ids;
        }, ct);
    }

    /// <summary>Writes plan lines; <paramref name="table"/> other than plan_lines is for the benchmark's bare-insert baseline.</summary>
    public Task<int> WriteLinesAsync(IEnumerable<PlanLine> lines, Action<int>? progress, CancellationToken ct, string table = LinesTable) =>
        WriteAsync(table, LineColumns, lines, progress, ct);

    /// <summary>
    /// Writes journal entries. A key already posted fails the whole write (unique index on county and key): the
    /// caller's transaction then rolls back and nothing of the second posting remains.
    /// </summary>
    public Task<int> WriteJournalAsync(IEnumerable<JournalEntry> entries, Action<int>? progress, CancellationToken ct, string table = JournalTable) =>
        WriteAsync(table, JournalColumns, entries, progress, ct);

    /// <summary>
    /// Marks income rows as taken by their plan, only those still undistributed. Returns how many were taken: fewer
    /// than asked means another plan took some first, and the caller must roll back.
    /// </summary>
    public Task<int> TakeIncomesAsync(IReadOnlyList<(long IncomeId, long PlanId)> takes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(takes);
        return InTransactionAsync(async (connection, tx) =>
        {
            if (takes.Count == 0)
            {
                return 0;
            }
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            if (db.Provider == DatabaseProvider.Postgres)
            {
                // One statement for any number of rows: a round trip per row would cost more than the rest of the batch.
                cmd.CommandText = "UPDATE asset_incomes AS a SET plan_id = t.plan_id FROM unnest(@ids, @plans) AS t(id, plan_id) WHERE a.id = t.id AND a.plan_id IS NULL";
                cmd.Parameters.Add(new NpgsqlParameter<long[]>("ids", takes.Select(t => t.IncomeId).ToArray()));
                cmd.Parameters.Add(new NpgsqlParameter<long[]>("plans", takes.Select(t => t.PlanId).ToArray()));
                var changed = await cmd.ExecuteNonQueryAsync(ct);
                await RowSeals.ResealAsync(db, connection, tx, "asset_incomes", takes.Select(t => t.IncomeId).ToList(), ct);
                return changed;
            }
            cmd.CommandText = "UPDATE asset_incomes SET plan_id = $plan WHERE id = $id AND plan_id IS NULL";
            var plan = cmd.CreateParameter();
            plan.ParameterName = "$plan";
            cmd.Parameters.Add(plan);
            var id = cmd.CreateParameter();
            id.ParameterName = "$id";
            cmd.Parameters.Add(id);
            cmd.Prepare();
            var taken = 0;
            foreach (var (incomeId, planId) in takes)
            {
                plan.Value = planId;
                id.Value = incomeId;
                taken += await cmd.ExecuteNonQueryAsync(ct);
            }
            await RowSeals.ResealAsync(db, connection, tx, "asset_incomes", takes.Select(t => t.IncomeId).ToList(), ct);
            return taken;
        }, ct);
    }

    private Task<int> WriteAsync<T>(string table, BulkColumn<T>[] columns, IEnumerable<T> rows, Action<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return InTransactionAsync(async (connection, tx) =>
        {
            await using var sink = BulkSink.For(db, connection, tx);
            var batch = new List<T>(BatchSize);
            var written = 0;
            foreach (var row in rows)
            {
                batch.Add(row);
                if (batch.Count == BatchSize)
                {
                    await sink.WriteAsync(table, columns, batch, ct);
                    written += batch.Count;
                    batch.Clear();
                    progress?.Invoke(written);
                }
            }
            if (batch.Count > 0)
            {
                await sink.WriteAsync(table, columns, batch, ct);
                written += batch.Count;
                progress?.Invoke(written);
            }
            return written;
        }, ct);
    }

    private async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            var ambient = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var owned = ambient is null ? await connection.BeginTransactionAsync(ct) : null;
            var result = await work(connection, ambient ?? owned!);
            if (owned is not null)
            {
                await owned.CommitAsync(ct);
            }
            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<long[]> ReservePlanIdsAsync(DbConnection connection, DbTransaction tx, int count, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        var ids = new long[count];
        if (count == 0)
        {
            return ids;
        }
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // Taken from the identity itself, so an EF insert running at the same time gets another id.
            cmd.CommandText = "SELECT nextval(pg_get_serial_sequence('distribution_plans', 'id')) FROM generate_series(1, @n)";
            cmd.Parameters.Add(new NpgsqlParameter<int>("n", count));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            for (var i = 0; await reader.ReadAsync(ct); i++)
            {
                ids[i] = reader.GetInt64(0);
            }
            Array.Sort(ids);
            return ids;
        }
        // AUTOINCREMENT never reuses an id: start past both the largest row and the largest id ever handed out.
        cmd.CommandText = "SELECT MAX(COALESCE((SELECT MAX(id) FROM distribution_plans), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'distribution_plans'), 0))";
        var max = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            ids[i] = max + 1 + i;
        }
        return ids;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;
using RuralLedger.Core.Supervision;

namespace RuralLedger.Data.Bulk;

/// <summary>
/// Writes the warnings one rule raised in one county without change tracking, sealed, in the caller's transaction,
/// beside the one audit event the caller appends for them: through EF with an audit row each, a province's first run
/// (about 20,000 warnings) spent most of its time on one INSERT round trip per audit row. An open warning already
/// there for a target fails the write on the unique index over open warnings, and the caller's transaction rolls back.
/// </summary>
internal sealed class WarningBulkWriter(RuralDbContext db)
{
    private static readonly BulkColumn<AnomalyWarning>[] Columns =
    [
        new("rule_code", NpgsqlDbType.Varchar, w => w.RuleCode),
        new("rule_version", NpgsqlDbType.Integer, w => w.RuleVersion),
        new("severity", NpgsqlDbType.Integer, w => (int)w.Severity),
        new("target_kind", NpgsqlDbType.Varchar, w => w.TargetKind),
        new("target_id", NpgsqlDbType.Bigint, w => w.TargetId),
        new("target_label", NpgsqlDbType.Varchar, w => w.TargetLabel),
        new("detail", NpgsqlDbType.Varchar, w => w.Detail),
        new("link", NpgsqlDbType.Varchar, w => w.Link),
        new("county_code", NpgsqlDbType.Char, w => w.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, w => w.TownshipCode?.Value),
        new("village_code", NpgsqlDbType.Varchar, w => w.VillageCode?.Value),
        new("raised_at", NpgsqlDbType.TimestampTz, w => w.RaisedAt.ToUniversalTime()),
        new("status", NpgsqlDbType.Integer, w => (int)w.Status),
        new("version", NpgsqlDbType.Integer, w => w.Version),
    ];

    /// <returns>The ids given to the warnings, in their order.</returns>
    public async Task<long[]> WriteAsync(IReadOnlyList<AnomalyWarning> warnings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Warnings are written inside the run's transaction, with its audit event.");
        await using var sink = BulkSink.For(db, db.Database.GetDbConnection(), tx);
        return await sink.WriteAsync("anomaly_warnings", Columns, warnings, ct) ?? [];
    }
}

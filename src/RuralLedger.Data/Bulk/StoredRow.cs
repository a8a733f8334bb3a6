using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RuralLedger.Data.Sealing;

namespace RuralLedger.Data.Bulk;

/// <summary>
/// A row of a sealed table read whole: every sealed column as stored, in its layout's order, and the seal it had. A bulk
/// writer puts the new values in and writes the row back with its new seal in the same UPDATE
/// (<see cref="BulkSink.UpdateSealedAsync"/>), rather than updating it and reading it back to seal it
/// (docs/decisions/0040-repayment-import-projection.md). The seal as read guards that write: a row anyone changed since
/// it was read no longer matches.
/// </summary>
internal sealed class StoredRow(object?[] values, byte[]? seal)
{
    public object?[] Values { get; } = values;

    public byte[]? Seal { get; } = seal;

    /// <summary>
    /// The rows of <paramref name="layout"/>'s table that <paramref name="where"/> selects, on the context's open connection;
    /// <paramref name="extra"/> (", expression, …" or empty) is selected after the row, and <paramref name="each"/> reads it
    /// from the ordinal it is given.
    /// </summary>
    public static async Task ReadAsync(RuralDbContext db, SealLayout layout, string extra, string where, IReadOnlyList<(string Name, object? Value)> parameters,
        Action<StoredRow, DbDataReader, int> each, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(each);
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = $"SELECT {layout.SelectList}, {SealLayout.SealColumnName}{extra} FROM {layout.Table} WHERE {where}";
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var sealAt = layout.Columns.Count;
        while (await reader.ReadAsync(ct))
        {
            var values = new object?[layout.Columns.Count];
            layout.ReadRow(reader, values, db.Provider);
            each(new StoredRow(values, reader.IsDBNull(sealAt) ? null : reader.GetFieldValue<byte[]>(sealAt)), reader, sealAt + 1);
        }
    }
}

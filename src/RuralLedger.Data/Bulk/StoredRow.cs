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
    /// <paramref name="extra"/>, an integer expression, is selected after the row and handed to <paramref name="each"/>.
    /// </summary>
    public static async Task ReadAsync(RuralDbContext db, SealLayout layout, string extra, string where, IReadOnlyList<(string Name, object? Value)> parameters,
        Action<StoredRow, long> each, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(each);
        var sql = $"SELECT {layout.SelectList}, {SealLayout.SealColumnName}, {extra} FROM {layout.Table} WHERE {where}";
        var sealAt = layout.Columns.Count;
        if (db.Provider == DatabaseProvider.Sqlite && layout.Columns.All(c => Native(c.StoreType)))
        {
            // Microsoft.Data.Sqlite checks and boxes every value it hands out, and parses dates through a format string:
            // for a file's 100,000 loans of forty columns, most of the read. The native statement, by the store type.
            await using var rows = await BulkRows.OpenAsync(db, sql, parameters, ct);
            while (await rows.ReadAsync(ct))
            {
                var values = new object?[sealAt];
                for (var i = 0; i < sealAt; i++)
                {
                    values[i] = rows.IsNull(i) ? null : Stored(rows, i, layout.Columns[i].StoreType);
                }
                each(new StoredRow(values, rows.IsNull(sealAt) ? null : rows.Bytes(sealAt)), rows.Int64(sealAt + 1));
            }
            return;
        }
        await using var cmd = BulkRows.Command(db, sql, parameters);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var values = new object?[sealAt];
            layout.ReadRow(reader, values, db.Provider);
            each(new StoredRow(values, reader.IsDBNull(sealAt) ? null : reader.GetFieldValue<byte[]>(sealAt)), reader.GetInt64(sealAt + 1));
        }
    }

    // What SealLayout.Read makes of a SQLite value, for the store types read natively: text, blobs, dates as yyyy-MM-dd
    // text, and integers (numbers, flags, enums, instants as ticks) as long.
    private static bool Native(Type storeType) =>
        storeType == typeof(string) || storeType == typeof(byte[]) || storeType == typeof(DateOnly) || storeType == typeof(long) || storeType == typeof(int)
        || storeType == typeof(short) || storeType == typeof(byte) || storeType == typeof(bool);

    private static object Stored(BulkRows rows, int column, Type storeType) =>
        storeType == typeof(string) ? rows.Text(column)
        : storeType == typeof(byte[]) ? rows.Bytes(column)
        : storeType == typeof(DateOnly) ? rows.Date(column)
        : rows.Int64(column);
}

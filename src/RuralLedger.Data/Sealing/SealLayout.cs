using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Audit;
using RuralLedger.Core.Credit;

namespace RuralLedger.Data.Sealing;

/// <summary>One column a seal covers: its name, the EF property it maps, and the CLR type the provider stores.</summary>
public sealed record SealColumn(string Name, IProperty Property, Type StoreType);

/// <summary>
/// Which rows are sealed and how (docs/decisions/0031-row-sealing.md): every entity of the model except the few
/// named in <see cref="Unsealed"/>, each over its table name and all its columns in ordinal order of their names.
/// The same layout serves the app's saves, the bulk writers and the verifier, so all three encode a row alike.
/// </summary>
public sealed class SealLayout
{
    public const string SealProperty = "Seal";

    public const string SealColumnName = "seal";

    /// <summary>
    /// Entities left unsealed, each with its reason: the audit log has its own hash chain; a session's "last seen" is
    /// written past EF on every request, and a session row decides no money or right; number-series counters are
    /// bumped by an upsert on every numbered record and only hand out numbers (a number taken twice is refused by the
    /// records' unique keys); seal heads are the seals' own bookkeeping, keyed by construction; idempotency records are a
    /// 24-hour replay cache of answers, claimed and released by statements past EF, and decide nothing the records
    /// themselves don't (a replayed answer is the one the sealed records produced); payer links are a projection of the
    /// sealed repayments (their distinct payer, bank and loan), back-filled by a migration's SQL and rebuilt from the
    /// repayments by `rural loans payer-links` (decision 0047), so a row changed or removed is found against what it projects.
    /// </summary>
    public static readonly IReadOnlySet<Type> Unsealed = new HashSet<Type>
    {
        typeof(AuditEntry), typeof(UserSession), typeof(NumberSeriesCounter), typeof(SealHead), typeof(IdempotencyRecord),
        typeof(LoanPayerLink),
    };

    private static readonly ConcurrentDictionary<(IModel, string), SealLayout?> ByTable = new();

    private SealLayout(IEntityType entity, string table, IReadOnlyList<SealColumn> columns, int idIndex)
    {
        Entity = entity;
        Table = table;
        Columns = columns;
        IdIndex = idIndex;
    }

    public IEntityType Entity { get; }

    public string Table { get; }

    /// <summary>Every column but the seal, ordered by name.</summary>
    public IReadOnlyList<SealColumn> Columns { get; }

    /// <summary>Where the primary key (a single integer id) sits in <see cref="Columns"/>.</summary>
    public int IdIndex { get; }

    public string IdColumn => Columns[IdIndex].Name;

    /// <summary>Where <paramref name="column"/> sits in <see cref="Columns"/>.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column)
            {
                return i;
            }
        }
        throw new ArgumentException($"{Table} has no sealed column {column}.", nameof(column));
    }

    /// <summary>The columns for a SELECT, quoted: some names (key, from, to) are words of SQL.</summary>
    public string SelectList => string.Join(", ", Columns.Select(c => "\"" + c.Name + "\""));

    /// <summary>
    /// The layout as it was before <paramref name="added"/> columns existed: what rows sealed under an earlier schema were
    /// sealed over (<see cref="SealUpgrade"/>).
    /// </summary>
    public SealLayout Without(IReadOnlySet<string> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var columns = Columns.Where(c => !added.Contains(c.Name)).ToList();
        return new SealLayout(Entity, Table, columns, columns.FindIndex(c => c.Name == IdColumn));
    }

    public static bool IsSealed(IReadOnlyEntityType entity) =>
        entity.GetTableName() is not null && !Unsealed.Contains(entity.ClrType) && !entity.IsPropertyBag;

    /// <summary>Adds the seal column to every sealed entity; called while the model is built.</summary>
    internal static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(IsSealed).ToList())
        {
            entity.AddProperty(SealProperty, typeof(byte[])).IsNullable = true;
        }
    }

    public static IEnumerable<SealLayout> All(IModel model) =>
        model.GetEntityTypes().Where(IsSealed).Select(e => For(model, e.GetTableName()!)!).OrderBy(l => l.Table, StringComparer.Ordinal);

    /// <summary>The layout of <paramref name="table"/>, or null when its rows are not sealed.</summary>
    public static SealLayout? For(IModel model, string table) => ByTable.GetOrAdd((model, table), key =>
    {
        var entity = key.Item1.GetEntityTypes().SingleOrDefault(e => e.GetTableName() == key.Item2);
        if (entity is null || !IsSealed(entity))
        {
            return null;
        }
        var store = StoreObjectIdentifier.Table(key.Item2, entity.GetSchema());
        var columns = entity.GetFlattenedProperties()
            .Where(p => p.Name != SealProperty)
            .Select(p => new SealColumn(p.GetColumnName(store) ?? throw new InvalidOperationException($"{entity.DisplayName()}.{p.Name} has no column."), p, StoreTypeOf(p)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var pk = entity.FindPrimaryKey()?.Properties;
        if (pk is not { Count: 1 } || StoreTypeOf(pk[0]) != typeof(long) && StoreTypeOf(pk[0]) != typeof(int))
        {
            throw new InvalidOperationException($"Sealed table {key.Item2} needs a single integer id.");
        }
        return new SealLayout(entity, key.Item2, columns, columns.FindIndex(c => c.Property == pk[0]));
    });

    /// <summary>The stored value of <paramref name="column"/> in a tracked entry (after its value converter).</summary>
    public static object? StoredValue(EntityEntry entry, SealColumn column)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(column);
        var value = entry.CurrentValues[column.Property];
        return value is not null && column.Property.GetTypeMapping().Converter is { } converter ? converter.ConvertToProvider(value) : value;
    }

    /// <summary>The default a bulk writer leaves in a column it does not write (null unless the model declares one).</summary>
    public static object? DefaultOf(SealColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var value = column.Property.GetDefaultValue();
        return value is not null && column.Property.GetTypeMapping().Converter is { } converter && value.GetType() != column.StoreType
            ? converter.ConvertToProvider(value) : value;
    }

    /// <summary>Reads this layout's columns of the reader's current row (selected with <see cref="SelectList"/> first) into <paramref name="values"/>.</summary>
    public void ReadRow(DbDataReader reader, object?[] values, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < Columns.Count; i++)
        {
            values[i] = Read(reader, i, Columns[i], provider);
        }
    }

    /// <summary>Reads column <paramref name="ordinal"/> as its store type, so a row read back encodes as it was written.</summary>
    public static object? Read(DbDataReader reader, int ordinal, SealColumn column, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(column);
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        var sqlite = provider == DatabaseProvider.Sqlite;
        var t = column.StoreType;
        if (t == typeof(string))
        {
            return reader.GetString(ordinal);
        }
        if (t == typeof(byte[]))
        {
            return reader.GetFieldValue<byte[]>(ordinal);
        }
        if (t == typeof(DateOnly))
        {
            return sqlite ? DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture) : reader.GetFieldValue<DateOnly>(ordinal);
        }
        if (t == typeof(DateTimeOffset))
        {
            return reader.GetFieldValue<DateTimeOffset>(ordinal);
        }
        if (t == typeof(decimal))
        {
            return sqlite ? decimal.Parse(reader.GetString(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture) : reader.GetDecimal(ordinal);
        }
        if (t == typeof(double))
        {
            return reader.GetDouble(ordinal);
        }
        if (t == typeof(Guid))
        {
            return reader.GetGuid(ordinal);
        }
        return Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
    }

    private static Type StoreTypeOf(IReadOnlyProperty p)
    {
        var mapping = ((IProperty)p).GetTypeMapping();
        var t = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        return Nullable.GetUnderlyingType(t) ?? t;
    }
}

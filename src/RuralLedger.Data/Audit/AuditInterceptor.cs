using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using RuralLedger.Core.Audit;
using RuralLedger.Data.Sealing;

namespace RuralLedger.Data.Audit;

/// <summary>
/// Turns every SaveChanges into audit rows in the same transaction: who (from the context's AccessContext),
/// when, what, and the before/after values of the changed properties. Encrypted columns are never copied:
/// the audit shows their masked companions instead. It also seals the saved rows (docs/decisions/0031-row-sealing.md)
/// in the same transaction, before the audit rows are appended.
/// </summary>
public sealed class AuditInterceptor(AuditWriter writer, RowSealer sealer) : SaveChangesInterceptor
{
    public RowSealer Sealer { get; } = sealer;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private sealed class Pending
    {
        public required List<(EntityEntry Entry, EntityState State, Dictionary<string, string?>? Before, Dictionary<string, string?>? After)> Changes { get; init; }

        public required List<RowSeals.Change> Seals { get; init; }

        public IDbContextTransaction? OwnedTransaction { get; set; }
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is RuralDbContext db)
        {
            db.ChangeTracker.DetectChanges();
            var changes = db.ChangeTracker.Entries()
                .Where(e => e.Entity is not AuditEntry && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                // An update's new values are read now: once saved, EF accepts the changes and no property is "modified"
                // any more. A new row's values are read after saving, when its generated key is known.
                .Select(e => (e, e.State,
                    e.State == EntityState.Added ? null : Values(e, original: true, onlyModified: e.State == EntityState.Modified),
                    e.State == EntityState.Modified ? Values(e, original: false, onlyModified: true) : null))
                .ToList();
            if (changes.Count > 0)
            {
                var seals = changes.Select(c => RowSeals.Capture(c.e, c.State)).OfType<RowSeals.Change>().ToList();
                var pending = new Pending { Changes = changes, Seals = seals };
                if (db.Database.CurrentTransaction is null)
                {
                    pending.OwnedTransaction = await db.Database.BeginTransactionAsync(cancellationToken);
                }
                _pending.AddOrUpdate(db, pending);
            }
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        throw new InvalidOperationException("Use SaveChangesAsync: the audit trail is written asynchronously in the same transaction.");

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is RuralDbContext db && _pending.TryGetValue(db, out var pending))
        {
            _pending.Remove(db);
            try
            {
                await RowSeals.AfterSaveAsync(db, Sealer, pending.Seals, cancellationToken);
                var owners = new OwnerIndex(db);
                var records = pending.Changes.Select(c => ToRecord(c.Entry, c.State, c.Before, c.After, owners)).ToList();
                await writer.AppendInTransactionAsync(db, records, cancellationToken);
                if (pending.OwnedTransaction is not null)
                {
                    await pending.OwnedTransaction.CommitAsync(cancellationToken);
                }
            }
            finally
            {
                if (pending.OwnedTransaction is not null)
                {
                    await pending.OwnedTransaction.DisposeAsync();
                }
            }
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is RuralDbContext db && _pending.TryGetValue(db, out var pending))
        {
            _pending.Remove(db);
            if (pending.OwnedTransaction is not null)
            {
                await pending.OwnedTransaction.RollbackAsync(cancellationToken);
                await pending.OwnedTransaction.DisposeAsync();
            }
        }
    }

    private static AuditRecord ToRecord(EntityEntry entry, EntityState state, Dictionary<string, string?>? before, Dictionary<string, string?>? modified, OwnerIndex owners)
    {
        var after = state switch
        {
            EntityState.Deleted => null,
            EntityState.Modified => modified,
            _ => Values(entry, original: false, onlyModified: false),
        };
        var key = string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Format(entry.Property(p.Name).CurrentValue)));
        var county = CountyOf(entry, owners);
        var action = state switch
        {
            EntityState.Added => "create",
            EntityState.Modified => "update",
            EntityState.Deleted => "delete",
            _ => "change",
        };
        return new AuditRecord(
            string.IsNullOrEmpty(county) ? AuditWriter.SystemChain : county,
            action,
            entry.Metadata.ClrType.Name,
            key,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json));
    }

    /// <summary>The county of the record, or of its owner for owned rows (a household's status changes, an asset's shares).</summary>
    private static string? CountyOf(EntityEntry entry, OwnerIndex owners)
    {
        if (entry.Metadata.FindProperty("CountyCode") is { } cp)
        {
            return entry.Property(cp.Name).CurrentValue as string;
        }
        if (entry.Metadata.FindOwnership() is { } ownership)
        {
            var key = string.Join(",", ownership.Properties.Select(p => Format(entry.Property(p.Name).CurrentValue)));
            return owners.Find(ownership.PrincipalEntityType, key) is { } owner ? CountyOf(owner, owners) : null;
        }
        return null;
    }

    /// <summary>
    /// Tracked entries by type and key, built once per save: looking each owned row's owner up by scanning the
    /// tracker made a save of n owned rows cost n × (tracked entries).
    /// </summary>
    private sealed class OwnerIndex(DbContext db)
    {
        private Dictionary<(Microsoft.EntityFrameworkCore.Metadata.IEntityType, string), EntityEntry>? _index;

        public EntityEntry? Find(Microsoft.EntityFrameworkCore.Metadata.IEntityType type, string key)
        {
            _index ??= db.ChangeTracker.Entries()
                .Where(e => e.Metadata.FindPrimaryKey() is not null)
                .GroupBy(e => (e.Metadata, string.Join(",", e.Metadata.FindPrimaryKey()!.Properties.Select(p => Format(e.Property(p.Name).CurrentValue)))))
                .ToDictionary(g => g.Key, g => g.First());
            return _index.GetValueOrDefault((type, key));
        }
    }

    private static Dictionary<string, string?> Values(EntityEntry entry, bool original, bool onlyModified)
    {
        var values = new Dictionary<string, string?>();
        foreach (var p in entry.Properties)
        {
            if (onlyModified && !p.IsModified)
            {
                continue;
            }
            var name = p.Metadata.Name;
            if (p.Metadata.ClrType == typeof(byte[]) || name.Equals("PasswordHash", StringComparison.Ordinal))
            {
                // Ciphertexts, keyed hashes and password hashes stay out of the audit trail.
                if (onlyModified)
                {
                    values[name] = "（已变更，加密字段不记录明文）";
                }
                continue;
            }
            values[name] = Format(original ? p.OriginalValue : p.CurrentValue);
        }
        return values;
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

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

namespace RuralLedger.Data.Audit;

/// <summary>
/// Turns every SaveChanges into audit rows in the same transaction: who (from the context's AccessContext),
/// when, what, and the before/after values of the changed properties. Encrypted columns are never copied:
/// the audit shows their masked companions instead.
/// </summary>
public sealed class AuditInterceptor(AuditWriter writer) : SaveChangesInterceptor
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private sealed class Pending
    {
        public required List<(EntityEntry Entry, EntityState State, Dictionary<string, string?>? Before, Dictionary<string, string?>? ModifiedAfter)> Changes { get; init; }

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
                .Select(e => (e, e.State,
                    e.State == EntityState.Added ? null : Values(e, original: true, onlyModified: e.State == EntityState.Modified),
                    // Read before saving: once saved, the entry is accepted and no property is marked modified any more.
                    e.State == EntityState.Modified ? Values(e, original: false, onlyModified: true) : null))
                .ToList();
            if (changes.Count > 0)
            {
                var pending = new Pending { Changes = changes };
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
                var records = pending.Changes.Select(c => ToRecord(c.Entry, c.State, c.Before, c.ModifiedAfter)).ToList();
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

    private static AuditRecord ToRecord(EntityEntry entry, EntityState state, Dictionary<string, string?>? before, Dictionary<string, string?>? modifiedAfter)
    {
        // Added rows are read after saving, so that store-generated keys are in the record.
        var after = state switch
        {
            EntityState.Deleted => null,
            EntityState.Modified => modifiedAfter,
            _ => Values(entry, original: false, onlyModified: false),
        };
        var key = string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Format(entry.Property(p.Name).CurrentValue)));
        var county = CountyOf(entry);
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

    /// <summary>The county of the record, or of its owner for owned rows (a household's status changes).</summary>
    private static string? CountyOf(EntityEntry entry)
    {
        if (entry.Metadata.FindProperty("CountyCode") is { } cp)
        {
            return entry.Property(cp.Name).CurrentValue as string;
        }
        if (entry.Metadata.FindOwnership() is { } ownership)
        {
            var keys = ownership.Properties.Select(p => entry.Property(p.Name).CurrentValue).ToArray();
            var owner = entry.Context.ChangeTracker.Entries().FirstOrDefault(e =>
                e.Metadata == ownership.PrincipalEntityType
                && ownership.PrincipalKey.Properties.Select(p => e.Property(p.Name).CurrentValue).SequenceEqual(keys));
            return owner is null ? null : CountyOf(owner);
        }
        return null;
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

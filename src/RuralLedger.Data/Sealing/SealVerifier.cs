using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RuralLedger.Core.Audit;
using RuralLedger.Data.Audit;

namespace RuralLedger.Data.Sealing;

public enum SealProblem
{
    /// <summary>The row's content no longer matches its seal.</summary>
    Changed,

    /// <summary>The row is not in its table's heads: written past the application.</summary>
    Added,

    /// <summary>The heads hold a row the table no longer has.</summary>
    Removed,
}

/// <param name="Id">The row's id; null when several rows went missing from one bucket and only their range is known.</param>
public sealed record SealFinding(string Table, long? Id, SealProblem Problem, string Detail);

public sealed record SealReport(int Tables, long Rows, IReadOnlyList<SealFinding> Findings)
{
    public bool Clean => Findings.Count == 0;

    public static string Describe(SealFinding f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var what = f.Problem switch
        {
            SealProblem.Changed => "内容被改动（与封签不符）",
            SealProblem.Added => "在应用之外新增",
            _ => "在应用之外删除",
        };
        var id = f.Id is { } i ? i.ToString(CultureInfo.InvariantCulture) : "?";
        return string.Create(CultureInfo.InvariantCulture, $"{f.Table} id {id}：{what}{(f.Detail.Length > 0 ? "；" + f.Detail : "")}");
    }
}

/// <summary>
/// Checks every sealed row against its seal and every table against its heads (docs/decisions/0031-row-sealing.md):
/// names each row changed, added or removed outside the application. Reads each table once, as the provider stores it.
/// </summary>
public sealed class SealVerifier(RuralDbContext db)
{
    private sealed class Bucket
    {
        public long Count;
        public long IdSum;
        public long Presence;
        public readonly List<(long Id, long Presence, bool NoSeal)> Bad = [];
        public readonly HashSet<long> Ids = [];
    }

    public async Task<SealReport> VerifyAsync(CancellationToken ct)
    {
        var sealer = RowSeals.SealerOf(db);
        var findings = new List<SealFinding>();
        var heads = await db.Set<SealHead>().AsNoTracking().ToListAsync(ct);
        var layouts = SealLayout.All(db.Model).ToList();
        long rows = 0;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var layout in layouts)
            {
                var buckets = new Dictionary<long, Bucket>();
                await using (var cmd = db.Database.GetDbConnection().CreateCommand())
                {
                    cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                    cmd.CommandText = $"SELECT {layout.SelectList}, {SealLayout.SealColumnName} FROM {layout.Table}";
                    await using var reader = await cmd.ExecuteReaderAsync(ct);
                    var values = new object?[layout.Columns.Count];
                    var sealAt = layout.Columns.Count;
                    while (await reader.ReadAsync(ct))
                    {
                        rows++;
                        layout.ReadRow(reader, values, db.Provider);
                        var id = Convert.ToInt64(values[layout.IdIndex], CultureInfo.InvariantCulture);
                        var presence = sealer.Presence(layout.Table, id);
                        if (!buckets.TryGetValue(SealHead.BucketOf(id), out var b))
                        {
                            buckets[SealHead.BucketOf(id)] = b = new Bucket();
                        }
                        b.Count++;
                        b.IdSum += id;
                        b.Presence ^= presence;
                        b.Ids.Add(id);
                        var stored = reader.IsDBNull(sealAt) ? null : reader.GetFieldValue<byte[]>(sealAt);
                        if (stored is null || !CryptographicOperations.FixedTimeEquals(stored, sealer.Seal(layout, values)))
                        {
                            b.Bad.Add((id, presence, stored is null));
                        }
                    }
                }
                var expected = heads.Where(h => h.TableName == layout.Table).ToDictionary(h => h.Bucket);
                foreach (var bucket in buckets.Keys.Union(expected.Keys).Order())
                {
                    Explain(layout.Table, bucket, buckets.GetValueOrDefault(bucket) ?? new Bucket(), expected.GetValueOrDefault(bucket), sealer, findings);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return new SealReport(layouts.Count, rows, findings);
    }

    /// <summary>
    /// Sorts one bucket's differences from its head: the badly sealed rows whose absence makes the bucket add up were
    /// added outside the app, the rest were changed; what the head still holds beyond the rows was removed, named by
    /// id when one row is missing (the id sums differ by exactly it, and its presence value closes the XOR).
    /// </summary>
    private static void Explain(string table, long bucket, Bucket actual, SealHead? head, RowSealer sealer, List<SealFinding> findings)
    {
        var (n0, s0, x0) = head is null ? (0L, 0L, 0L) : (head.RowCount, head.IdSum, head.Presence);
        if (actual.Count == n0 && actual.IdSum == s0 && actual.Presence == x0)
        {
            findings.AddRange(actual.Bad.Select(b => new SealFinding(table, b.Id, SealProblem.Changed, "")));
            return;
        }
        var bad = actual.Bad;
        (int Mask, long? Removed, long Missing)? best = null;
        var limit = bad.Count <= 12 ? 1 << bad.Count : 0;
        for (var mask = 0; mask < limit; mask++)
        {
            long n = actual.Count, s = actual.IdSum, x = actual.Presence;
            for (var i = 0; i < bad.Count; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    n--;
                    s -= bad[i].Id;
                    x ^= bad[i].Presence;
                }
            }
            var missing = n0 - n;
            if (missing == 0 && s == s0 && x == x0)
            {
                best = (mask, null, 0);
                break;
            }
            if (missing == 1 && s0 - s is var id && !actual.Ids.Contains(id) && SealHead.BucketOf(id) == bucket && (x0 ^ x) == sealer.Presence(table, id))
            {
                best = (mask, id, 1);
                break;
            }
            if (missing > 1 && best is null)
            {
                best = (mask, null, missing);
            }
        }
        // Too many badly sealed rows to sort, or none that fits: the unsealed are the added ones.
        best ??= (bad.Select((b, i) => b.NoSeal ? 1 << i : 0).Aggregate(0, (a, v) => a | v), null, Math.Max(0, n0 - (actual.Count - bad.Count(b => b.NoSeal))));
        var (chosen, removed, count) = best.Value;
        for (var i = 0; i < bad.Count; i++)
        {
            var added = (chosen & (1 << i)) != 0;
            findings.Add(new SealFinding(table, bad[i].Id, added ? SealProblem.Added : SealProblem.Changed, ""));
        }
        if (removed is { } r)
        {
            findings.Add(new SealFinding(table, r, SealProblem.Removed, ""));
        }
        else if (count > 0)
        {
            var lo = bucket << SealHead.BucketBits;
            findings.Add(new SealFinding(table, null, SealProblem.Removed,
                string.Create(CultureInfo.InvariantCulture, $"编号 {lo}–{lo + (1 << SealHead.BucketBits) - 1} 之间少了 {count} 行")));
        }
        else if (bad.Count == 0)
        {
            findings.Add(new SealFinding(table, null, SealProblem.Removed,
                string.Create(CultureInfo.InvariantCulture, $"编号段 {bucket} 的行与校验头不符（行被替换或校验头被改动）")));
        }
    }

    /// <summary>
    /// Seals, once, the rows a database held before sealing existed (seal column still empty), and records in the
    /// audit log how many per table. Run when the Sealing migration is applied and by `rural audit seal --init`.
    /// </summary>
    public static async Task<int> InitAsync(RuralDbContext db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sealer = RowSeals.SealerOf(db);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var connection = db.Database.GetDbConnection();
            var dbTx = tx.GetDbTransaction();
            var heads = new SealHeadDelta(sealer);
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var layout in SealLayout.All(db.Model))
            {
                var seals = new List<(long Id, byte[] Seal)>();
                await using (var cmd = connection.CreateCommand())
                {
                    cmd.Transaction = dbTx;
                    cmd.CommandText = $"SELECT {layout.SelectList} FROM {layout.Table} WHERE {SealLayout.SealColumnName} IS NULL";
                    await using var reader = await cmd.ExecuteReaderAsync(ct);
                    var values = new object?[layout.Columns.Count];
                    while (await reader.ReadAsync(ct))
                    {
                        layout.ReadRow(reader, values, db.Provider);
                        var id = Convert.ToInt64(values[layout.IdIndex], CultureInfo.InvariantCulture);
                        seals.Add((id, sealer.Seal(layout, values)));
                        heads.Added(layout.Table, id);
                    }
                }
                await RowSeals.WriteSealsAsync(connection, dbTx, db.Provider, layout, seals, ct);
                if (seals.Count > 0)
                {
                    counts[layout.Table] = seals.Count;
                }
            }
            await heads.ApplyAsync(connection, dbTx, db.Provider, ct);
            var total = counts.Values.Sum();
            if (total > 0)
            {
                await new AuditWriter(clock).AppendAsync(db, [new AuditRecord(AuditWriter.SystemChain, InitAction, nameof(SealHead), "*", null, JsonSerializer.Serialize(counts))], ct);
            }
            await tx.CommitAsync(ct);
            return total;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public const string InitAction = "seal_init";

    /// <summary>The migration that adds the seal columns; applying it seals the rows already there.</summary>
    public const string Migration = "Sealing";

    /// <summary>Whether sealing was initialised before (the audit log holds its event).</summary>
    public static Task<bool> WasInitialisedAsync(RuralDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.AuditEntries.IgnoreQueryFilters().AnyAsync(a => a.Action == InitAction, ct);
    }
}

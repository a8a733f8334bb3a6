using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Audit;

namespace RuralLedger.Data.Audit;

public sealed record AuditBreak(string ChainKey, long Id, long Sequence, string Problem);

public sealed record AuditChainHead(string ChainKey, long Rows, string Hash);

public sealed record AuditVerification(IReadOnlyList<AuditChainHead> Chains, long Rows, AuditBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>
/// Walks every chain in sequence order and names the first row that does not fit: content edited (its hash no
/// longer matches), a row deleted (a gap in the sequence, or the next row's link points elsewhere), or rows
/// reordered (links out of order). Rows are streamed, so a chain of millions needs little memory.
/// The chain heads it reports can be written down (or published) to detect truncation of the newest rows.
/// </summary>
public sealed class AuditVerifier(RuralDbContext db)
{
    public Task<AuditVerification> VerifyAsync(CancellationToken ct) => VerifyAsync(null, ct);

    /// <summary>Verifies only the named chains (a county checks its own); null verifies every chain.</summary>
    public async Task<AuditVerification> VerifyAsync(IReadOnlyCollection<string>? chainKeys, CancellationToken ct)
    {
        var chains = await db.AuditEntries.AsNoTracking().Select(a => a.ChainKey).Distinct().OrderBy(k => k).ToListAsync(ct);
        if (chainKeys is not null)
        {
            chains = chains.Where(chainKeys.Contains).ToList();
        }
        var heads = new List<AuditChainHead>();
        long rows = 0;
        foreach (var chain in chains)
        {
            long expected = 1;
            var previous = AuditEntry.Genesis;
            await foreach (var row in db.AuditEntries.AsNoTracking().Where(a => a.ChainKey == chain).OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(ct))
            {
                rows++;
                var problem = row.Sequence != expected
                    ? (row.Sequence > expected ? $"序号 {expected}–{row.Sequence - 1} 的记录缺失（被删除）" : $"序号 {row.Sequence} 重复或顺序被调换")
                    : row.PreviousHash.Trim() != previous
                        ? "与前一条记录的哈希链接不符（前一条被删除、修改或顺序被调换）"
                        : row.ComputeHash() != row.Hash.Trim()
                            ? "记录内容与其哈希不符（被修改）"
                            : null;
                if (problem is not null)
                {
                    return new AuditVerification(heads, rows, new AuditBreak(chain, row.Id, row.Sequence, problem));
                }
                previous = row.Hash.Trim();
                expected++;
            }
            heads.Add(new AuditChainHead(chain, expected - 1, previous));
        }
        return new AuditVerification(heads, rows, null);
    }
}

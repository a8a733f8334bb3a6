using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RuralLedger.Data;
using RuralLedger.Data.Distribution;

namespace RuralLedger.Web.Features.Assets;

/// <summary>
/// Gives out the next number of a series per county and year — project "XM522699-2026-0001", asset
/// "ZC522699-2026-00001", contract "HT522699-2026-0001", certificate sequence 1, 2, … — inside a transaction that
/// holds the series' lock, so two officers never get the same number. The caller saves inside the returned
/// transaction and commits it.
/// </summary>
public sealed class Numbering(RuralDbContext db)
{
    /// <summary>SQLite transactions begin IMMEDIATE (one writer at a time); PostgreSQL takes a transaction-scoped advisory lock per series.</summary>
    public async Task<IDbContextTransaction> BeginAsync(string series, string countyCode, int year, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await SeriesLock.TakeAsync(db, series, countyCode, year, ct);
        return transaction ?? new NoTransaction();
    }

    public async Task<string> NextProjectCodeAsync(string countyCode, int year, CancellationToken ct)
    {
        var prefix = $"XM{countyCode}-{year}-";
        var last = await db.Projects.IgnoreQueryFilters().Where(p => p.CountyCode == countyCode && p.Code.StartsWith(prefix))
            .OrderByDescending(p => p.Code).Select(p => p.Code).FirstOrDefaultAsync(ct);
        return prefix + (Tail(last, prefix) + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Asset codes for several new assets at once (acceptance forms more than one).</summary>
    public async Task<IReadOnlyList<string>> NextAssetCodesAsync(string countyCode, int year, int count, CancellationToken ct)
    {
        var prefix = $"ZC{countyCode}-{year}-";
        var last = await db.Assets.IgnoreQueryFilters().Where(a => a.CountyCode == countyCode && a.Code.StartsWith(prefix))
            .OrderByDescending(a => a.Code).Select(a => a.Code).FirstOrDefaultAsync(ct);
        var next = Tail(last, prefix) + 1;
        return Enumerable.Range(next, count).Select(n => prefix + n.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    public async Task<string> NextContractNumberAsync(string countyCode, int year, CancellationToken ct)
    {
        var prefix = $"HT{countyCode}-{year}-";
        var last = await db.Contracts.IgnoreQueryFilters().Where(c => c.CountyCode == countyCode && c.Number.StartsWith(prefix))
            .OrderByDescending(c => c.Number).Select(c => c.Number).FirstOrDefaultAsync(ct);
        return prefix + (Tail(last, prefix) + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<int> NextCertificateSequenceAsync(string countyCode, int year, CancellationToken ct)
    {
        var last = await db.Certificates.IgnoreQueryFilters().Where(c => c.CountyCode == countyCode && c.Year == year)
            .MaxAsync(c => (int?)c.Sequence, ct);
        return (last ?? 0) + 1;
    }

    private static int Tail(string? code, string prefix) =>
        code is null ? 0 : int.Parse(code.AsSpan(prefix.Length), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Stands in when the caller already owns a transaction: disposing it must not end the caller's.</summary>
    private sealed class NoTransaction : IDbContextTransaction
    {
        public Guid TransactionId { get; } = Guid.NewGuid();

        public void Commit()
        {
        }

        public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public void Rollback()
        {
        }

        public Task RollbackAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}

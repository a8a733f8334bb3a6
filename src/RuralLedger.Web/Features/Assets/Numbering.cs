using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RuralLedger.Core.Areas;
using RuralLedger.Data;
using RuralLedger.Data.Distribution;

namespace RuralLedger.Web.Features.Assets;

/// <summary>
/// The numbers of the asset modules per county and year — project "XM522699-2026-0001", asset "ZC522699-2026-00001",
/// contract "HT522699-2026-0001", certificate sequence 1, 2, … and each village's plans "FP…-2026-01" — taken from
/// the <see cref="NumberSeries"/> counter, seeded with the highest number the table already holds. The caller saves
/// inside <see cref="BeginAsync"/>'s transaction, so a failed save gives its number back.
/// </summary>
public sealed class Numbering(RuralDbContext db)
{
    /// <summary>A transaction for the number and the record it numbers; when the caller already owns one, that one.</summary>
    public async Task<IDbContextTransaction> BeginAsync(CancellationToken ct) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : new NoTransaction();

    public async Task<string> NextProjectCodeAsync(string countyCode, int year, CancellationToken ct)
    {
        var prefix = $"XM{countyCode}-{year}-";
        var last = await db.Projects.IgnoreQueryFilters().Where(p => p.CountyCode == countyCode && p.Code.StartsWith(prefix))
            .OrderByDescending(p => p.Code).Select(p => p.Code).FirstOrDefaultAsync(ct);
        var next = await NumberSeries.NextAsync(db, "project", countyCode, year, seed: Tail(last, prefix), ct: ct);
        return prefix + next.ToString("D4", CultureInfo.InvariantCulture);
    }

    /// <summary>Asset codes for several new assets at once (acceptance forms more than one): one reserved block.</summary>
    public async Task<IReadOnlyList<string>> NextAssetCodesAsync(string countyCode, int year, int count, CancellationToken ct)
    {
        var prefix = $"ZC{countyCode}-{year}-";
        var last = await db.Assets.IgnoreQueryFilters().Where(a => a.CountyCode == countyCode && a.Code.StartsWith(prefix))
            .OrderByDescending(a => a.Code).Select(a => a.Code).FirstOrDefaultAsync(ct);
        var first = await NumberSeries.NextAsync(db, "asset", countyCode, year, count, Tail(last, prefix), ct);
        return Enumerable.Range(0, count).Select(i => prefix + (first + i).ToString("D5", CultureInfo.InvariantCulture)).ToList();
    }

    public async Task<string> NextContractNumberAsync(string countyCode, int year, CancellationToken ct)
    {
        var prefix = $"HT{countyCode}-{year}-";
        var last = await db.Contracts.IgnoreQueryFilters().Where(c => c.CountyCode == countyCode && c.Number.StartsWith(prefix))
            .OrderByDescending(c => c.Number).Select(c => c.Number).FirstOrDefaultAsync(ct);
        var next = await NumberSeries.NextAsync(db, "contract", countyCode, year, seed: Tail(last, prefix), ct: ct);
        return prefix + next.ToString("D4", CultureInfo.InvariantCulture);
    }

    public async Task<int> NextCertificateSequenceAsync(string countyCode, int year, CancellationToken ct)
    {
        var last = await db.Certificates.IgnoreQueryFilters().Where(c => c.CountyCode == countyCode && c.Year == year)
            .MaxAsync(c => (int?)c.Sequence, ct);
        return checked((int)await NumberSeries.NextAsync(db, "certificate", countyCode, year, seed: last ?? 0, ct: ct));
    }

    /// <summary>The next plan number of a village and year (a reversal takes one too).</summary>
    public async Task<string> NextPlanNumberAsync(DivisionCode village, int year, CancellationToken ct) =>
        await PlanNumbers.NextAsync(db, village, year, await PlanNumbers.TakenAsync(db, village.County, year, ct), ct);

    private static long Tail(string? code, string prefix) =>
        code is null ? 0 : long.Parse(code.AsSpan(prefix.Length), CultureInfo.InvariantCulture);

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

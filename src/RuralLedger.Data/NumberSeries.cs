using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;

namespace RuralLedger.Data;

/// <summary>
/// Numbers of a series per county and year — project, asset, contract and certificate numbers, each village's plan
/// numbers, a loan's — handed out by one atomic statement on the <c>number_series</c> counter: an
/// <c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c> that creates the counter or moves it on and answers where it
/// stands, so no two callers are ever given the same number and nothing is read first. Inside the caller's
/// transaction the counter moves with the record it numbers: a save that fails gives its numbers back.
/// </summary>
public static class NumberSeries
{
    /// <summary>
    /// Reserves <paramref name="count"/> consecutive numbers and returns the first.
    /// </summary>
    /// <param name="series">The series' name, e.g. "asset", "contract", "loan"; a series per village puts the village in it ("plan:522699…").</param>
    /// <param name="seed">
    /// The highest number already given out without the counter (found in the numbered table; 0 for a new module):
    /// databases numbered before the counter existed, and numbers typed in by an import, continue their sequence. A
    /// stale seed does no harm: the counter never goes back.
    /// </param>
    public static async Task<long> NextAsync(RuralDbContext db, string series, string countyCode, int year, int count = 1, long seed = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        var greatest = db.Provider == DatabaseProvider.Postgres ? "GREATEST" : "max";
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            cmd.CommandText = $"""
                INSERT INTO number_series (series, county_code, year, last) VALUES (@series, @county, @year, @seed + @count)
                ON CONFLICT (series, county_code, year) DO UPDATE SET last = {greatest}(number_series.last, @seed) + @count
                RETURNING last
                """;
            Add(cmd, "@series", series);
            Add(cmd, "@county", countyCode);
            Add(cmd, "@year", year);
            Add(cmd, "@seed", seed);
            Add(cmd, "@count", (long)count);
            var last = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            return last - count + 1;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Reserves the next number of each of several series of one county and year at once — a province's plans take one
    /// number per village — in statements of a few hundred rows instead of one round trip per series. Rows go in the
    /// order given: callers that share series pass them in the same (code) order, so two writers lock the counters
    /// alike. Returns each series' number.
    /// </summary>
    public static async Task<Dictionary<string, long>> NextForEachAsync(RuralDbContext db, IReadOnlyList<(string Series, long Seed)> series, string countyCode, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(series);
        var numbers = new Dictionary<string, long>(series.Count, StringComparer.Ordinal);
        if (series.Count == 0)
        {
            return numbers;
        }
        var greatest = db.Provider == DatabaseProvider.Postgres ? "GREATEST" : "max";
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var chunk in series.Chunk(ChunkRows))
            {
                await using var cmd = db.Database.GetDbConnection().CreateCommand();
                cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var values = new System.Text.StringBuilder();
                for (var i = 0; i < chunk.Length; i++)
                {
                    ArgumentOutOfRangeException.ThrowIfNegative(chunk[i].Seed);
                    values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@s{i}, @county, @year, @n{i} + 1)");
                    Add(cmd, $"@s{i}", chunk[i].Series);
                    Add(cmd, $"@n{i}", chunk[i].Seed);
                }
                Add(cmd, "@county", countyCode);
                Add(cmd, "@year", year);
                // excluded.last - 1 is the row's seed: the counter never goes back below what is stored.
                cmd.CommandText = $"""
                    INSERT INTO number_series (series, county_code, year, last) VALUES {values}
                    ON CONFLICT (series, county_code, year) DO UPDATE SET last = {greatest}(number_series.last, excluded.last - 1) + 1
                    RETURNING series, last
                    """;
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    numbers[reader.GetString(0)] = reader.GetInt64(1);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        if (numbers.Count != series.Select(s => s.Series).Distinct(StringComparer.Ordinal).Count())
        {
            throw new InvalidOperationException("number_series answered fewer counters than were asked for.");
        }
        return numbers;
    }

    /// <summary>Rows per statement: two parameters a row stays far below SQLite's and PostgreSQL's parameter limits.</summary>
    private const int ChunkRows = 500;

    private static void Add(System.Data.Common.DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}

/// <summary>
/// A row of <c>number_series</c>: where a series stands. A counter, not a record: it holds no one's data, is never read
/// through a query (so it has no scope filter) and is written only by <see cref="NumberSeries"/>; it is in the model so
/// both providers' migrations create the table.
/// </summary>
public sealed class NumberSeriesCounter
{
    private NumberSeriesCounter()
    {
    }

    public string Series { get; private set; } = "";

    public string CountyCode { get; private set; } = "";

    public int Year { get; private set; }

    public long Last { get; private set; }
}

internal sealed class NumberSeriesCounterConfiguration : IEntityTypeConfiguration<NumberSeriesCounter>
{
    public void Configure(EntityTypeBuilder<NumberSeriesCounter> b)
    {
        b.ToTable("number_series");
        b.HasKey(s => new { s.Series, s.CountyCode, s.Year });
        b.Property(s => s.Series).HasMaxLength(40);
        b.Property(s => s.CountyCode).HasMaxLength(6).IsFixedLength();
    }
}

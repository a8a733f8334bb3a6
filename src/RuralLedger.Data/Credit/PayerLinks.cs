using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;
using RuralLedger.Core.Credit;
using RuralLedger.Data.Bulk;

namespace RuralLedger.Data.Credit;

/// <summary>
/// Keeps <see cref="LoanPayerLink"/>s, the distinct (loan, payer account, payer name) of the repayments, in step with
/// them (decision 0047): every writer of repayments records the links its rows name, in its own transaction, and only
/// those not yet known, so a second file over the same loans writes almost nothing. Writers of a loan's repayments hold
/// its row (each updates the loan under its version guard first), so no other transaction adds the same link meanwhile;
/// should one anyway, the link's key refuses it and the caller's transaction rolls back as for any other race.
/// </summary>
public static class PayerLinks
{
    private static readonly BulkColumn<LoanPayerLink>[] Columns =
    [
        new("loan_id", NpgsqlDbType.Bigint, l => l.LoanId.Value),
        new("payer_account_hash", NpgsqlDbType.Bytea, l => l.PayerAccountHash),
        new("payer_name", NpgsqlDbType.Varchar, l => l.PayerName),
        new("county_code", NpgsqlDbType.Char, l => l.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, l => l.TownshipCode.Value),
        new("village_code", NpgsqlDbType.Varchar, l => l.VillageCode.Value),
        new("bank_code", NpgsqlDbType.Varchar, l => l.BankCode),
        new("payer_account_masked", NpgsqlDbType.Varchar, l => l.PayerAccountMasked),
    ];

    /// <summary>Records the links of repayments saved in the context's current transaction.</summary>
    public static async Task<int> RecordAsync(RuralDbContext db, IEnumerable<LoanPayerLink> links, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Payer links are written in the transaction that writes their repayments.");
        await using var sink = BulkSink.For(db, db.Database.GetDbConnection(), tx);
        return await RecordAsync(db, sink, links, ct);
    }

    /// <returns>How many links were new.</returns>
    internal static async Task<int> RecordAsync(RuralDbContext db, BulkSink sink, IEnumerable<LoanPayerLink> links, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(links);
        var fresh = new Dictionary<Key, LoanPayerLink>();
        foreach (var link in links)
        {
            fresh.TryAdd(new Key(link.LoanId.Value, link.PayerName, link.PayerAccountHash), link);
        }
        if (fresh.Count == 0)
        {
            return 0;
        }
        var loanIds = fresh.Keys.Select(k => k.Loan).Distinct().ToArray();
        foreach (var group in BulkRows.Groups(db, loanIds))
        {
            var (among, parameters) = BulkRows.Among(db, "loan_id", group);
            await using var read = await BulkRows.OpenAsync(db, $"SELECT loan_id, payer_account_hash, payer_name FROM loan_payer_links WHERE {among}", parameters, ct);
            while (await read.ReadAsync(ct))
            {
                fresh.Remove(new Key(read.Int64(0), read.Text(2), read.Bytes(1)));
            }
        }
        await sink.WriteAsync("loan_payer_links", Columns, [.. fresh.Values], ct);
        return fresh.Count;
    }

    /// <summary>
    /// Makes the links exactly the projection of the repayments: removes a link no repayment names as it stands, and adds
    /// every one missing (rows written before the links existed, or by a writer that forgot them). Returns both counts.
    /// </summary>
    public static async Task<(int Removed, int Added)> RebuildAsync(RuralDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var removed = await db.Database.ExecuteSqlRawAsync(
            "DELETE FROM loan_payer_links WHERE NOT EXISTS (SELECT 1 FROM loan_repayments r WHERE r.loan_id = loan_payer_links.loan_id "
            + "AND r.payer_account_hash = loan_payer_links.payer_account_hash AND r.payer_name = loan_payer_links.payer_name "
            + "AND r.county_code = loan_payer_links.county_code AND r.township_code = loan_payer_links.township_code "
            + "AND r.village_code = loan_payer_links.village_code AND r.bank_code = loan_payer_links.bank_code "
            + "AND r.payer_account_masked = loan_payer_links.payer_account_masked)", ct);
        // WHERE true: SQLite reads an ON CONFLICT after a bare SELECT's last clause as part of it.
        var added = await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO loan_payer_links (loan_id, payer_account_hash, payer_name, county_code, township_code, village_code, bank_code, payer_account_masked) "
            + "SELECT loan_id, payer_account_hash, payer_name, MIN(county_code), MIN(township_code), MIN(village_code), MIN(bank_code), MIN(payer_account_masked) "
            + "FROM loan_repayments WHERE true GROUP BY loan_id, payer_account_hash, payer_name ON CONFLICT DO NOTHING", ct);
        return (removed, added);
    }

    /// <summary>A link's key; the account hash compared by value.</summary>
    private readonly record struct Key(long Loan, string Name, byte[] Hash)
    {
        public bool Equals(Key other) => Loan == other.Loan && Name == other.Name && Hash.AsSpan().SequenceEqual(other.Hash);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Loan);
            hash.Add(Name);
            hash.AddBytes(Hash);
            return hash.ToHashCode();
        }
    }
}

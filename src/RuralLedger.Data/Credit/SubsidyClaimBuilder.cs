using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;
using RuralLedger.Data.Sealing;
using SQLitePCL;

namespace RuralLedger.Data.Credit;

/// <summary>
/// 贴息申报 of one bank and quarter, built the same way for the web app and <c>rural loans claims</c>, in one
/// transaction: the quarter's uncounted repayments of the bank are read once, the claim is saved (audited; the unique
/// key (county, bank, year, quarter) makes a second build — or ten at once — one 409), the subsidy is split over them
/// (<see cref="SubsidyClaim.Count"/>'s largest remainders) and they are counted in by one statement per provider
/// form that sets the claim, the part and the row's new seal only where no claim has counted the row yet. If it counts
/// fewer rows than were read (a concurrent build took some), the whole build rolls back as stale. Counting 100,000
/// repayments through the context took minutes and an audit row each; the one audit event of the marking names the
/// claim, its count and subsidy (docs/decisions/0035-claims-set-based.md).
/// </summary>
public static class SubsidyClaimBuilder
{
    private const string Table = "loan_repayments";

    public static async Task<SubsidyClaim> BuildAsync(RuralDbContext db, string county, string bank, int year, int quarter, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var (first, last) = SubsidyClaim.QuarterDates(year, quarter);
        await CreditReference.EnsureAsync(db, county, clock.GetUtcNow(), ct);
        var policy = CreditPolicyVersion.InForce(await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == county).ToListAsync(ct), last)
            ?? throw new DomainException(LoanErrors.NoPolicy, $"{BusinessCalendar.Format(last)} 本县没有生效的小额信贷政策。", "quarter");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var layout = SealLayout.For(db.Model, Table)!;
        var at = layout.Columns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var rows = await UncountedAsync(db, layout, county, bank, first, last, ct);
        if (rows.Count == 0)
        {
            if (await db.SubsidyClaims.AnyAsync(c => c.CountyCode == county && c.BankCode == bank && c.Year == year && c.Quarter == quarter, ct))
            {
                throw new ConflictException("loans.claim_exists", $"{year} 年第 {quarter} 季度该银行的贴息已经申报。", "quarter");
            }
            throw new DomainException("loans.claim_empty", $"{year} 年第 {quarter} 季度该银行没有未申报贴息的还款。", "quarter");
        }
        long Fen(object?[] row, string column) => (long)row[at[column]]!;
        var weights = rows.Select(r => Fen(r, "interest_on_time")).ToList();
        var basis = new ClaimBasis(rows.Count, rows.Select(r => Fen(r, "loan_id")).Distinct().Count(), Money.FromFen(weights.Sum()),
            Money.FromFen(rows.Sum(r => Fen(r, "interest_late"))));
        var bankName = await db.Loans.AsNoTracking().Where(l => l.BankCode == bank).Select(l => l.BankName).FirstAsync(ct);
        var claim = SubsidyClaim.Build(county, bank, bankName, year, quarter, policy, basis, BusinessCalendar.Today(clock), db.Access.ActorName, clock.GetUtcNow());
        db.SubsidyClaims.Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("loans.claim_exists", $"{bankName} {year} 年第 {quarter} 季度的贴息已经申报。", "quarter");
        }

        var parts = SubsidyClaim.Parts(claim.Subsidy, weights);
        var sealer = RowSeals.SealerOf(db);
        var counted = new Counted(new long[rows.Count], new long[rows.Count], new byte[rows.Count][]);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            row[at["claim_id"]] = claim.Id.Value;
            row[at["subsidy"]] = parts[i].Fen;
            counted.Ids[i] = (long)row[layout.IdIndex]!;
            counted.Subsidies[i] = parts[i].Fen;
            counted.Seals[i] = sealer.Seal(layout, row);
        }
        if (await CountInAsync(db, claim.Id.Value, counted, ct) != rows.Count)
        {
            // Another build counted some of these repayments in between.
            throw new ConflictException("loans.stale", "该贴息申报已被他人修改，请刷新页面后重新操作。");
        }
        await new AuditWriter(clock).AppendAsync(db, [new AuditRecord(county, "update", nameof(Repayment), $"claim:{claim.Id}", null,
            JsonSerializer.Serialize(new { claimId = claim.Id.Value, repayments = rows.Count, subsidy = claim.Subsidy.ToInvariantString() }))], ct);
        await transaction.CommitAsync(ct);
        return claim;
    }

    private sealed record Counted(long[] Ids, long[] Subsidies, byte[][] Seals);

    // Every sealed column, as the seal reads it, in the order the claim lists them (paid date, then id).
    private static async Task<List<object?[]>> UncountedAsync(RuralDbContext db, SealLayout layout, string county, string bank, DateOnly first, DateOnly last,
        CancellationToken ct)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = $"SELECT {layout.SelectList} FROM {Table} WHERE county_code = @county AND bank_code = @bank AND paid_on >= @first AND paid_on <= @last "
            + "AND claim_id IS NULL ORDER BY paid_on, id";
        foreach (var (name, value) in new (string, object)[] { ("county", county), ("bank", bank), ("first", BulkRows.DateParameter(db, first)), ("last", BulkRows.DateParameter(db, last)) })
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        var rows = new List<object?[]>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var values = new object?[layout.Columns.Count];
            layout.ReadRow(reader, values, db.Provider);
            rows.Add(values);
        }
        return rows;
    }

    /// <summary>Sets claim, part and seal where no claim counted the row yet; returns the rows counted.</summary>
    private static async Task<int> CountInAsync(RuralDbContext db, long claim, Counted counted, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection is NpgsqlConnection)
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            cmd.CommandText = $"UPDATE {Table} AS t SET claim_id = @claim, subsidy = s.subsidy, seal = s.seal FROM unnest(@ids, @subsidies, @seals) AS s(id, subsidy, seal) "
                + "WHERE t.id = s.id AND t.claim_id IS NULL";
            cmd.Parameters.Add(new NpgsqlParameter<long>("claim", claim));
            cmd.Parameters.Add(new NpgsqlParameter<long[]>("ids", counted.Ids));
            cmd.Parameters.Add(new NpgsqlParameter<long[]>("subsidies", counted.Subsidies));
            cmd.Parameters.Add(new NpgsqlParameter<byte[][]>("seals", counted.Seals));
            return await cmd.ExecuteNonQueryAsync(ct);
        }
        // SQLite: one prepared statement bound by position through the native handle, as the bulk sink inserts.
        var native = ((SqliteConnection)connection).Handle!;
        Check(raw.sqlite3_prepare_v2(native, $"UPDATE {Table} SET claim_id = ?, subsidy = ?, seal = ? WHERE id = ? AND claim_id IS NULL", out var stmt), native);
        using (stmt)
        {
            var changed = 0;
            for (var i = 0; i < counted.Ids.Length; i++)
            {
                ct.ThrowIfCancellationRequested();
                Check(raw.sqlite3_bind_int64(stmt, 1, claim), native);
                Check(raw.sqlite3_bind_int64(stmt, 2, counted.Subsidies[i]), native);
                Check(raw.sqlite3_bind_blob(stmt, 3, counted.Seals[i]), native);
                Check(raw.sqlite3_bind_int64(stmt, 4, counted.Ids[i]), native);
                var rc = raw.sqlite3_step(stmt);
                raw.sqlite3_reset(stmt);
                if (rc != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(rc, native);
                }
                changed += raw.sqlite3_changes(native);
            }
            return changed;
        }
    }

    private static void Check(int rc, sqlite3 native)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, native);
        }
    }
}

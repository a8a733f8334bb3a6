using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;
using RuralLedger.Data.Imports;
using RuralLedger.Data.Sealing;

namespace RuralLedger.Data.Credit;

/// <summary>A repayment row the import would record (or recorded), with how its interest splits for the subsidy.</summary>
public sealed record RepaymentImportItem(int Row, string LoanNumber, DateOnly PaidOn, Money Principal, Money Interest, Money InterestOnTime, Money InterestLate);

/// <summary>
/// The outcome of a preview or a confirmation: rows read, new and already recorded (skipped), the errors by row and
/// column. <see cref="Items"/> shows the first <see cref="RepaymentImport.ShownItems"/> new rows; <see cref="Token"/>
/// names the kept file while it awaits confirmation.
/// </summary>
public sealed record RepaymentImportResult(string? Token, string FileName, string Sha256, int Rows, int New, int Existing, IReadOnlyList<RepaymentImportItem> Items,
    IReadOnlyList<ImportError> Errors, bool Written)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>
/// A bank's repayment file (xlsx, or CSV in UTF-8 or GBK: 贷款编号, 还款日期, 还款本金（元）, 还款利息（元）, 还款人姓名, 还款账号), all or nothing,
/// set-based (docs/decisions/0034-set-based-repayment-import.md, 0040-repayment-import-projection.md). The file's loans are
/// read in a few queries as plain rows with their open instalments; every row is applied to its loan in date order in
/// memory by the loan's own rules (<see cref="RepayingLoan"/>); any error and nothing is saved. A row already recorded
/// (same loan, day, principal, interest) is skipped, so importing the same file again changes nothing. A valid file is written in bulk in one transaction with one audit event naming the file.
/// </summary>
public sealed class RepaymentImport(RuralDbContext db, PersonalDataVault vault, TimeProvider clock, AuditWriter audit)
{
    public const int MaxRows = 200_000;

    public const int ShownItems = 200;

    public const string Sheet = "还款明细";

    private const string Prefix = "loans.";

    private static readonly (string Header, string Field)[] Columns =
    [
        ("贷款编号", "loanNumber"), ("还款日期", "paidOn"), ("还款本金（元）", "principal"), ("还款利息（元）", "interest"), ("还款人姓名", "payerName"), ("还款账号", "payerAccount"),
    ];

    private static readonly JsonSerializerOptions AuditJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private sealed record Row(int Number, string LoanNumber, DateOnly PaidOn, Money Principal, Money Interest, string PayerName, string PayerAccount);

    /// <summary>A loan of the file as read: its repayment state and its row.</summary>
    private sealed record ReadLoan(RepayingLoan Loan, StoredRow Row);

    public Task<RepaymentImportResult> PreviewAsync(StoredImport file, CancellationToken ct) => RunAsync(file, write: false, ct);

    public Task<RepaymentImportResult> ImportAsync(StoredImport file, CancellationToken ct) => RunAsync(file, write: true, ct);

    /// <summary>An empty sheet with the columns, for banks to fill.</summary>
    public static async Task<byte[]> TemplateAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var row = Columns.ToDictionary(c => c.Header, c => (object?)null);
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { [Sheet] = new[] { row } }, cancellationToken: ct);
        return buffer.ToArray();
    }

    private async Task<RepaymentImportResult> RunAsync(StoredImport file, bool write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<ImportError>();
        List<Row> rows;
        using (var workbook = file.Open())
        {
            rows = Read(workbook, BusinessCalendar.Today(clock), errors);
        }
        // Reads a fifth of the loan book and updates lines all over it: the bulk page cache, not the default 2 MiB.
        await using var bulk = await SqliteTuning.BeginBulkWriteAsync(db, ct);
        var lineSeals = new Dictionary<long, byte[]?>();
        var loans = await LoansAsync(rows, lineSeals, ct);
        var recorded = rows.Count == 0 ? [] : await RecordedAsync(loans.Values.Select(l => l.Loan.Id.Value).ToList(), rows.Min(r => r.PaidOn), rows.Max(r => r.PaidOn), ct);
        var by = db.Access.ActorName;
        var now = clock.GetUtcNow();
        // Rows whose cells were bad are already out; the others are still checked against their loans, so one preview
        // lists every problem of the file. Each loan's rows go in date order; loans are independent of each other.
        var byLoan = new Dictionary<string, (ReadLoan Loan, List<Row> Rows)>(loans.Count, StringComparer.Ordinal);
        foreach (var row in rows.OrderBy(r => r.PaidOn).ThenBy(r => r.Number))
        {
            if (loans.TryGetValue(row.LoanNumber, out var read))
            {
                if (!byLoan.TryGetValue(row.LoanNumber, out var group))
                {
                    byLoan[row.LoanNumber] = group = (read, []);
                }
                group.Rows.Add(row);
            }
            else
            {
                errors.Add(new ImportError(row.Number, "贷款编号", "loans.unknown_loan", $"贷款编号 {row.LoanNumber} 不存在或不在您的权限范围内。"));
            }
        }
        // Each payer account encrypted and hashed once, on every core, before the rows are applied: read-only while they are.
        var accountNumbers = rows.Select(r => r.PayerAccount).Distinct(StringComparer.Ordinal).ToArray();
        var protectedAccounts = new (byte[] Cipher, byte[] Hash, string Masked)[accountNumbers.Length];
        Parallel.For(0, accountNumbers.Length, new ParallelOptions { CancellationToken = ct },
            k => protectedAccounts[k] = (vault.Encrypt(accountNumbers[k]), vault.LookupHash(accountNumbers[k]), Repayment.Mask(accountNumbers[k])));
        var accounts = new Dictionary<string, (byte[] Cipher, byte[] Hash, string Masked)>(accountNumbers.Length, StringComparer.Ordinal);
        for (var k = 0; k < accountNumbers.Length; k++)
        {
            accounts[accountNumbers[k]] = protectedAccounts[k];
        }
        var groups = byLoan.Values.ToArray();
        var applied = new Applied[groups.Length];
        // The rules of a loan are its own: a year's file is 100,000 loans, applied on every core.
        Parallel.For(0, groups.Length, new ParallelOptions { CancellationToken = ct }, k => applied[k] = Apply(groups[k].Loan, groups[k].Rows, recorded, accounts, by, now));
        var existing = applied.Sum(a => a.Existing);
        errors.AddRange(applied.SelectMany(a => a.Errors));
        var touched = applied.Where(a => a.Before is not null).ToDictionary(a => a.Loan.Loan.Id, a => a.Loan);
        var before = applied.Where(a => a.Before is not null).SelectMany(a => a.Before!).ToDictionary(b => b.Key, b => b.Value);
        // Written, and shown, in the order of the file's days, as one loan after another would have them.
        var booked = applied.SelectMany(a => a.Booked).OrderBy(b => b.Row.PaidOn).ThenBy(b => b.Row.Number).ToList();
        var repayments = booked.ConvertAll(b => b.Repayment);
        var items = booked.Take(ShownItems).Select(b => new RepaymentImportItem(b.Row.Number, b.Row.LoanNumber, b.Row.PaidOn, b.Split.Principal, b.Split.Interest,
            b.Split.InterestOnTime, b.Split.InterestLate)).ToList();
        var written = false;
        if (errors.Count == 0 && write && repayments.Count > 0)
        {
            var changed = touched.Values
                .SelectMany(l => l.Loan.Open.Where(i => before[i.Id] != (i.PrincipalPaid, i.InterestPaid, i.SettledOn, i.Superseded)).Select(i => new RepaidInstalment(i, lineSeals[i.Id])))
                .ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            bool current;
            try
            {
                current = await new RepaymentBulkWriter(db).WriteAsync([.. touched.Values.Select(l => new RepaidLoan(l.Loan, l.Row))], changed, repayments, ct);
            }
            catch (Exception e) when (DbErrors.IsUniqueViolation(e))
            {
                current = false;
            }
            if (!current)
            {
                throw new ConflictException("loans.import_race", "其中有贷款刚登记了其他还款（可能是同一文件正被另一次导入写入），请重新预览。", "file");
            }
            await audit.AppendAsync(db, [new AuditRecord(db.Access.Scope.CountyCode is { Length: > 0 } county ? county : touched.Values.First().Loan.CountyCode, "import", nameof(Repayment), "*", null,
                JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["source"] = "bank-file", ["file"] = file.FileName, ["sha256"] = file.Sha256, ["rows"] = rows.Count, ["count"] = repayments.Count,
                    ["existing"] = existing, ["loans"] = touched.Count, ["principal"] = Money.Sum(repayments.Select(r => r.Principal)).ToInvariantString(),
                    ["interest"] = Money.Sum(repayments.Select(r => r.Interest)).ToInvariantString(),
                }, AuditJson))], ct);
            await transaction.CommitAsync(ct);
            written = true;
        }
        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        var valid = errors.Count == 0;
        return new RepaymentImportResult(file.Id, file.FileName, file.Sha256, rows.Count, valid ? repayments.Count : 0, existing,
            valid ? items.OrderBy(i => i.Row).ToList() : [], errors, written);
    }

    /// <summary>What a loan's rows did: the repayments booked (with their rows), the rows' errors, those already recorded, and
    /// the loan's lines as read when a row reached it (null when none did).</summary>
    private sealed record Applied(ReadLoan Loan, List<(Row Row, Repayment Repayment, RepaymentSplit Split)> Booked, List<ImportError> Errors, int Existing,
        List<KeyValuePair<long, (Money, Money, DateOnly?, bool)>>? Before);

    /// <summary>One loan's rows of the file, in date order, by the loan's own rules.</summary>
    private static Applied Apply(ReadLoan read, List<Row> rows, HashSet<(long, DateOnly, long, long)> recorded,
        Dictionary<string, (byte[] Cipher, byte[] Hash, string Masked)> accounts, string by, DateTimeOffset now)
    {
        var loan = read.Loan;
        var booked = new List<(Row, Repayment, RepaymentSplit)>(rows.Count);
        var errors = new List<ImportError>();
        var existing = 0;
        List<KeyValuePair<long, (Money, Money, DateOnly?, bool)>>? before = null;
        var seen = rows.Count > 1 ? new HashSet<(DateOnly, Money, Money)>(rows.Count) : null;
        foreach (var row in rows)
        {
            if (seen is not null && !seen.Add((row.PaidOn, row.Principal, row.Interest)))
            {
                errors.Add(new ImportError(row.Number, "贷款编号", "loans.import_duplicate_row", "文件中有同一贷款、日期、本金、利息完全相同的两行。"));
                continue;
            }
            if (recorded.Contains((loan.Id.Value, row.PaidOn, row.Principal.Fen, row.Interest.Fen)))
            {
                existing++;
                continue;
            }
            before ??= [.. loan.Open.Select(i => KeyValuePair.Create(i.Id, (i.PrincipalPaid, i.InterestPaid, i.SettledOn, i.Superseded)))];
            try
            {
                var split = loan.Repay(row.PaidOn, row.Principal, row.Interest, by, now);
                var account = accounts[row.PayerAccount];
                booked.Add((row, new Repayment(loan, row.PaidOn, split, row.PayerName, account.Cipher, account.Hash, account.Masked, RepaymentSource.Imported, by, now), split));
            }
            catch (DomainException e) when (e is not NotFoundException)
            {
                errors.Add(new ImportError(row.Number, HeaderOf(e.Field), e.Code, e.Message));
            }
        }
        return new Applied(read, booked, errors, existing, before);
    }

    /// <summary>
    /// The file's loans in scope, by number, as plain rows with their open instalments: the rows are applied to these and
    /// the differences written in bulk. A few queries of <see cref="BulkRows.IdBatch"/> numbers each, not one per row; the scope is the
    /// query filters' (the ids by number through EF). The loans are then read whole by id, for their seals; the lines,
    /// a dozen a loan, as typed values and their seals (every column of a line is in <see cref="LoanInstalment"/>).
    /// A file of a few months reaches only the oldest of them: the lines due by its last day are read first, and the
    /// rest only for the loans whose rows would go beyond those (<see cref="RepayingLoan.Reaches"/>).
    /// </summary>
    private async Task<Dictionary<string, ReadLoan>> LoansAsync(List<Row> rows, Dictionary<long, byte[]?> lineSeals, CancellationToken ct)
    {
        var layout = SealLayout.For(db.Model, "loans")!;
        int L(string column) => layout.IndexOf(column);
        var (id, number, county, township, village, bank, status, disbursedOn, disbursed, principalRepaid, interestRepaid, version) = (L("id"), L("number"),
            L("county_code"), L("township_code"), L("village_code"), L("bank_code"), L("status"), L("disbursed_on"), L("disbursed_amount"), L("principal_repaid"),
            L("interest_repaid"), L("version"));
        var asked = rows.GroupBy(r => r.LoanNumber, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Principal: Money.Sum(g.Select(r => r.Principal)), Interest: Money.Sum(g.Select(r => r.Interest))), StringComparer.Ordinal);
        var dueBy = rows.Count == 0 ? (DateOnly?)null : rows.Max(r => r.PaidOn);
        var found = new Dictionary<string, ReadLoan>(StringComparer.Ordinal);
        var ids = new List<long>(asked.Count);
        foreach (var chunk in BulkRows.Groups(db, asked.Keys))
        {
            // One parameter for the whole chunk: thousands of single ones cost SQLite a quadratic bind.
            ids.AddRange(await db.Loans.AsNoTracking().Where(l => EF.Parameter(chunk).Contains(l.Number)).Select(l => l.Id.Value).ToListAsync(ct));
        }
        ids.Sort();
        // PostgreSQL reads the file's loans in one statement a table, their ids an array: given a list of thousands, it
        // scans the million lines once a list. SQLite looks each list up in the index, a few thousand at a time.
        foreach (var group in BulkRows.Groups(db, ids))
        {
            var oldest = await LinesAsync(group, dueBy, lineSeals, ct);
            var read = new List<(Func<IEnumerable<LoanInstalment>, bool, RepayingLoan> Make, StoredRow Row)>(group.Length);
            var (where, parameters) = BulkRows.Among(db, "id", group);
            await StoredRow.ReadAsync(db, layout, "(SELECT COUNT(*) FROM loan_steps s WHERE s.loan_id = loans.id)", where, parameters, (row, stepCount) =>
            {
                var v = row.Values;
                var steps = (int)stepCount;
                read.Add(((lines, all) => new RepayingLoan(new LoanId(Long(v[id])), (string)v[number]!, (string)v[county]!, DivisionCode.Parse((string)v[township]!),
                    DivisionCode.Parse((string)v[village]!), (string)v[bank]!, (LoanStatus)Long(v[status]), (DateOnly?)v[disbursedOn], Money.FromFen(Long(v[disbursed])),
                    Money.FromFen(Long(v[principalRepaid])), Money.FromFen(Long(v[interestRepaid])), (int)Long(v[version]), steps, lines, all), row));
            }, ct);
            var beyond = new List<(Func<IEnumerable<LoanInstalment>, bool, RepayingLoan> Make, StoredRow Row)>();
            foreach (var (make, row) in read)
            {
                var loan = make(oldest.TryGetValue(Long(row.Values[id]), out var open) ? open : [], dueBy is null);
                var (principal, interest) = asked[loan.Number];
                if (loan.Reaches(principal, interest))
                {
                    found[loan.Number] = new ReadLoan(loan, row);
                }
                else
                {
                    beyond.Add((make, row));
                }
            }
            if (beyond.Count > 0)
            {
                var all = await LinesAsync([.. beyond.Select(b => Long(b.Row.Values[id]))], null, lineSeals, ct);
                foreach (var (make, row) in beyond)
                {
                    var loan = make(all.TryGetValue(Long(row.Values[id]), out var open) ? open : [], true);
                    found[loan.Number] = new ReadLoan(loan, row);
                }
            }
        }
        return found;
    }

    /// <summary>
    /// The open lines of these loans (all, or those due by <paramref name="dueBy"/>), by loan, with their seals. A line
    /// paid in full is out of reach of any repayment, unless it has no interest (<see cref="Loan.Allocate"/>).
    /// </summary>
    private async Task<Dictionary<long, List<LoanInstalment>>> LinesAsync(long[] loanIds, DateOnly? dueBy, Dictionary<long, byte[]?> seals, CancellationToken ct)
    {
        var lines = new Dictionary<long, List<LoanInstalment>>(loanIds.Length);
        var (among, parameters) = BulkRows.Among(db, "loan_id", loanIds);
        await using var read = await BulkRows.OpenAsync(db,
            "SELECT id, loan_id, seq, period_start, due_on, principal, interest, principal_paid, interest_paid, settled_on, seal FROM loan_instalments "
            + $"WHERE {among} AND NOT superseded AND (principal_paid < principal OR interest_paid < interest OR interest = 0)"
            + (dueBy is null ? "" : " AND due_on <= @due"),
            dueBy is { } day ? [.. parameters, ("@due", BulkRows.DateParameter(db, day))] : parameters, ct);
        while (await read.ReadAsync(ct))
        {
            var loanId = read.Int64(1);
            var line = LoanInstalment.Stored(read.Int64(0), new LoanId(loanId), read.Int32(2), read.Date(3), read.Date(4), Money.FromFen(read.Int64(5)),
                Money.FromFen(read.Int64(6)), Money.FromFen(read.Int64(7)), Money.FromFen(read.Int64(8)), read.IsNull(9) ? null : read.Date(9));
            seals[line.Id] = read.IsNull(10) ? null : read.Bytes(10);
            if (!lines.TryGetValue(loanId, out var list))
            {
                lines[loanId] = list = [];
            }
            list.Add(line);
        }
        return lines;
    }

    private static long Long(object? stored) => Convert.ToInt64(stored, CultureInfo.InvariantCulture);

    /// <summary>The bookings already recorded for these loans (in scope: read through the loans) in the file's days: loan,
    /// day, principal and interest in fen.</summary>
    private async Task<HashSet<(long, DateOnly, long, long)>> RecordedAsync(List<long> loanIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var result = new HashSet<(long, DateOnly, long, long)>();
        foreach (var group in BulkRows.Groups(db, loanIds))
        {
            var (among, parameters) = BulkRows.Among(db, "loan_id", group);
            await using var read = await BulkRows.OpenAsync(db, $"SELECT loan_id, paid_on, principal, interest FROM loan_repayments WHERE {among} AND paid_on >= @from AND paid_on <= @to",
                [.. parameters, ("@from", BulkRows.DateParameter(db, from)), ("@to", BulkRows.DateParameter(db, to))], ct);
            while (await read.ReadAsync(ct))
            {
                result.Add((read.Int64(0), read.Date(1), read.Int64(2), read.Int64(3)));
            }
        }
        return result;
    }

    private static string HeaderOf(string? field) => Columns.FirstOrDefault(c => c.Field == field).Header ?? "贷款编号";

    private static List<Row> Read(Stream workbook, DateOnly today, List<ImportError> errors)
    {
        var rows = new List<Row>();
        var letters = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (IDictionary<string, object?> cells in ImportSheets.Lines(workbook, Sheet))
        {
            number++;
            if (number == 1)
            {
                if (!ImportSheets.Headers(cells, Columns.Select(c => c.Header), letters, errors, Prefix))
                {
                    return rows;
                }
                continue;
            }
            object? Cell(string header) => cells.TryGetValue(letters[header], out var v) ? v : null;
            if (Columns.All(c => Cells.Text(Cell(c.Header)).Length == 0))
            {
                continue;
            }
            if (rows.Count == MaxRows)
            {
                errors.Add(new ImportError(number, "贷款编号", "loans.import_too_many_rows", $"一次最多导入 {MaxRows:N0} 行，请分批导入。"));
                return rows;
            }
            var before = errors.Count;
            var loanNumber = Cells.Text(Cell("贷款编号"));
            if (loanNumber.Length == 0)
            {
                errors.Add(new ImportError(number, "贷款编号", "loans.import_required", "贷款编号不能为空。"));
            }
            DateOnly? paidOn = Cells.TryDate(Cell("还款日期"), out var d) ? d : null;
            if (paidOn is null)
            {
                errors.Add(new ImportError(number, "还款日期", "loans.import_date", "还款日期应为日期（yyyy-MM-dd）。"));
            }
            else if (paidOn > today)
            {
                errors.Add(new ImportError(number, "还款日期", "input.future_date", $"还款日期不能晚于今天（{BusinessCalendar.Format(today)}）。"));
            }
            var principal = ImportSheets.Amount(number, "还款本金（元）", Cell("还款本金（元）"), errors, Prefix);
            var interest = ImportSheets.Amount(number, "还款利息（元）", Cell("还款利息（元）"), errors, Prefix);
            var payer = Cells.Text(Cell("还款人姓名"));
            if (payer.Length is 0 or > 60)
            {
                errors.Add(new ImportError(number, "还款人姓名", "loans.import_payer_name", "还款人姓名不能为空，且不超过 60 个字。"));
            }
            var accountCell = Cell("还款账号");
            var account = Cells.Text(accountCell).Replace(" ", "", StringComparison.Ordinal);
            if (Cells.IsTruncatedNumber(accountCell))
            {
                errors.Add(new ImportError(number, "还款账号", "loans.import_account_number_cell", "还款账号存成了数字单元格，末尾几位已丢失：请把该列设为文本后重新填写。"));
            }
            else if (account.Length is < 8 or > 30 || !account.All(char.IsAsciiDigit))
            {
                errors.Add(new ImportError(number, "还款账号", "loans.import_payer_account", "还款账号应为 8–30 位数字。"));
            }
            if (errors.Count == before)
            {
                rows.Add(new Row(number, loanNumber, paidOn!.Value, principal!.Value, interest!.Value, payer, account));
            }
        }
        if (number == 0)
        {
            errors.Add(new ImportError(1, "贷款编号", "loans.import_no_header", "工作表是空的：第 1 行应为列名。"));
        }
        else if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(2, "贷款编号", "loans.import_no_rows", "没有可导入的还款行。"));
        }
        return rows;
    }
}

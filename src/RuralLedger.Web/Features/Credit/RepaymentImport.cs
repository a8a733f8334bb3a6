using Microsoft.EntityFrameworkCore;
using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.Csv;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Credit;

/// <summary>A repayment row the import would record (or recorded), with how its interest splits for the subsidy.</summary>
public sealed record RepaymentImportItem(int Row, string LoanNumber, DateOnly PaidOn, Money Principal, Money Interest, Money InterestOnTime, Money InterestLate);

/// <summary>
/// The outcome of a preview or a confirmation: rows read, new and already recorded (skipped), the errors by row and
/// column. <see cref="Token"/> names the kept file while it awaits confirmation.
/// </summary>
public sealed record RepaymentImportResult(string? Token, string FileName, string Sha256, int Rows, int New, int Existing, IReadOnlyList<RepaymentImportItem> Items,
    IReadOnlyList<ImportError> Errors, bool Written)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>
/// A bank's repayment file (xlsx, or CSV in UTF-8 or GBK: 贷款编号, 还款日期, 还款本金（元）, 还款利息（元）, 还款人姓名, 还款账号), all or nothing.
/// Every row is checked and applied to its loan in date order in memory; any error and nothing is saved. A row
/// already recorded (same loan, day, principal, interest) is skipped, so importing the same file again changes nothing.
/// </summary>
public sealed class RepaymentImport(RuralDbContext db, LoanCommands loans)
{
    public const int MaxRows = 20_000;

    public const string Sheet = "还款明细";

    private static readonly (string Header, string Field)[] Columns =
    [
        ("贷款编号", "loanNumber"), ("还款日期", "paidOn"), ("还款本金（元）", "principal"), ("还款利息（元）", "interest"), ("还款人姓名", "payerName"), ("还款账号", "payerAccount"),
    ];

    private sealed record Row(int Number, string LoanNumber, LoanRepaymentInput Input);

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
            rows = Read(workbook, errors);
        }
        var items = new List<RepaymentImportItem>();
        var existing = 0;
        var repayments = new List<Repayment>();
        // Rows whose cells were bad are already out; the others are still checked against their loans, so one
        // preview lists every problem of the file.
        {
            var numbers = rows.Select(r => r.LoanNumber).Distinct().ToList();
            var found = await db.Loans.Where(l => numbers.Contains(l.Number)).ToDictionaryAsync(l => l.Number, ct);
            var ids = found.Values.Select(l => l.Id).ToList();
            var recorded = (await db.Repayments.AsNoTracking().Where(r => ids.Contains(r.LoanId))
                    .Select(r => new { r.LoanId, r.PaidOn, r.Principal, r.Interest }).ToListAsync(ct))
                .Select(r => (r.LoanId, r.PaidOn, r.Principal, r.Interest)).ToHashSet();
            var inFile = new HashSet<(string, DateOnly, Money, Money)>();
            foreach (var row in rows.OrderBy(r => r.Input.PaidOn).ThenBy(r => r.Number))
            {
                if (!found.TryGetValue(row.LoanNumber, out var loan))
                {
                    errors.Add(new ImportError(row.Number, "贷款编号", "loans.unknown_loan", $"贷款编号 {row.LoanNumber} 不存在或不在您的权限范围内。"));
                    continue;
                }
                var key = (loan.Id, row.Input.PaidOn!.Value, row.Input.Principal!.Value, row.Input.Interest!.Value);
                if (!inFile.Add((row.LoanNumber, key.Item2, key.Item3, key.Item4)))
                {
                    errors.Add(new ImportError(row.Number, "贷款编号", "loans.import_duplicate_row", "文件中有同一贷款、日期、本金、利息完全相同的两行。"));
                    continue;
                }
                if (recorded.Contains(key))
                {
                    existing++;
                    continue;
                }
                try
                {
                    var repayment = loans.Repay(loan, row.Input, RepaymentSource.Imported, out _);
                    repayments.Add(repayment);
                    items.Add(new RepaymentImportItem(row.Number, row.LoanNumber, repayment.PaidOn, repayment.Principal, repayment.Interest, repayment.InterestOnTime,
                        repayment.InterestLate));
                }
                catch (ValidationFailedException e)
                {
                    errors.AddRange(e.Errors.SelectMany(f => f.Value.Select(m => new ImportError(row.Number, HeaderOf(f.Key), e.Code, m))));
                }
                catch (DomainException e) when (e is not NotFoundException)
                {
                    errors.Add(new ImportError(row.Number, HeaderOf(e.Field), e.Code, e.Message));
                }
            }
        }
        var written = false;
        if (errors.Count == 0 && write && repayments.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Repayments.AddRange(repayments);
            await loans.SaveRepaymentsAsync(ct);
            await transaction.CommitAsync(ct);
            written = true;
        }
        else
        {
            // Nothing of a preview or a refused file stays in the context: the loans were changed in memory only.
            db.ChangeTracker.Clear();
        }
        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        return new RepaymentImportResult(file.Id, file.FileName, file.Sha256, rows.Count, errors.Count == 0 ? items.Count : 0, existing,
            errors.Count == 0 ? items.OrderBy(i => i.Row).ToList() : [], errors, written);
    }

    private static string HeaderOf(string? field) => Columns.FirstOrDefault(c => c.Field == field).Header ?? "贷款编号";

    private static List<Row> Read(Stream workbook, List<ImportError> errors)
    {
        var rows = new List<Row>();
        var letters = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (IDictionary<string, object?> cells in Lines(workbook))
        {
            number++;
            if (number == 1)
            {
                if (!Headers(cells, Columns.Select(c => c.Header), letters, errors))
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
            var principal = Amount(number, "还款本金（元）", Cell("还款本金（元）"), errors);
            var interest = Amount(number, "还款利息（元）", Cell("还款利息（元）"), errors);
            var account = Cell("还款账号");
            if (Cells.IsTruncatedNumber(account))
            {
                errors.Add(new ImportError(number, "还款账号", "loans.import_account_number_cell", "还款账号存成了数字单元格，末尾几位已丢失：请把该列设为文本后重新填写。"));
            }
            if (errors.Count == before)
            {
                rows.Add(new Row(number, loanNumber, new LoanRepaymentInput(paidOn, principal, interest, Cells.Text(Cell("还款人姓名")), Cells.Text(account))));
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

    /// <summary>
    /// Finds each header's column letter in the first row ("(元)" read as "（元）", a trailing required-mark ignored);
    /// a missing one is an error of row 1. Shared with the loan import.
    /// </summary>
    internal static bool Headers(IDictionary<string, object?> cells, IEnumerable<string> headers, Dictionary<string, string> letters, List<ImportError> errors)
    {
        var wanted = headers.ToList();
        foreach (var (letter, value) in cells)
        {
            var header = Cells.Text(value).Replace("(元)", "（元）", StringComparison.Ordinal).Replace("(%)", "（%）", StringComparison.Ordinal)
                .Replace("(月)", "（月）", StringComparison.Ordinal).TrimEnd('*', '＊').Trim();
            if (wanted.Contains(header))
            {
                letters[header] = letter;
            }
        }
        foreach (var missing in wanted.Where(h => !letters.ContainsKey(h)))
        {
            errors.Add(new ImportError(1, missing, "loans.import_missing_column", $"第 1 行缺少“{missing}”列。"));
        }
        return wanted.All(letters.ContainsKey);
    }

    /// <summary>The rows of the xlsx's <paramref name="sheet"/> (or its first), or of a CSV file in UTF-8 or GBK; the loan import and the account-flow import read their sheets here too.</summary>
    internal static IEnumerable<object> Lines(Stream workbook, string sheet = Sheet)
    {
        using var copy = new MemoryStream();
        workbook.CopyTo(copy);
        var content = copy.ToArray();
        var stream = new MemoryStream(content, writable: false);
        if (!ImportFileStore.IsText(content))
        {
            var sheets = MiniExcel.GetSheetNames(stream);
            stream.Position = 0;
            return MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheets.Contains(sheet) ? sheet : sheets.FirstOrDefault());
        }
        var encoding = TextEncoding(content);
        return MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.CSV,
            configuration: new CsvConfiguration { StreamReaderFunc = s => new StreamReader(s, encoding, detectEncodingFromByteOrderMarks: true) });
    }

    /// <summary>
    /// UTF-8 when the whole file decodes as UTF-8 (with or without a byte order mark); otherwise GBK (code page 936),
    /// what Excel and the banks' systems on a Chinese Windows write as "CSV".
    /// </summary>
    private static Encoding TextEncoding(byte[] content)
    {
        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
            return Encoding.UTF8;
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(936);
        }
    }

    internal static Money? Amount(int row, string column, object? cell, List<ImportError> errors)
    {
        var text = Cells.Text(cell);
        if (text.Length == 0)
        {
            return Money.Zero;
        }
        try
        {
            var money = cell is double d ? Money.FromYuan((decimal)d) : Money.Parse(text.Replace(",", "", StringComparison.Ordinal));
            if (money.IsNegative)
            {
                errors.Add(new ImportError(row, column, "loans.import_negative", $"{column}不能为负。"));
            }
            return money;
        }
        catch (DomainException e)
        {
            errors.Add(new ImportError(row, column, e.Code, e.Message));
            return null;
        }
    }
}

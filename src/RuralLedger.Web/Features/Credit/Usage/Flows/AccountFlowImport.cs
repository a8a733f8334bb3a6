using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Credit.Usage.Flows;

public sealed record AccountFlowImportResult(string FileName, string Sha256, int Rows, int New, int Existing, IReadOnlyList<ImportError> Errors, bool Written)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>
/// A bank's account-flow sheet (流水; xlsx, or CSV in UTF-8 or GBK: 贷款编号 or 账号, 交易日期, 金额（元）, 收支, 对方户名,
/// 对方账号), all or nothing: any error by row and column and nothing is saved. A line already recorded (same loan, day,
/// direction, amount, counterparty and place among identical lines) is skipped, so importing the sheet again changes
/// nothing. Loans are found through the scoped context: a bank officer's sheet names only its bank's loans. A row without
/// 对方户名 is named by the household whose account 对方账号 is, matched by keyed hash.
/// </summary>
public sealed class AccountFlowImport(RuralDbContext db, PersonalDataVault vault, TimeProvider clock)
{
    public const int MaxRows = 20_000;

    public const string Sheet = "账户流水";

    private static readonly string[] Headers = ["贷款编号", "账号", "交易日期", "金额（元）", "收支", "对方户名", "对方账号"];

    private sealed record Row(int Number, string LoanNumber, string Account, DateOnly On, Money Amount, FlowDirection Direction, string Name, string Counterparty);

    public async Task<AccountFlowImportResult> ImportAsync(StoredImport file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<ImportError>();
        List<Row> rows;
        using (var workbook = file.Open())
        {
            rows = Read(workbook, errors);
        }
        var loans = await LoansAsync(rows, ct);
        var counterparties = await CounterpartiesAsync(rows, ct);
        var ids = loans.Values.Select(l => l.Id).Distinct().ToList();
        var recorded = (await db.AccountFlows.AsNoTracking().Where(f => ids.Contains(f.LoanId)).Select(f => new { f.LoanId, f.Key }).ToListAsync(ct))
            .Select(f => (f.LoanId, f.Key)).ToHashSet();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var flows = new List<AccountFlow>();
        var existing = 0;
        var by = db.Access.ActorName;
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            var key = row.LoanNumber.Length > 0 ? row.LoanNumber : "acct:" + row.Account;
            if (!loans.TryGetValue(key, out var loan))
            {
                errors.Add(row.LoanNumber.Length > 0
                    ? new ImportError(row.Number, "贷款编号", "flows.unknown_loan", $"贷款编号 {row.LoanNumber} 不存在或不在您的权限范围内。")
                    : new ImportError(row.Number, "账号", "flows.unknown_account", $"账号 {Repayment.Mask(row.Account)} 不是您权限范围内已发放贷款的放款账号。"));
                continue;
            }
            var hash = vault.LookupHash(row.Counterparty);
            var match = counterparties.GetValueOrDefault(Convert.ToHexString(hash));
            var name = row.Name.Length > 0 ? row.Name : match?.Name ?? "";
            if (name.Length == 0)
            {
                errors.Add(new ImportError(row.Number, "对方户名", "flows.counterparty_unknown",
                    $"对方账号 {Repayment.Mask(row.Counterparty)} 不是本县登记户或贷款户的账号，请填写对方户名。"));
                continue;
            }
            var same = $"{loan.Id}|{row.On}|{row.Direction}|{row.Amount.Fen}|{Convert.ToHexString(hash)}";
            var occurrence = seen[same] = seen.GetValueOrDefault(same) + 1;
            try
            {
                var flow = new AccountFlow(loan, row.On, row.Amount, row.Direction, name, vault.Encrypt(row.Counterparty), hash, Repayment.Mask(row.Counterparty),
                    occurrence, by, now, match?.Household);
                if (recorded.Contains((loan.Id, flow.Key)))
                {
                    existing++;
                    continue;
                }
                flows.Add(flow);
            }
            catch (DomainException e) when (e is not NotFoundException)
            {
                errors.Add(new ImportError(row.Number, e.Field == "counterpartyName" ? "对方户名" : "金额（元）", e.Code, e.Message));
            }
        }
        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        var written = false;
        if (errors.Count == 0 && flows.Count > 0)
        {
            db.AccountFlows.AddRange(flows);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                throw new ConflictException("flows.concurrent_import", "同一流水刚刚被另一次导入登记，请重新导入（已登记的行会跳过）。", "file");
            }
            written = true;
        }
        return new AccountFlowImportResult(file.FileName, file.Sha256, rows.Count, errors.Count == 0 ? flows.Count : 0, existing, errors, written);
    }

    /// <summary>The sheet's loans by number, and by "acct:" + the disbursement account for rows that give only the account.</summary>
    private async Task<Dictionary<string, Loan>> LoansAsync(List<Row> rows, CancellationToken ct)
    {
        var numbers = rows.Where(r => r.LoanNumber.Length > 0).Select(r => r.LoanNumber).Distinct().ToList();
        var found = new Dictionary<string, Loan>(StringComparer.Ordinal);
        foreach (var chunk in numbers.Chunk(500))
        {
            foreach (var l in await db.Loans.AsNoTracking().Where(l => chunk.Contains(l.Number)).ToListAsync(ct))
            {
                found[l.Number] = l;
            }
        }
        var accounts = rows.Where(r => r.LoanNumber.Length == 0).Select(r => r.Account).Distinct().ToDictionary(a => Convert.ToHexString(vault.LookupHash(a)), a => a);
        var county = db.Access.Scope.CountyCode ?? "";
        foreach (var chunk in accounts.Keys.Select(Convert.FromHexString).Chunk(500))
        {
            // The disbursement account's keyed hash through its index, never the number: loans in scope, newest first for an account reused.
            var disbursed = await db.Loans.AsNoTracking().Where(l => l.CountyCode == county && chunk.Contains(l.AccountHash!)).OrderByDescending(l => l.DisbursedOn)
                .ToListAsync(ct);
            foreach (var l in disbursed)
            {
                found.TryAdd("acct:" + accounts[Convert.ToHexString(l.AccountHash!)], l);
            }
        }
        return found;
    }

    private sealed record Counterparty(HouseholdId Household, string Name);

    /// <summary>
    /// Who the counterparty accounts are, by keyed hash through the indexes (never decrypting): a registered household's payout
    /// account, else a loan's disbursement account (any bank's: the household is what is named), each shown by the household
    /// head's name as the caller's scope sees the household.
    /// </summary>
    private async Task<Dictionary<string, Counterparty>> CounterpartiesAsync(List<Row> rows, CancellationToken ct)
    {
        var county = db.Access.Scope.CountyCode ?? "";
        var owners = new Dictionary<string, HouseholdId>(StringComparer.Ordinal);
        foreach (var chunk in rows.Select(r => Convert.ToHexString(vault.LookupHash(r.Counterparty))).Distinct().Select(Convert.FromHexString).Chunk(500))
        {
            foreach (var l in await db.Loans.IgnoreQueryFilters().AsNoTracking().Where(l => l.CountyCode == county && chunk.Contains(l.AccountHash!))
                         .OrderBy(l => l.DisbursedOn).Select(l => new { l.AccountHash, l.HouseholdId }).ToListAsync(ct))
            {
                owners[Convert.ToHexString(l.AccountHash!)] = l.HouseholdId;
            }
            foreach (var h in await db.Households.AsNoTracking().Where(h => h.CountyCode == county && chunk.Contains(h.BankAccountHash!))
                         .Select(h => new { h.BankAccountHash, h.Id }).ToListAsync(ct))
            {
                owners[Convert.ToHexString(h.BankAccountHash!)] = h.Id;
            }
        }
        var ids = owners.Values.Distinct().ToList();
        var names = await db.Households.AsNoTracking().Where(h => ids.Contains(h.Id)).Select(h => new { h.Id, h.HeadName }).ToDictionaryAsync(h => h.Id, h => h.HeadName, ct);
        return owners.Where(o => names.ContainsKey(o.Value)).ToDictionary(o => o.Key, o => new Counterparty(o.Value, names[o.Value]), StringComparer.Ordinal);
    }

    private static List<Row> Read(Stream workbook, List<ImportError> errors)
    {
        var rows = new List<Row>();
        var letters = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (IDictionary<string, object?> cells in ImportSheets.Lines(workbook, Sheet))
        {
            number++;
            if (number == 1)
            {
                if (!ImportSheets.Headers(cells, Headers, letters, errors, "flows."))
                {
                    return rows;
                }
                continue;
            }
            object? Cell(string header) => cells.TryGetValue(letters[header], out var v) ? v : null;
            if (Headers.All(h => Cells.Text(Cell(h)).Length == 0))
            {
                continue;
            }
            if (rows.Count == MaxRows)
            {
                errors.Add(new ImportError(number, "交易日期", "flows.import_too_many_rows", $"一次最多导入 {MaxRows:N0} 行，请分批导入。"));
                return rows;
            }
            var before = errors.Count;
            var loanNumber = Cells.Text(Cell("贷款编号"));
            var account = Cells.Text(Cell("账号"));
            if (loanNumber.Length == 0 && account.Length == 0)
            {
                errors.Add(new ImportError(number, "贷款编号", "flows.import_loan_required", "贷款编号和账号至少填写一项。"));
            }
            foreach (var column in new[] { "账号", "对方账号" }.Where(c => Cells.IsTruncatedNumber(Cell(c))))
            {
                errors.Add(new ImportError(number, column, "flows.import_account_number_cell", $"{column}存成了数字单元格，末尾几位已丢失：请把该列设为文本后重新填写。"));
            }
            DateOnly? on = Cells.TryDate(Cell("交易日期"), out var d) ? d : null;
            if (on is null)
            {
                errors.Add(new ImportError(number, "交易日期", "flows.import_date", "交易日期应为日期（yyyy-MM-dd）。"));
            }
            var amount = ImportSheets.Amount(number, "金额（元）", Cell("金额（元）"), errors, "loans.");
            if (amount == Money.Zero)
            {
                errors.Add(new ImportError(number, "金额（元）", "flows.import_amount", "金额应大于 0。"));
            }
            var direction = Cells.Text(Cell("收支")) switch
            {
                "转出" or "支出" or "出" => FlowDirection.Out,
                "转入" or "收入" or "入" => (FlowDirection?)FlowDirection.In,
                _ => null,
            };
            if (direction is null)
            {
                errors.Add(new ImportError(number, "收支", "flows.import_direction", "收支应为“转出”或“转入”。"));
            }
            var counterparty = Cells.Text(Cell("对方账号"));
            if (counterparty.Length is < 6 or > 40)
            {
                errors.Add(new ImportError(number, "对方账号", "flows.import_account", "对方账号应为 6–40 位。"));
            }
            if (errors.Count == before)
            {
                rows.Add(new Row(number, loanNumber, account, on!.Value, amount!.Value, direction!.Value, Cells.Text(Cell("对方户名")), counterparty));
            }
        }
        if (number == 0)
        {
            errors.Add(new ImportError(1, "贷款编号", "flows.import_no_header", "工作表是空的：第 1 行应为列名。"));
        }
        else if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(2, "贷款编号", "flows.import_no_rows", "没有可导入的流水行。"));
        }
        return rows;
    }
}

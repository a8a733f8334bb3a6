using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Imports;

namespace RuralLedger.Data.Credit;

/// <summary>An existing loan the import would enter (or entered): our number once written, the borrower found by citizen ID, what is left to pay.</summary>
public sealed record LoanImportItem(int Row, string BankCode, string BankContractNumber, string? Number, string BorrowerName, string HouseholdNo, Money Amount,
    Money Outstanding, DateOnly MaturityOn, int Instalments);

/// <summary>
/// The outcome of a preview or a confirmation of a bank's sheet of existing loans: rows read, new and already imported
/// (same bank and contract number, skipped), the errors by row and column. <see cref="Token"/> names the kept file.
/// </summary>
public sealed record LoanImportResult(string? Token, string FileName, string Sha256, int Rows, int New, int Existing, IReadOnlyList<LoanImportItem> Items,
    IReadOnlyList<ImportError> Errors, bool Written)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>
/// 存量贷款导入: a county starting mid-way enters the loans its banks already disbursed, from each bank's sheet (xlsx, or
/// CSV in UTF-8 or GBK), all or nothing. The borrower is a registered member in the caller's scope, found by citizen
/// ID; a bank officer imports only its own bank's rows. Each loan enters as active under the policy in force on its
/// disbursement day with the rest of its schedule derived (<see cref="Loan.Imported"/>). The unique key on bank and
/// bank contract number makes a second import of the same sheet — or two at once — add nothing.
/// </summary>
public sealed class LoanImport(RuralDbContext db, PersonalDataVault vault, TimeProvider clock)
{
    public const int MaxRows = 20_000;

    public const string Sheet = "存量贷款";

    private static readonly (string Header, string Field)[] Columns =
    [
        ("银行代码", "bankCode"), ("银行名称", "bankName"), ("银行合同编号", "bankContractNumber"), ("借款人身份证号", "citizenId"), ("贷款金额（元）", "amount"),
        ("年利率（%）", "rate"), ("期限（月）", "termMonths"), ("还款方式", "method"), ("发放日期", "disbursedOn"), ("到期日期", "maturityOn"), ("贷款项目", "programme"),
        ("贷款用途", "purpose"), ("剩余本金（元）", "outstanding"),
    ];

    private sealed record Row(int Number, string CitizenId, ImportedLoanTerms Terms);

    public Task<LoanImportResult> PreviewAsync(StoredImport file, CancellationToken ct) => RunAsync(file, write: false, ct);

    public Task<LoanImportResult> ImportAsync(StoredImport file, CancellationToken ct) => RunAsync(file, write: true, ct);

    /// <summary>An empty sheet with the columns, for banks to fill.</summary>
    public static async Task<byte[]> TemplateAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var row = Columns.ToDictionary(c => c.Header, c => (object?)null);
        await MiniExcelLibs.MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { [Sheet] = new[] { row } }, cancellationToken: ct);
        return buffer.ToArray();
    }

    private async Task<LoanImportResult> RunAsync(StoredImport file, bool write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var today = BusinessCalendar.Today(clock);
        var errors = new List<ImportError>();
        List<Row> rows;
        using (var workbook = file.Open())
        {
            rows = Read(workbook, today, errors);
        }
        if (db.Access.Role == Role.BankOfficer)
        {
            foreach (var row in rows.Where(r => r.Terms.BankCode != db.Access.BankCode))
            {
                errors.Add(new ImportError(row.Number, "银行代码", "loans.import_other_bank", $"银行人员只能导入本行（{db.Access.BankCode}）的贷款。"));
            }
        }

        var contracts = rows.Select(r => r.Terms.BankContractNumber).Distinct().ToList();
        var recorded = (await db.Loans.IgnoreQueryFilters().AsNoTracking().Where(l => l.BankContractNumber != null && contracts.Contains(l.BankContractNumber))
            .Select(l => new { l.BankCode, l.BankContractNumber }).ToListAsync(ct)).Select(l => (l.BankCode, l.BankContractNumber!)).ToHashSet();
        var borrowers = await BorrowersAsync(rows.Select(r => r.CitizenId).Distinct().ToList(), ct);
        var policies = new Dictionary<string, List<CreditPolicyVersion>>(StringComparer.Ordinal);
        foreach (var county in borrowers.Values.Select(b => b.Household.CountyCode).Distinct())
        {
            await CreditReference.EnsureAsync(db, county, clock.GetUtcNow(), ct);
            policies[county] = await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == county).ToListAsync(ct);
        }

        await using var transaction = write ? await db.Database.BeginTransactionAsync(ct) : null;
        var items = new List<LoanImportItem>();
        var loans = new List<Loan>();
        var existing = 0;
        var inFile = new HashSet<(string, string)>();
        foreach (var row in rows)
        {
            var key = (row.Terms.BankCode, row.Terms.BankContractNumber);
            if (!inFile.Add(key))
            {
                errors.Add(new ImportError(row.Number, "银行合同编号", "loans.import_duplicate_row", "文件中有两行是同一银行的同一合同编号。"));
                continue;
            }
            if (recorded.Contains(key))
            {
                existing++;
                continue;
            }
            if (!borrowers.TryGetValue(row.CitizenId, out var borrower))
            {
                errors.Add(new ImportError(row.Number, "借款人身份证号", "loans.import_borrower", "该身份证号不是您权限范围内已登记的家庭成员。"));
                continue;
            }
            var policy = CreditPolicyVersion.InForce(policies[borrower.Household.CountyCode], row.Terms.DisbursedOn);
            if (policy is null)
            {
                errors.Add(new ImportError(row.Number, "发放日期", LoanErrors.NoPolicy, $"{BusinessCalendar.Format(row.Terms.DisbursedOn)} 本县没有生效的小额信贷政策。"));
                continue;
            }
            try
            {
                // Numbers are drawn only for a file that is written, inside its transaction, so a refused file gives them back.
                var number = write && errors.Count == 0 ? await LoanNumbers.NextAsync(db, borrower.Household.CountyCode, row.Terms.DisbursedOn.Year, ct) : null;
                var loan = Loan.Imported(number ?? "", borrower.Household, borrower.Member, policy, row.Terms, today, db.Access.ActorName, clock.GetUtcNow());
                loans.Add(loan);
                items.Add(new LoanImportItem(row.Number, loan.BankCode, row.Terms.BankContractNumber, number, loan.BorrowerName, loan.HouseholdNo, loan.Amount,
                    loan.PrincipalOutstanding, loan.MaturityOn!.Value, loan.Instalments.Count));
            }
            catch (DomainException e) when (e is not NotFoundException)
            {
                errors.Add(new ImportError(row.Number, HeaderOf(e.Field), e.Code, e.Message));
            }
        }

        var written = false;
        if (errors.Count == 0 && write && loans.Count > 0)
        {
            db.Loans.AddRange(loans);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                throw new ConflictException("loans.import_exists", "其中有贷款刚被他人导入（同一银行合同编号），请重新预览。", "file");
            }
            await transaction!.CommitAsync(ct);
            written = true;
        }
        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        return new LoanImportResult(file.Id, file.FileName, file.Sha256, rows.Count, errors.Count == 0 ? items.Count : 0, existing, errors.Count == 0 ? items : [],
            errors, written);
    }

    /// <summary>The members in scope with these citizen IDs, with their households (members and poverty history) — keyed by the ID as written.</summary>
    private async Task<Dictionary<string, (Household Household, Member Member)>> BorrowersAsync(List<string> citizenIds, CancellationToken ct)
    {
        var byHash = citizenIds.ToDictionary(id => Convert.ToHexString(vault.LookupHash(id)), id => id, StringComparer.Ordinal);
        var result = new Dictionary<string, (Household, Member)>(StringComparer.Ordinal);
        foreach (var chunk in byHash.Keys.Select(Convert.FromHexString).Chunk(500))
        {
            var householdIds = await db.Members.AsNoTracking().Where(m => chunk.Contains(m.CitizenIdHash)).Select(m => m.HouseholdId).Distinct().ToListAsync(ct);
            var households = await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).AsSplitQuery()
                .Where(h => householdIds.Contains(h.Id)).ToListAsync(ct);
            foreach (var household in households)
            {
                foreach (var member in household.Members)
                {
                    if (byHash.TryGetValue(Convert.ToHexString(member.CitizenIdHash), out var id))
                    {
                        result[id] = (household, member);
                    }
                }
            }
        }
        return result;
    }

    private static string HeaderOf(string? field) => Columns.FirstOrDefault(c => c.Field == field).Header ?? "银行合同编号";

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
                if (!ImportSheets.Headers(cells, Columns.Select(c => c.Header), letters, errors, "loans."))
                {
                    return rows;
                }
                continue;
            }
            object? Cell(string header) => cells.TryGetValue(letters[header], out var v) ? v : null;
            string Text(string header) => Cells.Text(Cell(header));
            if (Columns.All(c => Text(c.Header).Length == 0))
            {
                continue;
            }
            if (rows.Count == MaxRows)
            {
                errors.Add(new ImportError(number, "银行合同编号", "loans.import_too_many_rows", $"一次最多导入 {MaxRows:N0} 行，请分批导入。"));
                return rows;
            }
            var before = errors.Count;
            void Required(string header, int max)
            {
                var length = Text(header).Length;
                if (length == 0 || length > max)
                {
                    errors.Add(new ImportError(number, header, "loans.import_required", $"{header}不能为空，且不超过 {max} 个字。"));
                }
            }
            Required("银行代码", 30);
            Required("银行名称", 60);
            Required("银行合同编号", 40);
            Required("贷款用途", 30);
            var citizenCell = Cell("借款人身份证号");
            if (Cells.IsTruncatedNumber(citizenCell))
            {
                errors.Add(new ImportError(number, "借款人身份证号", "loans.import_id_number_cell", "身份证号存成了数字单元格，末尾几位已丢失：请把该列设为文本后重新填写。"));
            }
            else if (!CitizenId.TryParse(Cells.Text(citizenCell), today, out _, out var idError))
            {
                errors.Add(new ImportError(number, "借款人身份证号", "loans.import_citizen_id", idError));
            }
            var amount = AmountOf("贷款金额（元）");
            var outstanding = AmountOf("剩余本金（元）");
            Rate? rate = null;
            try
            {
                rate = Rate.Parse(Text("年利率（%）"), RateRange.OfPercent(0.01m, 24m));
            }
            catch (DomainException e)
            {
                errors.Add(new ImportError(number, "年利率（%）", e.Code, $"年利率应为 0.01–24 之间的百分数（如 3.45）：{e.Message}"));
            }
            int? term = int.TryParse(Text("期限（月）"), out var t) && t > 0 ? t : null;
            if (term is null)
            {
                errors.Add(new ImportError(number, "期限（月）", "loans.import_term", "期限应为正整数（月）。"));
            }
            var methodText = Text("还款方式").Replace("、", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
            RepaymentMethod? method = Enum.GetValues<RepaymentMethod>().Where(m => LoanSchedule.Name(m).Replace("、", "", StringComparison.Ordinal) == methodText)
                .Select(m => (RepaymentMethod?)m).FirstOrDefault();
            if (method is null)
            {
                errors.Add(new ImportError(number, "还款方式", "loans.import_method",
                    $"还款方式应为：{string.Join("、", Enum.GetValues<RepaymentMethod>().Select(m => "“" + LoanSchedule.Name(m) + "”"))}。"));
            }
            DateOnly? disbursedOn = Cells.TryDate(Cell("发放日期"), out var d) ? d : null;
            if (disbursedOn is null)
            {
                errors.Add(new ImportError(number, "发放日期", "loans.import_date", "发放日期应为日期（yyyy-MM-dd）。"));
            }
            DateOnly? maturityOn = null;
            if (Text("到期日期").Length > 0)
            {
                if (Cells.TryDate(Cell("到期日期"), out var m))
                {
                    maturityOn = m;
                }
                else
                {
                    errors.Add(new ImportError(number, "到期日期", "loans.import_date", "到期日期应为日期（yyyy-MM-dd），或留空由期限推算。"));
                }
            }
            if (errors.Count == before)
            {
                rows.Add(new Row(number, Text("借款人身份证号").ToUpperInvariant(), new ImportedLoanTerms(Text("银行代码").ToUpperInvariant(), Text("银行名称"),
                    Text("银行合同编号"), amount!.Value, rate!.Value, term!.Value, method!.Value, disbursedOn!.Value, maturityOn, Text("贷款项目"), Text("贷款用途"),
                    outstanding!.Value)));
            }

            Money? AmountOf(string header)
            {
                if (Text(header).Length == 0)
                {
                    errors.Add(new ImportError(number, header, "loans.import_required", $"{header}不能为空。"));
                    return null;
                }
                return ImportSheets.Amount(number, header, Cell(header), errors, "loans.");
            }
        }
        if (number == 0)
        {
            errors.Add(new ImportError(1, "银行代码", "loans.import_no_header", "工作表是空的：第 1 行应为列名。"));
        }
        else if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(2, "银行代码", "loans.import_no_rows", "没有可导入的贷款行。"));
        }
        return rows;
    }
}

using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Wages;

/// <summary>A payroll row the import would record (or recorded).</summary>
public sealed record PayrollImportItem(int Row, string? HouseholdNo, string WorkerName, string EmployerName, string Month, int Days, Money Wage);

/// <summary>
/// The outcome of a preview or a confirmation: rows read, new, already recorded (skipped), errors by row and column.
/// <see cref="Items"/> shows the first <see cref="PayrollImport.ShownItems"/> new rows; <see cref="Token"/> names the
/// kept file while it awaits confirmation.
/// </summary>
public sealed record PayrollImportResult(string? Token, string FileName, string Sha256, int Rows, int New, int Existing, Money NewWages,
    IReadOnlyList<PayrollImportItem> Items, IReadOnlyList<ImportError> Errors, bool Written)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>
/// An enterprise's payroll sheet (xlsx: 身份证号, 姓名, 用工单位统一社会信用代码, 用工单位名称, 年月, 出勤天数, 应发工资（元）),
/// all or nothing. A worker is found in the registry by the keyed hash of the citizen ID; a registry member outside the
/// caller's scope is an error, a worker not in the registry is recorded without a household (the employer's total needs
/// them). A row whose worker, employer and month are already recorded with the same days and wage is skipped, so importing
/// the same sheet again changes nothing; the same key with other figures is an error (a correction is not silently applied).
/// </summary>
public sealed class PayrollImport(RuralDbContext db, PersonalDataVault vault, TimeProvider clock, AuditWriter audit)
{
    public const int MaxRows = 200_000;

    public const int ShownItems = 200;

    public const string Sheet = "工资表";

    private const int Batch = 1_000;

    private const string IdColumn = "身份证号";
    private const string NameColumn = "姓名";
    private const string CodeColumn = "用工单位统一社会信用代码";
    private const string EmployerColumn = "用工单位名称";
    private const string MonthColumn = "年月";
    private const string DaysColumn = "出勤天数";
    private const string WageColumn = "应发工资（元）";

    private static readonly string[] Columns = [IdColumn, NameColumn, CodeColumn, EmployerColumn, MonthColumn, DaysColumn, WageColumn];

    private sealed record Row(int Number, byte[] Hash, string Name, string Code, string Employer, int Year, int Month, int Days, Money Wage);

    private sealed record Worker(MemberId Id, string Name, HouseholdId HouseholdId, string HouseholdNo, DivisionCode Township, DivisionCode Village, byte[] Hash, bool Visible);

    public Task<PayrollImportResult> PreviewAsync(StoredImport file, CancellationToken ct) => RunAsync(file, write: false, ct);

    public Task<PayrollImportResult> ImportAsync(StoredImport file, CancellationToken ct) => RunAsync(file, write: true, ct);

    /// <summary>An empty sheet with the columns, for employers to fill.</summary>
    public static async Task<byte[]> TemplateAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var row = Columns.ToDictionary(c => c, _ => (object?)null);
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { [Sheet] = new[] { row } }, cancellationToken: ct);
        return buffer.ToArray();
    }

    private async Task<PayrollImportResult> RunAsync(StoredImport file, bool write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<ImportError>();
        List<Row> rows;
        int read;
        using (var workbook = file.Open())
        {
            (rows, read) = Read(workbook, errors);
        }
        var county = db.Access.Scope.CountyCode;
        var hashes = rows.Select(r => r.Hash).DistinctBy(Convert.ToHexString).ToList();
        var workers = await WorkersAsync(county, hashes, ct);
        var recorded = await RecordedAsync(county, hashes, rows, ct);
        var inFile = new HashSet<(string, string, int, int)>();
        var fresh = new List<WageRecord>();
        var items = new List<PayrollImportItem>();
        var existing = 0;
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            var hex = Convert.ToHexString(row.Hash);
            var w = workers.GetValueOrDefault(hex);
            if (w is { Visible: false })
            {
                errors.Add(new ImportError(row.Number, IdColumn, "wages.member_out_of_scope", "该身份证号属于您权限范围以外的户，请由其所在乡镇或县级导入。"));
                continue;
            }
            if (w is not null && w.Name != row.Name)
            {
                errors.Add(new ImportError(row.Number, NameColumn, "wages.name_mismatch", $"姓名“{row.Name}”与档案中该身份证号的姓名不一致。"));
                continue;
            }
            var key = (hex, row.Code, row.Year, row.Month);
            if (!inFile.Add(key))
            {
                errors.Add(new ImportError(row.Number, MonthColumn, "wages.duplicate_row", "文件中同一人、同一用工单位、同一月份出现了两行。"));
                continue;
            }
            if (recorded.TryGetValue(key, out var before))
            {
                if (before.Days == row.Days && before.Wage == row.Wage)
                {
                    existing++;
                }
                else
                {
                    errors.Add(new ImportError(row.Number, WageColumn, "wages.conflicts_recorded",
                        "该人该月在该单位已登记的出勤天数或工资与本行不一致；已登记的工资不能由导入改写。"));
                }
                continue;
            }
            try
            {
                var of = w is null ? null : new WorkerOf(w.HouseholdId, w.HouseholdNo, w.Id, w.Township, w.Village);
                fresh.Add(new WageRecord(county, row.Hash, row.Name, of, row.Code, row.Employer, row.Year, row.Month, row.Days, row.Wage, db.Access.ActorName, now));
                if (items.Count < ShownItems)
                {
                    items.Add(new PayrollImportItem(row.Number, w?.HouseholdNo, row.Name, row.Employer, $"{row.Year:D4}-{row.Month:D2}", row.Days, row.Wage));
                }
            }
            catch (DomainException e)
            {
                errors.Add(new ImportError(row.Number, HeaderOf(e.Field), e.Code, e.Message));
            }
        }
        var written = false;
        if (errors.Count == 0 && write && fresh.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                await new WageBulkWriter(db).WriteAsync(fresh, ct);
            }
            catch (Exception e) when (DbErrors.IsUniqueViolation(e))
            {
                throw new ConflictException("wages.import_race", "同一工资表正被另一次导入写入，请刷新后重试。");
            }
            await audit.AppendAsync(db, [new AuditRecord(county, "import", nameof(WageRecord), "*", null, Json.Object(
                ("source", "excel"), ("file", file.FileName), ("sha256", file.Sha256), ("rows", read), ("count", fresh.Count),
                ("existing", existing), ("wages", Money.Sum(fresh.Select(f => f.Wage)).ToInvariantString())))], ct);
            await transaction.CommitAsync(ct);
            written = true;
        }
        db.ChangeTracker.Clear();
        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        var valid = errors.Count == 0;
        return new PayrollImportResult(file.Id, file.FileName, file.Sha256, read,
            valid ? fresh.Count : 0, existing, valid ? Money.Sum(fresh.Select(f => f.Wage)) : Money.Zero, valid ? items : [], errors, written);
    }

    private static string HeaderOf(string? field) => field switch
    {
        "days" => DaysColumn,
        "wage" => WageColumn,
        "employerName" => EmployerColumn,
        "month" => MonthColumn,
        _ => IdColumn,
    };

    /// <summary>
    /// Registry members of the county with any of the sheet's citizen IDs, keyed by hex hash, each marked whether the
    /// caller's scope holds it: outside the scope is an error, not a worker outside the registry.
    /// </summary>
    private async Task<Dictionary<string, Worker>> WorkersAsync(string county, List<byte[]> hashes, CancellationToken ct)
    {
        var result = new Dictionary<string, Worker>(StringComparer.Ordinal);
        foreach (var chunk in hashes.Chunk(Batch))
        {
            // The county named besides the scope filter: its OR of scope kinds leaves SQLite no index to search by, and
            // (county, hash) is the registry's key, so a province's members aren't scanned once per chunk.
            var visible = (await db.Members.AsNoTracking().Where(m => m.CountyCode == county && chunk.Contains(m.CitizenIdHash)).Select(m => m.Id).ToListAsync(ct))
                .ToHashSet();
            var found = await db.Members.IgnoreQueryFilters().AsNoTracking()
                .Where(m => m.CountyCode == county && chunk.Contains(m.CitizenIdHash))
                .Select(m => new { m.Id, m.Name, m.HouseholdId, m.Household!.HouseholdNo, m.TownshipCode, m.VillageCode, m.CitizenIdHash })
                .ToListAsync(ct);
            foreach (var m in found)
            {
                result[Convert.ToHexString(m.CitizenIdHash)] = new Worker(m.Id, m.Name, m.HouseholdId, m.HouseholdNo, m.TownshipCode, m.VillageCode, m.CitizenIdHash,
                    visible.Contains(m.Id));
            }
        }
        return result;
    }

    /// <summary>
    /// What the county already holds for the sheet's workers in its years, whoever imported it: the key is unique per
    /// county, so the check must see rows outside the caller's scope too (only days and wage are compared, never shown).
    /// </summary>
    private async Task<Dictionary<(string, string, int, int), (int Days, Money Wage)>> RecordedAsync(string county, List<byte[]> hashes, List<Row> rows,
        CancellationToken ct)
    {
        var result = new Dictionary<(string, string, int, int), (int, Money)>();
        if (rows.Count == 0)
        {
            return result;
        }
        var firstYear = rows.Min(r => r.Year);
        var lastYear = rows.Max(r => r.Year);
        foreach (var chunk in hashes.Chunk(Batch))
        {
            var found = await db.WageRecords.IgnoreQueryFilters().AsNoTracking()
                .Where(w => w.CountyCode == county && chunk.Contains(w.WorkerHash) && w.Year >= firstYear && w.Year <= lastYear)
                .Select(w => new { w.WorkerHash, w.EmployerCode, w.Year, w.Month, w.Days, w.Wage })
                .ToListAsync(ct);
            foreach (var w in found)
            {
                result[(Convert.ToHexString(w.WorkerHash), w.EmployerCode, w.Year, w.Month)] = (w.Days, w.Wage);
            }
        }
        return result;
    }

    private (List<Row> Rows, int Read) Read(Stream workbook, List<ImportError> errors)
    {
        var rows = new List<Row>();
        var read = 0;
        var letters = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        var sheets = MiniExcel.GetSheetNames(workbook);
        workbook.Position = 0;
        var sheet = sheets.Contains(Sheet) ? Sheet : sheets.FirstOrDefault();
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(workbook, useHeaderRow: false, sheetName: sheet))
        {
            number++;
            if (number == 1)
            {
                if (!ImportSheets.Headers(cells, Columns, letters, errors, "wages."))
                {
                    return (rows, read);
                }
                continue;
            }
            object? Cell(string header) => cells.TryGetValue(letters[header], out var v) ? v : null;
            if (Columns.All(c => Cells.Text(Cell(c)).Length == 0))
            {
                continue;
            }
            if (rows.Count == MaxRows)
            {
                errors.Add(new ImportError(number, IdColumn, "wages.import_too_many_rows", $"一次最多导入 {MaxRows:N0} 行，请分批导入。"));
                return (rows, read);
            }
            read++;
            var before = errors.Count;
            var citizenId = Cells.Text(Cell(IdColumn)).ToUpperInvariant();
            if (Cells.IsTruncatedNumber(Cell(IdColumn)))
            {
                errors.Add(new ImportError(number, IdColumn, "wages.import_id_number_cell", "身份证号存成了数字单元格，末尾几位已丢失：请把该列设为文本后重新填写。"));
            }
            else if (citizenId.Length != 18)
            {
                errors.Add(new ImportError(number, IdColumn, "wages.import_citizen_id", "身份证号应为 18 位。"));
            }
            var name = Cells.Text(Cell(NameColumn));
            if (name.Length == 0)
            {
                errors.Add(new ImportError(number, NameColumn, "wages.import_required", "姓名不能为空。"));
            }
            var code = "";
            try
            {
                code = CreditCode.Parse(Cells.Text(Cell(CodeColumn))).Value;
            }
            catch (DomainException e)
            {
                errors.Add(new ImportError(number, CodeColumn, e.Code, e.Message));
            }
            var employer = Cells.Text(Cell(EmployerColumn));
            if (employer.Length is 0 or > WageRecord.MaxNameLength)
            {
                errors.Add(new ImportError(number, EmployerColumn, "wages.import_employer", $"用工单位名称不能为空，不超过 {WageRecord.MaxNameLength} 个字。"));
            }
            var (year, month) = YearMonth(Cell(MonthColumn));
            if (year == 0)
            {
                errors.Add(new ImportError(number, MonthColumn, "wages.import_month", "年月应为 yyyy-MM（如 2026-03）或该月的某一天。"));
            }
            var daysText = Cells.Text(Cell(DaysColumn));
            if (!int.TryParse(daysText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days) || days > 31)
            {
                errors.Add(new ImportError(number, DaysColumn, "wages.import_days", "出勤天数应为 0–31 的整数。"));
            }
            var wage = Amount(number, Cell(WageColumn), errors);
            if (errors.Count == before)
            {
                rows.Add(new Row(number, vault.LookupHash(citizenId), name, code, employer, year, month, days, wage!.Value));
            }
        }
        if (number == 0)
        {
            errors.Add(new ImportError(1, IdColumn, "wages.import_no_header", "工作表是空的：第 1 行应为列名。"));
        }
        else if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(2, IdColumn, "wages.import_no_rows", "没有可导入的工资行。"));
        }
        return (rows, read);
    }

    /// <summary>"2026-03", "2026/3", "202603" or a date cell in the month.</summary>
    private static (int Year, int Month) YearMonth(object? cell)
    {
        if (cell is DateTime dt)
        {
            return (dt.Year, dt.Month);
        }
        var text = Cells.Text(cell).Replace('/', '-').Replace('.', '-');
        var parts = text.Split('-');
        var (yearText, monthText) = parts.Length switch
        {
            1 when text.Length == 6 => (text[..4], text[4..]),
            2 or 3 => (parts[0], parts[1]),
            _ => ("", ""),
        };
        var ok = int.TryParse(yearText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y)
            & int.TryParse(monthText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var m);
        return ok && y is >= 2000 and <= 2100 && m is >= 1 and <= 12 ? (y, m) : (0, 0);
    }

    private static Money? Amount(int row, object? cell, List<ImportError> errors)
    {
        var text = Cells.Text(cell);
        try
        {
            if (text.Length == 0)
            {
                throw new DomainException("wages.import_wage", "应发工资不能为空。");
            }
            var money = cell is double d ? Money.FromYuan((decimal)d) : Money.Parse(text.Replace(",", "", StringComparison.Ordinal));
            if (money.IsNegative)
            {
                throw new DomainException("wages.negative", "应发工资不能为负。");
            }
            return money;
        }
        catch (DomainException e)
        {
            errors.Add(new ImportError(row, WageColumn, e.Code, e.Message));
            return null;
        }
    }
}

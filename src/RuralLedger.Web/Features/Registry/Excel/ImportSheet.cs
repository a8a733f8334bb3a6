using MiniExcelLibs;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Registry;

namespace RuralLedger.Web.Features.Registry.Excel;

/// <summary>One member row of the sheet, its cells read and checked one by one (no database yet).</summary>
public sealed class ImportRow
{
    public required int Row { get; init; }

    /// <summary>The household cells as typed (trimmed), to check that the rows of one household agree.</summary>
    public required string[] Text { get; init; }

    public string HouseholdNo => Text[(int)ImportField.HouseholdNo];

    public DivisionCode? VillageCode { get; set; }

    public DivisionCode? GroupCode { get; set; }

    public HouseholdType? Type { get; set; }

    public PovertyStatus? Status { get; set; }

    public DateOnly? RegisteredOn { get; set; }

    public PovertyCause? Causes { get; set; }

    public string? BankName => Blank(Text[(int)ImportField.BankName]);

    public string? BankAccount => Blank(Text[(int)ImportField.BankAccount]);

    public string? Phone => Blank(Text[(int)ImportField.Phone]);

    public string Name => Text[(int)ImportField.Name];

    public CitizenId? CitizenId { get; set; }

    public byte[]? CitizenIdHash { get; set; }

    public Relation? Relation { get; set; }

    public LabourAbility? Labour { get; set; }

    public Health? Health { get; set; }

    public Education? Education { get; set; }

    /// <summary>Every member cell parsed: the row can become (or be compared with) a member.</summary>
    public bool MemberComplete => CitizenId is not null && CitizenIdHash is not null && Relation is not null && Labour is not null && Health is not null && Education is not null;

    public bool Has(ImportField field) => Text[(int)field].Length > 0;

    private static string? Blank(string s) => s.Length == 0 ? null : s;
}

/// <summary>
/// Reads the import sheet with MiniExcel row by row (cells as A, B, C…; MiniExcel yields blank rows too, so the n-th
/// row read is Excel row n) and parses each cell. Errors are collected, never thrown, so the preview shows all of them.
/// </summary>
public static class ImportSheet
{
    public const int MaxRows = 200_000;

    private static readonly EnumNames<HouseholdType> Types = new(RegistryNames.Of);
    private static readonly EnumNames<PovertyStatus> Statuses = new(RegistryNames.Of);
    private static readonly EnumNames<Relation> Relations = new(RegistryNames.Of);
    private static readonly EnumNames<LabourAbility> Labours = new(RegistryNames.Of);
    private static readonly EnumNames<Health> Healths = new(RegistryNames.Of);
    private static readonly EnumNames<Education> Educations = new(RegistryNames.Of);

    private static readonly ImportField[] RequiredColumns =
        [ImportField.HouseholdNo, ImportField.Name, ImportField.CitizenId, ImportField.Relation, ImportField.Labour, ImportField.Health, ImportField.Education];

    private static readonly char[] CauseSeparators = ['、', ',', '，', ';', '；', '/', ' '];

    /// <summary>The sheet 成员导入, or the first sheet when a user renamed it.</summary>
    public static string SheetOf(Stream workbook)
    {
        var names = MiniExcel.GetSheetNames(workbook);
        workbook.Position = 0;
        return names.Contains(ImportColumns.SheetName) ? ImportColumns.SheetName : names.FirstOrDefault() ?? ImportColumns.SheetName;
    }

    public static List<ImportRow> Read(Stream workbook, DateOnly today, Func<string, byte[]> hash, List<ImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var rows = new List<ImportRow>();
        var columns = new Dictionary<string, ImportField>(StringComparer.Ordinal);
        var rowNumber = 0;
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(workbook, useHeaderRow: false, sheetName: SheetOf(workbook)))
        {
            rowNumber++;
            if (rowNumber == 1)
            {
                if (!ReadHeader(cells, columns, errors))
                {
                    return rows;
                }
                continue;
            }
            if (Infrastructure.SheetCells.Pick(cells, columns, ImportColumns.All.Count) is not { } values)
            {
                continue;
            }
            if (rows.Count == MaxRows)
            {
                errors.Add(new ImportError(rowNumber, ImportColumns.Header(ImportField.HouseholdNo), "registry.import_too_many_rows", $"一次最多导入 {MaxRows:N0} 行，请分批导入。"));
                return rows;
            }
            rows.Add(Parse(rowNumber, values, today, hash, errors));
        }
        if (rowNumber == 0)
        {
            errors.Add(new ImportError(1, ImportColumns.Header(ImportField.HouseholdNo), "registry.import_no_header", $"工作表“{ImportColumns.SheetName}”是空的：第 1 行应为列名。"));
        }
        else if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(2, ImportColumns.Header(ImportField.HouseholdNo), "registry.import_no_rows", "没有可导入的数据行：请从第 2 行起每行填写一位成员。"));
        }
        return rows;
    }

    private static bool ReadHeader(IDictionary<string, object?> cells, Dictionary<string, ImportField> columns, List<ImportError> errors)
    {
        var byHeader = ImportColumns.All.ToDictionary(c => c.Header, c => c.Field, StringComparer.Ordinal);
        var seen = new HashSet<ImportField>();
        foreach (var (letter, value) in cells)
        {
            // A header may carry a "*" or "（必填）" marker that people add for themselves.
            var header = Cells.Text(value).TrimEnd('*', '＊').Replace("（必填）", "", StringComparison.Ordinal).Replace("(必填)", "", StringComparison.Ordinal).Trim();
            if (!byHeader.TryGetValue(header, out var field))
            {
                continue; // extra columns (备注…) are ignored
            }
            if (!seen.Add(field))
            {
                errors.Add(new ImportError(1, header, "registry.import_duplicate_column", $"第 1 行有两列都叫“{header}”。"));
                continue;
            }
            columns[letter] = field;
        }
        foreach (var missing in RequiredColumns.Where(f => !seen.Contains(f)))
        {
            errors.Add(new ImportError(1, ImportColumns.Header(missing), "registry.import_missing_column", $"第 1 行缺少“{ImportColumns.Header(missing)}”列。请使用导入模板。"));
        }
        return errors.Count == 0;
    }

    private static ImportRow Parse(int rowNumber, object?[] values, DateOnly today, Func<string, byte[]> hash, List<ImportError> errors)
    {
        var text = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            text[i] = Cells.Text(values[i]);
        }
        var row = new ImportRow { Row = rowNumber, Text = text };
        void Error(ImportField field, string code, string message) => errors.Add(new ImportError(rowNumber, ImportColumns.Header(field), code, message));

        if (row.HouseholdNo.Length == 0)
        {
            Error(ImportField.HouseholdNo, "registry.required", "户编号不能为空：每一行都要填写所属户的户编号。");
        }
        else if (row.HouseholdNo.Length > 30)
        {
            Error(ImportField.HouseholdNo, "registry.household_no_required", "户编号不超过 30 位。");
        }
        else if (Cells.IsTruncatedNumber(values[(int)ImportField.HouseholdNo]))
        {
            Error(ImportField.HouseholdNo, "registry.import_number_cell", "户编号是数值单元格，超过 15 位的数字已被 Excel 截断：请把该列设为文本格式后重新填写。");
        }
        row.VillageCode = Code(row, ImportField.VillageCode, AreaLevel.Village, "行政村代码应为 12 位的村级区划代码。", Error);
        row.GroupCode = Code(row, ImportField.GroupCode, AreaLevel.Group, "村民组代码应为 15 位（村代码 + 3 位组号）。", Error);
        row.Type = Choice(row, ImportField.Type, Types, required: false, Error);
        row.Status = Choice(row, ImportField.Status, Statuses, required: false, Error);
        if (row.Has(ImportField.RegisteredOn))
        {
            if (!Cells.TryDate(values[(int)ImportField.RegisteredOn], out var on))
            {
                Error(ImportField.RegisteredOn, "registry.invalid_date", $"“{text[(int)ImportField.RegisteredOn]}”不是有效日期，应为 yyyy-MM-dd（如 2024-03-01）。");
            }
            else if (on > today)
            {
                Error(ImportField.RegisteredOn, "registry.future_date", "建档日期不能晚于今天。");
            }
            else
            {
                row.RegisteredOn = on;
            }
        }
        if (row.Has(ImportField.Causes))
        {
            var causes = PovertyCause.None;
            foreach (var part in text[(int)ImportField.Causes].Split(CauseSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var match = RegistryNames.Causes.FirstOrDefault(c => c.Name == part || c.Cause.ToString().Equals(part, StringComparison.OrdinalIgnoreCase));
                if (match.Cause == PovertyCause.None)
                {
                    Error(ImportField.Causes, "registry.invalid_enum", $"致贫原因“{part}”无效，可填：{string.Join("、", RegistryNames.Causes.Select(c => c.Name))}。");
                    causes = PovertyCause.None;
                    break;
                }
                causes |= match.Cause;
            }
            row.Causes = causes == PovertyCause.None ? null : causes;
        }
        if (Cells.IsTruncatedNumber(values[(int)ImportField.BankAccount]))
        {
            Error(ImportField.BankAccount, "registry.import_number_cell", "一卡通账号是数值单元格，超过 15 位的数字已被 Excel 截断：请把该列设为文本格式后重新填写。");
        }

        if (row.Name.Length == 0)
        {
            Error(ImportField.Name, "registry.name_required", "姓名不能为空。");
        }
        if (Cells.IsTruncatedNumber(values[(int)ImportField.CitizenId]))
        {
            Error(ImportField.CitizenId, "registry.import_number_cell", "身份证号是数值单元格，后几位已被 Excel 截断：请把该列设为文本格式后重新填写。");
        }
        else if (CitizenId.TryParse(text[(int)ImportField.CitizenId], today, out var id, out var idError))
        {
            row.CitizenId = id;
            row.CitizenIdHash = hash(id.Value);
        }
        else
        {
            Error(ImportField.CitizenId, "registry.invalid_citizen_id", idError);
        }
        row.Relation = Choice(row, ImportField.Relation, Relations, required: true, Error);
        row.Labour = Choice(row, ImportField.Labour, Labours, required: true, Error);
        row.Health = Choice(row, ImportField.Health, Healths, required: true, Error);
        row.Education = Choice(row, ImportField.Education, Educations, required: true, Error);
        return row;
    }

    private static DivisionCode? Code(ImportRow row, ImportField field, AreaLevel level, string wrongLevel, Action<ImportField, string, string> error)
    {
        if (!row.Has(field))
        {
            return null;
        }
        if (!DivisionCode.TryParse(row.Text[(int)field], out var code, out var message))
        {
            error(field, "area.invalid_code", message);
            return null;
        }
        if (code.Level != level)
        {
            error(field, "area.invalid_code", wrongLevel);
            return null;
        }
        return code;
    }

    private static T? Choice<T>(ImportRow row, ImportField field, EnumNames<T> names, bool required, Action<ImportField, string, string> error) where T : struct, Enum
    {
        var column = ImportColumns.Of(field);
        if (!row.Has(field))
        {
            if (required)
            {
                error(field, "registry.required", $"{column.Header}不能为空，可填：{column.Allowed}。");
            }
            return null;
        }
        if (names.TryParse(row.Text[(int)field], out var value))
        {
            return value;
        }
        error(field, "registry.invalid_enum", $"{column.Header}“{row.Text[(int)field]}”无效，可填：{column.Allowed}。");
        return null;
    }
}

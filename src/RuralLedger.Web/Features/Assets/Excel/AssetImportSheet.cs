using System.Globalization;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Assets.Excel;

/// <summary>An owner as written in the cell: name and share in basis points (kind comes from its own column).</summary>
public sealed record OwnerCell(string Name, int BasisPoints);

/// <summary>A funding line as written: the fund source's name and the amount in fen.</summary>
public sealed record FundingCell(string Source, long Fen);

/// <summary>One asset row, its cells parsed one by one (no database yet); a null means the cell was bad or empty.</summary>
public sealed class AssetImportRow
{
    public required int Row { get; init; }

    public required string[] Text { get; init; }

    public string? Code => Text[(int)AssetField.Code] is { Length: > 0 } c ? c : null;

    public string Name => Text[(int)AssetField.Name];

    public AssetClass? Class { get; set; }

    public AssetKind? Kind { get; set; }

    public Industry? Industry { get; set; }

    public DivisionCode? Place { get; set; }

    public decimal? Quantity { get; set; }

    public long? OriginalValueFen { get; set; }

    public DateOnly? FormedOn { get; set; }

    public AssetStatus Status { get; set; } = AssetStatus.InUse;

    public List<OwnerCell>? Owners { get; set; }

    public List<HolderKind>? HolderKinds { get; set; }

    public List<FundingCell>? Funding { get; set; }

    public string? Optional(AssetField field) => Text[(int)field] is { Length: > 0 } t ? t : null;

    public bool Has(AssetField field) => Text[(int)field].Length > 0;
}

/// <summary>
/// Reads the asset sheet with MiniExcel row by row (the n-th row read is Excel row n) and parses each cell; errors are
/// collected with their row and column, never thrown, so the preview lists all of them.
/// </summary>
public static partial class AssetImportSheet
{
    public const int MaxRows = 20_000;

    private static readonly EnumNames<AssetClass> Classes = new(AssetNames.Of);
    private static readonly EnumNames<AssetKind> Kinds = new(AssetNames.Of);
    private static readonly EnumNames<Industry> Industries = new(AssetNames.Of);
    private static readonly EnumNames<AssetStatus> Statuses = new(AssetNames.Of);
    private static readonly EnumNames<HolderKind> HolderKindNames = new(AssetNames.Of);

    private static readonly char[] ListSeparators = [';', '；'];
    private static readonly char[] PairSeparators = [':', '：'];

    public static string SheetOf(Stream workbook)
    {
        var names = MiniExcel.GetSheetNames(workbook);
        workbook.Position = 0;
        return names.Contains(AssetColumns.ImportSheet) ? AssetColumns.ImportSheet
            : names.Contains(AssetColumns.ExportSheet) ? AssetColumns.ExportSheet
            : names.FirstOrDefault() ?? AssetColumns.ImportSheet;
    }

    public static List<AssetImportRow> Read(Stream workbook, DateOnly today, List<ImportError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var rows = new List<AssetImportRow>();
        var columns = new Dictionary<string, AssetField>(StringComparer.Ordinal);
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
            if (Infrastructure.SheetCells.Pick(cells, columns, AssetColumns.All.Count) is not { } values)
            {
                continue;
            }
            if (rows.Count == MaxRows)
            {
                errors.Add(new ImportError(rowNumber, AssetColumns.Name, "assets.import_too_many_rows", $"一次最多导入 {MaxRows:N0} 行，请分批导入。"));
                return rows;
            }
            rows.Add(Parse(rowNumber, values, today, errors));
        }
        if (rowNumber == 0)
        {
            errors.Add(new ImportError(1, AssetColumns.Name, "assets.import_no_header", "工作表是空的：第 1 行应为列名。"));
        }
        else if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(2, AssetColumns.Name, "assets.import_no_rows", "没有可导入的数据行：请从第 2 行起每行填写一项资产。"));
        }
        return rows;
    }

    private static bool ReadHeader(IDictionary<string, object?> cells, Dictionary<string, AssetField> columns, List<ImportError> errors)
    {
        var byHeader = AssetColumns.All.ToDictionary(c => c.Header, c => c.Field, StringComparer.Ordinal);
        var seen = new HashSet<AssetField>();
        foreach (var (letter, value) in cells)
        {
            var header = Cells.Text(value).TrimEnd('*', '＊').Replace("（必填）", "", StringComparison.Ordinal).Replace("(必填)", "", StringComparison.Ordinal)
                .Replace("(元)", "（元）", StringComparison.Ordinal).Trim();
            if (!byHeader.TryGetValue(header, out var field))
            {
                continue; // 乡镇、行政村 of an exported ledger, 备注 …: ignored
            }
            if (!seen.Add(field))
            {
                errors.Add(new ImportError(1, header, "assets.import_duplicate_column", $"第 1 行有两列都叫“{header}”。"));
                continue;
            }
            columns[letter] = field;
        }
        foreach (var missing in AssetColumns.All.Where(c => c.Required && !seen.Contains(c.Field)))
        {
            errors.Add(new ImportError(1, missing.Header, "assets.import_missing_column", $"第 1 行缺少“{missing.Header}”列。请使用导入模板。"));
        }
        return errors.Count == 0;
    }

    private static AssetImportRow Parse(int rowNumber, object?[] values, DateOnly today, List<ImportError> errors)
    {
        var text = values.Select(Cells.Text).ToArray();
        var row = new AssetImportRow { Row = rowNumber, Text = text };
        void Error(AssetField field, string code, string message) => errors.Add(new ImportError(rowNumber, AssetColumns.Header(field), code, message));

        if (row.Code is { } code)
        {
            if (code.Length > 30)
            {
                Error(AssetField.Code, "assets.code_length", "资产编码不超过 30 位。");
            }
            else if (code.StartsWith("ZC", StringComparison.Ordinal) && SystemPrefix().IsMatch(code) && !SystemCode().IsMatch(code))
            {
                Error(AssetField.Code, "assets.code_format", $"资产编码“{code}”以系统编码前缀开头，格式须为 ZC+6 位县代码-4 位年度-5 位序号（如 ZC522699-2024-00001）。");
            }
        }
        if (row.Name.Length == 0)
        {
            Error(AssetField.Name, "assets.required", "资产名称不能为空。");
        }
        row.Class = Choice(row, AssetField.Class, Classes, Error);
        row.Kind = Choice(row, AssetField.Kind, Kinds, Error);
        row.Industry = Choice(row, AssetField.Industry, Industries, Error);
        if (!row.Has(AssetField.PlaceCode))
        {
            Error(AssetField.PlaceCode, "assets.required", "所在地代码不能为空。");
        }
        else if (!DivisionCode.TryParse(text[(int)AssetField.PlaceCode], out var place, out var placeError))
        {
            Error(AssetField.PlaceCode, "area.invalid_code", placeError);
        }
        else if (place.Level == AreaLevel.Group)
        {
            Error(AssetField.PlaceCode, "assets.place_group", "资产所在地最小到行政村，请填 12 位行政村、乡镇或县代码。");
        }
        else
        {
            row.Place = place;
        }
        if (!row.Has(AssetField.Quantity))
        {
            Error(AssetField.Quantity, "assets.required", "数量不能为空。");
        }
        else if (!TryDecimal(values[(int)AssetField.Quantity], out var quantity) || quantity <= 0 || decimal.Round(quantity, 2) != quantity)
        {
            Error(AssetField.Quantity, "assets.quantity", $"数量“{text[(int)AssetField.Quantity]}”无效：须为大于零的数字，最多两位小数。");
        }
        else
        {
            row.Quantity = quantity;
        }
        if (!row.Has(AssetField.Unit))
        {
            Error(AssetField.Unit, "assets.required", "计量单位不能为空。");
        }
        if (row.Has(AssetField.OriginalValue))
        {
            row.OriginalValueFen = Fen(values[(int)AssetField.OriginalValue], text[(int)AssetField.OriginalValue], m => Error(AssetField.OriginalValue, "assets.amount", m));
        }
        if (!row.Has(AssetField.FormedOn))
        {
            Error(AssetField.FormedOn, "assets.required", "形成日期不能为空。");
        }
        else if (!Cells.TryDate(values[(int)AssetField.FormedOn], out var formedOn))
        {
            Error(AssetField.FormedOn, "assets.invalid_date", $"“{text[(int)AssetField.FormedOn]}”不是有效日期，应为 yyyy-MM-dd（如 2021-06-30）。");
        }
        else if (formedOn > today)
        {
            Error(AssetField.FormedOn, "assets.future_date", "形成日期不能晚于今天。");
        }
        else
        {
            row.FormedOn = formedOn;
        }
        if (row.Has(AssetField.Status))
        {
            if (!Statuses.TryParse(text[(int)AssetField.Status], out var status))
            {
                Error(AssetField.Status, "assets.invalid_enum", $"状态“{text[(int)AssetField.Status]}”无效，可填：在用、闲置、毁损。");
            }
            else if (status == AssetStatus.Disposed)
            {
                Error(AssetField.Status, "assets.import_disposed", "已处置的资产不能导入：资产处置须经村民代表会议决议、乡镇审核和县级审批。");
            }
            else
            {
                row.Status = status;
            }
        }
        row.Owners = Owners(text[(int)AssetField.Owners], m => Error(AssetField.Owners, "assets.owners", m));
        row.HolderKinds = HolderKindsOf(text[(int)AssetField.HolderKinds], row.Owners?.Count, m => Error(AssetField.HolderKinds, "assets.holder_kind", m));
        row.Funding = Funding(text[(int)AssetField.Funding], m => Error(AssetField.Funding, "assets.funding", m));
        if (row.Funding is { } funding && row.OriginalValueFen is { } value && funding.Sum(f => f.Fen) != value)
        {
            Error(AssetField.OriginalValue, "assets.value_mismatch",
                $"原值 {Yuan(value)} 元与资金合计 {Yuan(funding.Sum(f => f.Fen))} 元不符：原值等于各项资金之和。");
        }
        return row;
    }

    private static List<OwnerCell>? Owners(string text, Action<string> error)
    {
        if (text.Length == 0)
        {
            error($"所有权人及份额不能为空，例如：{AssetColumns.OwnersExample}。");
            return null;
        }
        var parts = text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var owners = new List<OwnerCell>();
        foreach (var part in parts)
        {
            var pair = part.Split(PairSeparators, 2, StringSplitOptions.TrimEntries);
            var name = pair[0];
            if (name.Length == 0)
            {
                error($"“{part}”缺少所有权人名称。");
                return null;
            }
            if (pair.Length == 1)
            {
                if (parts.Length > 1)
                {
                    error($"共有时每个所有权人都要写份额：“{name}”后缺少“:份额”。例如：{AssetColumns.OwnersExample}。");
                    return null;
                }
                owners.Add(new OwnerCell(name, Asset.FullShare));
                continue;
            }
            Rate share;
            try
            {
                share = Rate.Parse(pair[1].Trim().TrimEnd('%', '％'));
            }
            catch (DomainException e)
            {
                error($"“{name}”的份额“{pair[1]}”无效：{e.Message}");
                return null;
            }
            if (share <= Rate.Zero)
            {
                error($"“{name}”的份额“{pair[1]}”无效：须为 0.01 至 100 之间的百分数。");
                return null;
            }
            owners.Add(new OwnerCell(name, share.BasisPoints));
        }
        var total = owners.Sum(o => o.BasisPoints);
        if (total != Asset.FullShare)
        {
            error($"共有份额合计须恰好为 100%，现为 {(total / 100m).ToString("0.##", CultureInfo.InvariantCulture)}%。");
            return null;
        }
        if (owners.GroupBy(o => o.Name).Any(g => g.Count() > 1))
        {
            error("同一所有权人只能写一次。");
            return null;
        }
        return owners;
    }

    private static List<HolderKind>? HolderKindsOf(string text, int? owners, Action<string> error)
    {
        if (text.Length == 0)
        {
            error($"所有权人类型不能为空，可填：{AssetColumns.All[(int)AssetField.HolderKinds].Allowed}。");
            return null;
        }
        var kinds = new List<HolderKind>();
        foreach (var part in text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!HolderKindNames.TryParse(part, out var kind))
            {
                error($"所有权人类型“{part}”无效，可填：{AssetColumns.All[(int)AssetField.HolderKinds].Allowed}。");
                return null;
            }
            if (kind == HolderKind.Household)
            {
                error("农户所有权人须关联户档案，不能通过导入登记：请在资产页面逐项登记。");
                return null;
            }
            kinds.Add(kind);
        }
        if (owners is { } n && kinds.Count != 1 && kinds.Count != n)
        {
            error($"写了 {kinds.Count} 个类型，但有 {n} 个所有权人：请按顺序逐个写，或只写一个类型表示全部相同。");
            return null;
        }
        return kinds;
    }

    private static List<FundingCell>? Funding(string text, Action<string> error)
    {
        if (text.Length == 0)
        {
            error($"资金来源及金额不能为空，例如：{AssetColumns.FundingExample}。");
            return null;
        }
        var lines = new List<FundingCell>();
        foreach (var part in text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split(PairSeparators, 2, StringSplitOptions.TrimEntries);
            if (pair.Length < 2 || pair[0].Length == 0)
            {
                error($"“{part}”应写成“资金名称:金额”，例如：{AssetColumns.FundingExample}。");
                return null;
            }
            var ok = true;
            var fen = Fen(pair[1].Replace(",", "", StringComparison.Ordinal), pair[1], m =>
            {
                error($"“{pair[0]}”的金额：{m}");
                ok = false;
            });
            if (!ok || fen is null)
            {
                return null;
            }
            if (fen <= 0)
            {
                error($"“{pair[0]}”的金额须大于零。");
                return null;
            }
            lines.Add(new FundingCell(pair[0], fen.Value));
        }
        if (lines.GroupBy(l => l.Source).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            error($"资金来源“{twice.Key}”写了两次：同一资金来源只能写一项。");
            return null;
        }
        return lines;
    }

    /// <summary>Yuan with at most two decimals, from a number cell or text; more decimals are refused, never rounded.</summary>
    private static long? Fen(object? value, string text, Action<string> error)
    {
        if (!TryDecimal(value, out var yuan))
        {
            error($"“{text}”不是金额：请填数字（元），最多两位小数。");
            return null;
        }
        if (decimal.Round(yuan, 2) != yuan)
        {
            error($"金额 {text} 元超过两位小数（分）。");
            return null;
        }
        if (yuan < 0 || yuan > 100_000_000_000m)
        {
            error($"金额 {text} 元超出范围。");
            return null;
        }
        return (long)(yuan * 100);
    }

    private static bool TryDecimal(object? value, out decimal result)
    {
        switch (value)
        {
            case double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) < 1e15:
                // Excel keeps 15 significant digits; the decimal conversion rounds to those, so 120000.5 stays 120000.5.
                result = (decimal)d;
                return true;
            case decimal m:
                result = m;
                return true;
            case string s:
                return decimal.TryParse(s.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out result);
            default:
                result = 0;
                return false;
        }
    }

    private static string Yuan(long fen) => (fen / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);

    private static T? Choice<T>(AssetImportRow row, AssetField field, EnumNames<T> names, Action<AssetField, string, string> error) where T : struct, Enum
    {
        var column = AssetColumns.All[(int)field];
        if (!row.Has(field))
        {
            error(field, "assets.required", $"{column.Header}不能为空，可填：{column.Allowed}。");
            return null;
        }
        if (names.TryParse(row.Text[(int)field], out var value))
        {
            return value;
        }
        error(field, "assets.invalid_enum", $"{column.Header}“{row.Text[(int)field]}”无效，可填：{column.Allowed}。");
        return null;
    }

    [GeneratedRegex(@"^ZC\d{6}-")]
    private static partial Regex SystemPrefix();

    [GeneratedRegex(@"^ZC\d{6}-\d{4}-\d{5}$")]
    private static partial Regex SystemCode();
}

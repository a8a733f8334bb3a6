using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;
using RuralLedger.Web.Features.Credit;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage;

/// <summary>A row an import would write (or wrote): what record, whose, and a one-line summary.</summary>
public sealed record LinkageImportItem(int Row, string Record, string Household, string Summary);

/// <summary>
/// The outcome of a preview or a confirmation of an agreement, land or training sheet: rows read, new and already
/// recorded (skipped) records, the first <see cref="LinkageSheet.ShownItems"/> new ones, errors by row and column.
/// <see cref="Token"/> names the kept file while it awaits confirmation.
/// </summary>
public sealed record LinkageImportResult(string? Token, string FileName, string Sha256, int Rows, int New, int Existing, IReadOnlyList<LinkageImportItem> Items,
    IReadOnlyList<ImportError> Errors, bool Written)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>
/// How the linkage sheets (agreements, land transfers, training attendees) are read: the shared header reader, blank
/// rows skipped, a row limit, and cells parsed into the kit's types with errors naming the row and column. Codes are
/// <c>{prefix}.import_*</c>.
/// </summary>
internal static class LinkageSheet
{
    public const int ShownItems = 200;

    public sealed class Row(int number, Dictionary<string, string> letters, IDictionary<string, object?> cells)
    {
        public int Number => number;

        public object? this[string header] => cells.TryGetValue(letters[header], out var v) ? v : null;

        public string Text(string header) => Cells.Text(this[header]);
    }

    /// <summary>The data rows of <paramref name="sheet"/> (or the first sheet; xlsx or CSV); a missing column, an empty sheet or too many rows is an error.</summary>
    public static List<Row> Read(Stream workbook, string sheet, IReadOnlyList<string> columns, int maxRows, string prefix, List<ImportError> errors)
    {
        var rows = new List<Row>();
        var letters = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (IDictionary<string, object?> cells in ImportSheets.Lines(workbook, sheet))
        {
            number++;
            if (number == 1)
            {
                if (!ImportSheets.Headers(cells, columns, letters, errors, prefix))
                {
                    return rows;
                }
                continue;
            }
            var row = new Row(number, letters, cells);
            if (columns.All(c => row.Text(c).Length == 0))
            {
                continue;
            }
            if (rows.Count == maxRows)
            {
                errors.Add(new ImportError(number, columns[0], prefix + ".import_too_many_rows", $"一次最多导入 {maxRows:N0} 行，请分批导入。"));
                return rows;
            }
            rows.Add(row);
        }
        if (number == 0)
        {
            errors.Add(new ImportError(1, columns[0], prefix + ".import_no_header", "工作表是空的：第 1 行应为列名。"));
        }
        else if (rows.Count == 0)
        {
            errors.Add(new ImportError(2, columns[0], prefix + ".import_no_rows", "没有可导入的行。"));
        }
        return rows;
    }

    /// <summary>An empty sheet with the columns, for the enterprise, cooperative or trainer to fill.</summary>
    public static async Task<byte[]> TemplateAsync(string sheet, IReadOnlyList<string> columns, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { [sheet] = new[] { columns.ToDictionary(c => c, _ => (object?)null) } }, cancellationToken: ct);
        return buffer.ToArray();
    }

    public static string Required(Row row, string column, int max, string prefix, List<ImportError> errors)
    {
        var text = row.Text(column);
        if (text.Length == 0 || text.Length > max)
        {
            errors.Add(new ImportError(row.Number, column, prefix + ".import_text", $"{column}不能为空，不超过 {max} 个字。"));
        }
        return text;
    }

    public static DateOnly Date(Row row, string column, string prefix, List<ImportError> errors)
    {
        if (Cells.TryDate(row[column], out var date) && date.Year is >= 2000 and <= 2100)
        {
            return date;
        }
        errors.Add(new ImportError(row.Number, column, prefix + ".import_date", $"{column}应为日期（yyyy-MM-dd），年份在 2000–2100 之间。"));
        return default;
    }

    /// <summary>Yuan as Excel shows it (a number cell or text, thousands separators allowed); empty is zero when not required.</summary>
    public static Money Yuan(Row row, string column, bool required, string prefix, List<ImportError> errors) =>
        Number(row, column, required, prefix, errors, text => Money.Parse(text), Money.Zero);

    /// <summary>A measure to 0.01 (亩, hours); more decimals are refused, not rounded.</summary>
    public static Hundredths Measure(Row row, string column, string prefix, List<ImportError> errors) =>
        Number(row, column, true, prefix, errors, text => Hundredths.From(decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture), column, column), Hundredths.Zero);

    /// <summary>是/否 (also 1/0, Y/N, √); empty is <paramref name="empty"/>.</summary>
    public static bool YesNo(Row row, string column, bool empty, string prefix, List<ImportError> errors)
    {
        switch (row.Text(column).ToUpperInvariant())
        {
            case "":
                return empty;
            case "是" or "1" or "Y" or "YES" or "TRUE" or "√":
                return true;
            case "否" or "0" or "N" or "NO" or "FALSE" or "×":
                return false;
            default:
                errors.Add(new ImportError(row.Number, column, prefix + ".import_yes_no", $"{column}应填“是”或“否”。"));
                return empty;
        }
    }

    /// <summary>
    /// Writes a valid sheet's new records in one transaction (<paramref name="add"/> may take numbers from the counter
    /// inside it); a unique key hit by a concurrent import of the same rows is 409 <c>{prefix}.import_race</c>.
    /// </summary>
    public static async Task WriteAsync(RuralDbContext db, Func<Task> add, string prefix, string what, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await add();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException(prefix + ".import_race", $"同一{what}正被另一次导入写入，请刷新后重试。");
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>The outcome: errors in row order; an invalid sheet counts and shows nothing new. Nothing of it stays tracked.</summary>
    public static LinkageImportResult Outcome(RuralDbContext db, StoredImport file, int rows, int fresh, int existing, IReadOnlyList<LinkageImportItem> items,
        List<ImportError> errors, bool written)
    {
        db.ChangeTracker.Clear();
        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        var valid = errors.Count == 0;
        return new LinkageImportResult(file.Id, file.FileName, file.Sha256, rows, valid ? fresh : 0, existing, valid ? items : [], errors, written);
    }

    /// <summary>A GB 32100 credit code, or null when the column is empty and <paramref name="required"/> is false.</summary>
    public static string? CreditCodeOf(Row row, string column, bool required, List<ImportError> errors)
    {
        var text = row.Text(column);
        if (text.Length == 0 && !required)
        {
            return null;
        }
        try
        {
            return Core.Contracts.CreditCode.Parse(text).Value;
        }
        catch (DomainException e)
        {
            errors.Add(new ImportError(row.Number, column, e.Code, e.Message));
            return null;
        }
    }

    /// <summary>
    /// The template, preview and confirmation routes of a sheet imported into <paramref name="api"/>'s records (agreements,
    /// land): <c>/import/template</c>, <c>/import</c>, <c>/import/{token}/confirm</c>.
    /// </summary>
    public static void MapSheetImport<TImport>(this RouteGroupBuilder api, string name, string prefix, string what, string previewSummary,
        Func<TImport, Func<StoredImport, CancellationToken, Task<LinkageImportResult>>> preview,
        Func<TImport, Func<StoredImport, CancellationToken, Task<LinkageImportResult>>> import, Func<CancellationToken, Task<byte[]>> template)
        where TImport : notnull
    {
        api.MapGet("/import/template", async (CancellationToken ct) => TypedResults.File(await template(ct), RegistryExcel.XlsxContentType, $"{what}模板.xlsx"))
            .WithName(name + "ImportTemplate")
            .WithSummary($"下载{what}模板（xlsx）")
            .Produces(StatusCodes.Status200OK, contentType: RegistryExcel.XlsxContentType);

        // The import is resolved here, not bound: a handler's parameter of a type parameter trips the route analyzer.
        api.MapPost("/import", async (HttpRequest request, ImportFileStore store, CancellationToken ct) =>
                Answer(await PreviewAsync(store, await FileAsync(request, prefix, ct), preview(request.HttpContext.RequestServices.GetRequiredService<TImport>()), ct),
                    what, prefix))
            .RequireAuthorization(Policies.EditRegistry)
            .DisableAntiforgery()
            .WithName("Preview" + name + "Import")
            .WithSummary(previewSummary)
            .Produces<LinkageImportResult>()
            .ProducesValidationProblem();

        api.MapPost("/import/{token}/confirm", async (string token, HttpContext http, ImportFileStore store, CancellationToken ct) =>
                Answer(await ConfirmAsync(store, token, import(http.RequestServices.GetRequiredService<TImport>()), ct), what, prefix))
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("Confirm" + name + "Import")
            .WithSummary($"确认导入{what}（重新校验，全部写入或全不写入；重复导入不改变任何数据）")
            .Produces<LinkageImportResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>The uploaded file, read from the form here rather than bound, so a record outside the scope can answer 404 first.</summary>
    public static async Task<IFormFile> FileAsync(HttpRequest request, string prefix, CancellationToken ct) =>
        (request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files.GetFile("file") : null)
        ?? throw new DomainException(prefix + ".import_no_file", "请以 multipart/form-data 上传文件，字段名为 file。", "file");

    /// <summary>A valid preview or import is 200; a sheet with errors is 400 listing them by row and column (nothing written).</summary>
    public static IResult Answer(LinkageImportResult result, string what, string prefix) => result.Valid
        ? TypedResults.Ok(result)
        : TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: ErrorHandling.TitleFor(StatusCodes.Status400BadRequest),
            detail: $"{what}有 {result.Errors.Count} 处错误，未写入任何数据。",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = prefix + ".import_invalid",
                ["errors"] = result.Errors,
                ["rows"] = result.Rows,
                ["sha256"] = result.Sha256,
            });

    /// <summary>Previews a staged upload: the file is kept under the result's token only while it has new rows to confirm.</summary>
    public static Task<LinkageImportResult> PreviewAsync(ImportFileStore store, IFormFile file, Func<StoredImport, CancellationToken, Task<LinkageImportResult>> preview,
        CancellationToken ct) =>
        StagedImport.PreviewAsync(store, file, preview, r => r.Valid && r.New > 0, r => r with { Token = null }, ct);

    public static Task<LinkageImportResult> ConfirmAsync(ImportFileStore store, string token, Func<StoredImport, CancellationToken, Task<LinkageImportResult>> import,
        CancellationToken ct) =>
        StagedImport.ConfirmAsync(store, token, import, r => r with { Token = null }, ct);

    private static T Number<T>(Row row, string column, bool required, string prefix, List<ImportError> errors, Func<string, T> parse, T empty)
    {
        var cell = row[column];
        // A double keeps at most 15 digits, so its decimal text is what Excel shows.
        var text = cell is double d ? ((decimal)d).ToString(CultureInfo.InvariantCulture) : Cells.Text(cell).Replace(",", "", StringComparison.Ordinal);
        if (text.Length == 0)
        {
            if (required)
            {
                errors.Add(new ImportError(row.Number, column, prefix + ".import_required", $"{column}不能为空。"));
            }
            return empty;
        }
        try
        {
            return parse(text);
        }
        catch (DomainException e)
        {
            errors.Add(new ImportError(row.Number, column, e.Code, e.Message));
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            errors.Add(new ImportError(row.Number, column, prefix + ".import_number", $"{column}应为数字。"));
        }
        return empty;
    }
}

using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Linkage.Orders;

public sealed record DeliveryImportItem(int Row, string HouseholdNo, string HeadName, DateOnly DeliveredOn, decimal WeightKg, Money PricePaid, Money Amount);

/// <summary>The outcome of a preview or a confirmation, as the payroll import answers (<c>PayrollImportResult</c>).</summary>
public sealed record DeliveryImportResult(string? Token, string FileName, string Sha256, int Rows, int New, int Existing, Money NewAmount,
    IReadOnlyList<DeliveryImportItem> Items, IReadOnlyList<ImportError> Errors, bool Written)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>
/// A buyer's delivery sheet for one order (xlsx: 户编号, 户主, 交售日期, 重量（千克）, 市场价（元/千克）), all or nothing, the
/// payroll import's pattern: households found in the caller's scope with the head's name as a check, prices by the
/// order's rule. A delivery already recorded (same household and day) with the same weight and market price is skipped,
/// so the same sheet again changes nothing; the same delivery with other figures is an error, never an overwrite.
/// </summary>
public sealed class DeliveryImport(RuralDbContext db, OrderCommands orders, TimeProvider clock)
{
    public const int MaxRows = 50_000;

    public const int ShownItems = 200;

    public const string Sheet = "交售记录";

    private const string HouseholdColumn = "户编号";
    private const string HeadColumn = "户主";
    private const string DateColumn = "交售日期";
    private const string WeightColumn = "重量（千克）";
    private const string PriceColumn = "市场价（元/千克）";

    private static readonly string[] Columns = [HouseholdColumn, HeadColumn, DateColumn, WeightColumn, PriceColumn];

    private sealed record Row(int Number, string HouseholdNo, string Head, DateOnly On, Hundredths Weight, Money Market);

    public Task<DeliveryImportResult> PreviewAsync(long orderId, StoredImport file, CancellationToken ct) => RunAsync(orderId, file, write: false, ct);

    public Task<DeliveryImportResult> ImportAsync(long orderId, StoredImport file, CancellationToken ct) => RunAsync(orderId, file, write: true, ct);

    public static async Task<byte[]> TemplateAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { [Sheet] = new[] { Columns.ToDictionary(c => c, _ => (object?)null) } }, cancellationToken: ct);
        return buffer.ToArray();
    }

    private async Task<DeliveryImportResult> RunAsync(long orderId, StoredImport file, bool write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var order = await orders.FindAsync(orderId, ct);
        var errors = new List<ImportError>();
        List<Row> rows;
        int read;
        using (var workbook = file.Open())
        {
            (rows, read) = Read(workbook, BusinessCalendar.Today(clock), errors);
        }
        var households = await LinkageRecords.HouseholdsAsync(db, rows.Select(r => r.HouseholdNo), ct);
        var ids = households.Values.Select(h => h.Id).ToList();
        // The key is unique per order whoever recorded it, so the check sees deliveries outside the caller's scope too.
        var recorded = new Dictionary<(HouseholdId, DateOnly), (Hundredths Weight, Money Market)>();
        foreach (var chunk in ids.Chunk(1_000))
        {
            foreach (var d in await db.FarmDeliveries.IgnoreQueryFilters().AsNoTracking().Where(d => d.OrderId == order.Id && chunk.Contains(d.HouseholdId))
                         .Select(d => new { d.HouseholdId, d.DeliveredOn, d.WeightKg, d.MarketPrice }).ToListAsync(ct))
            {
                recorded[(d.HouseholdId, d.DeliveredOn)] = (d.WeightKg, d.MarketPrice);
            }
        }
        var inFile = new HashSet<(HouseholdId, DateOnly)>();
        var fresh = new List<FarmDelivery>();
        var items = new List<DeliveryImportItem>();
        var existing = 0;
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            if (!households.TryGetValue(row.HouseholdNo, out var h))
            {
                errors.Add(new ImportError(row.Number, HouseholdColumn, "linkage.household_unknown", $"户编号 {row.HouseholdNo} 不存在或不在您的权限范围内。"));
                continue;
            }
            if (h.HeadName != row.Head)
            {
                errors.Add(new ImportError(row.Number, HeadColumn, "orders.head_mismatch", $"户主“{row.Head}”与档案中该户的户主不一致。"));
                continue;
            }
            if (!inFile.Add((h.Id, row.On)))
            {
                errors.Add(new ImportError(row.Number, DateColumn, "orders.duplicate_row", "文件中同一户同一天的交售出现了两行。"));
                continue;
            }
            if (recorded.TryGetValue((h.Id, row.On), out var before))
            {
                if (before.Weight == row.Weight && before.Market == row.Market)
                {
                    existing++;
                }
                else
                {
                    errors.Add(new ImportError(row.Number, WeightColumn, "orders.conflicts_recorded", "该户当天的交售已登记，重量或市场价与本行不一致；已登记的交售不能由导入改写。"));
                }
                continue;
            }
            try
            {
                var d = new FarmDelivery(order, h, row.On, row.Weight, row.Market, db.Access.ActorName, now);
                fresh.Add(d);
                if (items.Count < ShownItems)
                {
                    items.Add(new DeliveryImportItem(row.Number, h.HouseholdNo, h.HeadName, row.On, row.Weight.Decimal, d.PricePaid, d.Amount));
                }
            }
            catch (DomainException e)
            {
                errors.Add(new ImportError(row.Number, e.Field == "weightKg" ? WeightColumn : PriceColumn, e.Code, e.Message));
            }
        }
        var written = false;
        if (errors.Count == 0 && write && fresh.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.FarmDeliveries.AddRange(fresh);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                throw new ConflictException("orders.import_race", "同一交售表正被另一次导入写入，请刷新后重试。");
            }
            await transaction.CommitAsync(ct);
            written = true;
        }
        db.ChangeTracker.Clear();
        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        var valid = errors.Count == 0;
        return new DeliveryImportResult(file.Id, file.FileName, file.Sha256, read,
            valid ? fresh.Count : 0, existing, valid ? Money.Sum(fresh.Select(f => f.Amount)) : Money.Zero, valid ? items : [], errors, written);
    }

    private static (List<Row> Rows, int Read) Read(Stream workbook, DateOnly today, List<ImportError> errors)
    {
        var rows = new List<Row>();
        var read = 0;
        var letters = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        var sheets = MiniExcel.GetSheetNames(workbook);
        workbook.Position = 0;
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(workbook, useHeaderRow: false, sheetName: sheets.Contains(Sheet) ? Sheet : sheets.FirstOrDefault()))
        {
            number++;
            if (number == 1)
            {
                if (!ImportSheets.Headers(cells, Columns, letters, errors, "orders."))
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
                errors.Add(new ImportError(number, HouseholdColumn, "orders.import_too_many_rows", $"一次最多导入 {MaxRows:N0} 行，请分批导入。"));
                return (rows, read);
            }
            read++;
            var before = errors.Count;
            var household = Cells.Text(Cell(HouseholdColumn));
            var head = Cells.Text(Cell(HeadColumn));
            if (household.Length == 0)
            {
                errors.Add(new ImportError(number, HouseholdColumn, "orders.import_required", "户编号不能为空。"));
            }
            if (!Cells.TryDate(Cell(DateColumn), out var on) || on.Year < 2000 || on > today)
            {
                errors.Add(new ImportError(number, DateColumn, "orders.import_date", "交售日期应为 yyyy-MM-dd，且不晚于今天。"));
            }
            var weight = Parse(number, WeightColumn, Cell(WeightColumn), errors, text => Hundredths.From(decimal.Parse(text, System.Globalization.NumberStyles.Number,
                System.Globalization.CultureInfo.InvariantCulture), "weightKg", "重量"));
            var market = Parse(number, PriceColumn, Cell(PriceColumn), errors, text => Money.Parse(text));
            if (errors.Count == before)
            {
                rows.Add(new Row(number, household, head, on, weight, market));
            }
        }
        if (number == 0)
        {
            errors.Add(new ImportError(1, HouseholdColumn, "orders.import_no_header", "工作表是空的：第 1 行应为列名。"));
        }
        else if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new ImportError(2, HouseholdColumn, "orders.import_no_rows", "没有可导入的交售行。"));
        }
        return (rows, read);
    }

    /// <summary>A number cell read as Excel shows it (a double keeps at most 15 digits, so its decimal text is exact here).</summary>
    private static T Parse<T>(int row, string column, object? cell, List<ImportError> errors, Func<string, T> parse)
        where T : struct
    {
        var text = cell is double d ? ((decimal)d).ToString(System.Globalization.CultureInfo.InvariantCulture) : Cells.Text(cell).Replace(",", "", StringComparison.Ordinal);
        try
        {
            return text.Length == 0 ? throw new DomainException("orders.import_required", $"{column}不能为空。") : parse(text);
        }
        catch (DomainException e)
        {
            errors.Add(new ImportError(row, column, e.Code, e.Message));
        }
        catch (FormatException)
        {
            errors.Add(new ImportError(row, column, "orders.import_number", $"{column}应为数字。"));
        }
        catch (OverflowException)
        {
            errors.Add(new ImportError(row, column, "orders.import_number", $"{column}过大。"));
        }
        return default;
    }
}

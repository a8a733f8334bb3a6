using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets.Excel;

/// <summary>A finished ledger export: a temporary file that deletes itself when the stream closes, its download name and row count.</summary>
public sealed record LedgerFile(Stream Content, string FileName, int Rows);

/// <summary>
/// What the four ledger exports share: MiniExcel writes rows as the database streams them onto a temporary file (a
/// county's ledger never sits in memory as a list), then one audited <c>export</c> event names the ledger, the filter
/// and the row count, as the registry export does.
/// </summary>
public sealed class LedgerExportWriter(RuralDbContext db, AuditWriter audit, TimeProvider clock)
{
    public const string MoneyFormat = "#,##0.00";

    public RuralDbContext Db => db;

    public async Task<LedgerFile> WriteAsync(string title, string entityType, Dictionary<string, object> sheets, Func<int> rows, IReadOnlyDictionary<string, string?> filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        ArgumentNullException.ThrowIfNull(rows);
        var path = Path.Combine(Path.GetTempPath(), "rl-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await MiniExcel.SaveAsAsync(file, sheets, configuration: new OpenXmlConfiguration { FreezeRowCount = 1, AutoFilter = true }, cancellationToken: ct);
            file.Position = 0;
            var kept = filter.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value);
            await audit.AppendAsync(db, [new AuditRecord(ChainKey(), "export", entityType, "*", null, Json.Object(("filter", kept), ("rows", rows())))], ct);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        var stamp = BusinessCalendar.Now(clock).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return new LedgerFile(file, $"{title}_{stamp}.xlsx", rows());
    }

    /// <summary>Names of the areas the caller sees (a county has a few hundred), for the 乡镇/行政村 columns.</summary>
    public async Task<Dictionary<string, string>> AreaNamesAsync(CancellationToken ct) =>
        await db.Areas.AsNoTracking().Select(a => new { a.Code, a.Name }).ToDictionaryAsync(a => a.Code.Value, a => a.Name, ct);

    /// <summary>The county's fund sources by id (reference data: tens of rows).</summary>
    public async Task<Dictionary<FundSourceId, string>> FundNamesAsync(CancellationToken ct) =>
        await db.FundSources.AsNoTracking().Select(f => new { f.Id, f.Name }).ToDictionaryAsync(f => f.Id, f => f.Name, ct);

    private string ChainKey() => db.Access.Scope.CountyCode is { Length: > 0 } county ? county : AuditWriter.SystemChain;
}

/// <summary>Cells and filters shared by the exports.</summary>
internal static class ExportText
{
    public static string Yuan(Money m) => m.Yuan.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Percent(int basisPoints) => (basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Name(Dictionary<string, string> names, DivisionCode? code) =>
        code is { } c ? names.GetValueOrDefault(c.Value, c.Value) : "";

    public static DivisionCode? Code(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null : DivisionCode.Parse(text.Trim(), field);

    public static (DateOnly From, DateOnly To)? Year(int? year) =>
        year is { } y ? (y is >= 2000 and <= 2100 ? (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31)) : throw new DomainException("assets.year", "年度应在 2000–2100 之间。", "year")) : null;
}

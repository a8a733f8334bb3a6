using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Credit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

public sealed class SubsidyClaimSheetRow
{
    public const string MoneyFormat = "#,##0.00";

    [ExcelColumn(Name = "贷款编号", Width = 22)] public string LoanNumber { get; init; } = "";
    [ExcelColumn(Name = "借款人", Width = 10)] public string Borrower { get; init; } = "";
    [ExcelColumn(Name = "所在地", Width = 22)] public string Place { get; init; } = "";
    [ExcelColumn(Name = "还款日期", Width = 12)] public string PaidOn { get; init; } = "";
    [ExcelColumn(Name = "按期利息（元）", Width = 16, Format = MoneyFormat)] public decimal InterestOnTime { get; init; }
    [ExcelColumn(Name = "逾期利息（元，不贴息）", Width = 20, Format = MoneyFormat)] public decimal InterestLate { get; init; }
    [ExcelColumn(Name = "贴息（元）", Width = 16, Format = MoneyFormat)] public decimal Subsidy { get; init; }
}

/// <summary>A finished claim export: a temporary file (deleted when the stream closes), its download name and row count.</summary>
public sealed record SubsidyClaimFile(Stream Content, string FileName, int Rows);

/// <summary>
/// A claim as the sheet a bank clerk sends: every repayment it counts (the page's rows, all of them) and a total row
/// that equals the claim's totals. Rows stream from the database into MiniExcel and onto a temporary file, so a big
/// county's quarter never sits in memory as a list; one audited <c>export</c> event per sheet.
/// </summary>
public sealed class SubsidyClaimExport(RuralDbContext db, SubsidyClaims claims, AuditWriter audit, TimeProvider clock)
{
    public async Task<SubsidyClaimFile> WriteAsync(long id, CancellationToken ct)
    {
        var claim = await claims.FindAsync(id, ct, tracked: false);
        var partOf = await SubsidyClaimBuilder.PartsOfAsync(db, claim, ct);
        // The claim's county's areas (a few hundred names), not the province's.
        var county = claim.CountyCode;
        var names = await db.Areas.AsNoTracking().Where(a => a.CountyCode == county).Select(a => new { a.Code, a.Name }).ToDictionaryAsync(a => a.Code.Value, a => a.Name, ct);
        var count = new int[1];
        var title = $"{claim.BankName}{claim.Year}年第{claim.Quarter}季度贴息申报";
        var path = Path.Combine(Path.GetTempPath(), "rl-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await MiniExcel.SaveAsAsync(file, new Dictionary<string, object> { ["贴息明细"] = Rows(claim, names, partOf, count) },
                configuration: new OpenXmlConfiguration { FreezeRowCount = 1 }, cancellationToken: ct);
            file.Position = 0;
            await audit.AppendAsync(db, [new AuditRecord(claim.CountyCode, "export", nameof(SubsidyClaim), claim.Id.ToString(), null,
                Json.Object(("ledger", "subsidy-claim"), ("rows", count[0])))], ct);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        var stamp = BusinessCalendar.Now(clock).ToString("yyyyMMdd-HHmm", Fmt.Culture);
        return new SubsidyClaimFile(file, $"{title}_{stamp}.xlsx", count[0]);
    }

    private IEnumerable<SubsidyClaimSheetRow> Rows(SubsidyClaim claim, Dictionary<string, string> names, Func<RepaymentId, Money, Money> partOf, int[] count)
    {
        var (onTime, late, subsidy) = (Money.Zero, Money.Zero, Money.Zero);
        foreach (var l in SubsidyClaimBuilder.Lines(db, claim).AsEnumerable())
        {
            var line = SubsidyClaims.Line(l, PlaceNames.Of(names, l.TownshipCode, l.VillageCode), partOf);
            (onTime, late, subsidy) = (onTime + line.InterestOnTime, late + line.InterestLate, subsidy + line.Subsidy);
            count[0]++;
            yield return new SubsidyClaimSheetRow
            {
                LoanNumber = line.LoanNumber, Borrower = line.Borrower, Place = line.PlaceName, PaidOn = BusinessCalendar.Format(line.PaidOn),
                InterestOnTime = line.InterestOnTime.Yuan, InterestLate = line.InterestLate.Yuan, Subsidy = line.Subsidy.Yuan,
            };
        }
        yield return new SubsidyClaimSheetRow
        {
            LoanNumber = "合计", Borrower = $"{count[0]} 笔", InterestOnTime = onTime.Yuan, InterestLate = late.Yuan, Subsidy = subsidy.Yuan,
        };
    }
}

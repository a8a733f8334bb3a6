using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

/// <summary>The overdue list as an xlsx sheet, the same rows the page shows, with one audited <c>export</c> event.</summary>
public sealed class OverdueExport(RuralDbContext db, LoanQueries queries, AuditWriter audit, TimeProvider clock)
{
    public async Task<(byte[] Content, string FileName)> WriteAsync(DateOnly? asOf, string? township, string? village, string? bank, CancellationToken ct)
    {
        var report = await queries.OverdueAsync(asOf, township, village, bank, ct);
        var rows = report.Rows.Select(r => new Dictionary<string, object?>
        {
            ["贷款编号"] = r.Number,
            ["借款人"] = r.BorrowerName,
            ["户编号"] = r.HouseholdNo,
            ["所在地"] = r.PlaceName,
            ["银行"] = r.BankName,
            ["期次"] = r.Seq,
            ["应还日期"] = BusinessCalendar.Format(r.DueOn),
            ["逾期本金（元）"] = r.PrincipalOverdue.Yuan,
            ["逾期利息（元）"] = r.InterestOverdue.Yuan,
            ["逾期合计（元）"] = r.Overdue.Yuan,
            ["逾期天数"] = r.DaysOverdue,
            ["账龄"] = r.BucketName,
        }).ToList();
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { ["逾期清单"] = rows },
            configuration: new OpenXmlConfiguration { FreezeRowCount = 1, AutoFilter = true }, cancellationToken: ct);
        var county = db.Access.Scope.CountyCode is { Length: > 0 } c ? c : AuditWriter.SystemChain;
        await audit.AppendAsync(db, [new AuditRecord(county, "export", "Loan", "*", null, Json.Object(
            ("ledger", "overdue"), ("asOf", BusinessCalendar.Format(report.AsOf)), ("township", township), ("village", village), ("bank", bank), ("rows", rows.Count)))], ct);
        var stamp = BusinessCalendar.Now(clock).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return (buffer.ToArray(), $"贷款逾期清单_{stamp}.xlsx");
    }
}

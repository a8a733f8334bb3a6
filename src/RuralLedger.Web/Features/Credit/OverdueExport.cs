using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Credit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

/// <summary>
/// The overdue list and the loan ledger as xlsx sheets, the rows the caller's scope allows (a bank officer: its bank's),
/// each with one audited <c>export</c> event.
/// </summary>
public sealed class OverdueExport(RuralDbContext db, LoanQueries queries, AuditWriter audit, TimeProvider clock)
{
    /// <summary>贷款台账: every loan in scope with its state, amounts and dates.</summary>
    public async Task<(byte[] Content, string FileName)> LedgerAsync(CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var loans = await db.Loans.AsNoTracking().OrderBy(l => l.Number).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, loans.SelectMany(l => new Core.Areas.DivisionCode?[] { l.TownshipCode, l.VillageCode }).Distinct(), ct);
        var rows = loans.Select(l => new Dictionary<string, object?>
        {
            ["贷款编号"] = l.Number,
            ["借款人"] = l.BorrowerName,
            ["户编号"] = l.HouseholdNo,
            ["所在地"] = PlaceNames.Of(names, l.TownshipCode, l.VillageCode),
            ["银行"] = l.BankName,
            ["项目"] = l.Programme,
            ["申请日期"] = BusinessCalendar.Format(l.AppliedOn),
            ["申请金额（元）"] = l.Amount.Yuan,
            ["期限（月）"] = l.TermMonths,
            ["还款方式"] = LoanSchedule.Name(l.Method),
            ["用途"] = l.Purpose,
            ["年利率（%）"] = l.AnnualRate?.Percent,
            ["发放日期"] = l.DisbursedOn is { } d ? BusinessCalendar.Format(d) : null,
            ["发放金额（元）"] = l.DisbursedAmount.Yuan,
            ["到期日"] = l.MaturityOn is { } m ? BusinessCalendar.Format(m) : null,
            ["展期次数"] = l.ExtensionCount,
            ["已还本金（元）"] = l.PrincipalRepaid.Yuan,
            ["已还利息（元）"] = l.InterestRepaid.Yuan,
            ["剩余本金（元）"] = l.PrincipalOutstanding.Yuan,
            ["状态"] = CreditNames.Of(l.StateOn(today)),
        }).ToList();
        return await WriteAsync("贷款台账", "ledger", rows, new Dictionary<string, string?>(), ct);
    }

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
        return await WriteAsync("贷款逾期清单", "overdue", rows, new Dictionary<string, string?>
        {
            ["asOf"] = BusinessCalendar.Format(report.AsOf), ["township"] = township, ["village"] = village, ["bank"] = bank,
        }, ct);
    }

    private async Task<(byte[] Content, string FileName)> WriteAsync(string title, string ledger, List<Dictionary<string, object?>> rows,
        Dictionary<string, string?> filter, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { [title] = rows },
            configuration: new OpenXmlConfiguration { FreezeRowCount = 1, AutoFilter = true }, cancellationToken: ct);
        var county = db.Access.Scope.CountyCode is { Length: > 0 } c ? c : AuditWriter.SystemChain;
        var kept = filter.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value);
        await audit.AppendAsync(db, [new AuditRecord(county, "export", "Loan", "*", null, Json.Object(("ledger", ledger), ("filter", kept), ("rows", rows.Count)))], ct);
        var stamp = BusinessCalendar.Now(clock).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return (buffer.ToArray(), $"{title}_{stamp}.xlsx");
    }
}

using System.Globalization;
using MiniExcelLibs.OpenXml;
using MiniExcelLibs;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Audit;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Distribution;

/// <summary>Excel of a plan (parts, every household line with its explanation, postings) and of the summaries; audited exports.</summary>
public sealed class DistributionExport(DistributionQueries queries, RuralDbContext db, AuditWriter audit)
{
    public async Task<(byte[] Content, string FileName)> PlanAsync(long id, CancellationToken ct)
    {
        var p = await queries.DetailAsync(id, ct);
        var sheets = new Dictionary<string, object>
        {
            ["方案"] = p.Parts.Select(x => new Dictionary<string, object?>
            {
                ["方案编号"] = p.Plan.Number, ["行政村"] = p.Plan.VillageCode, ["年度"] = p.Plan.Year, ["规则"] = $"{p.Plan.RuleCode} v{p.Plan.RuleVersion}",
                ["名单冻结日"] = p.Plan.FreezeOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["状态"] = p.Plan.StatusName,
                ["部分"] = x.Name, ["比例"] = x.Percent.ToString(), ["金额（元）"] = (x.Amount ?? Money.Zero).Yuan,
            }).ToList(),
            ["各户分红"] = p.Lines.Select(l => new Dictionary<string, object?>
            {
                ["户编号"] = l.HouseholdNo, ["户主"] = l.HeadName, ["人口"] = l.People, ["权重"] = l.Weight, ["尾差（分）"] = l.Remainder.Fen,
                ["金额（元）"] = l.Amount.Yuan, ["发放状态"] = DistributionQueries.PaymentName(Enum.Parse<Core.Distribution.LinePayment>(l.Payment)),
                ["失败原因"] = l.FailureReason, ["计算说明"] = l.Explanation,
            }).ToList(),
            ["记账分录"] = p.Journal.Select(j => new Dictionary<string, object?>
            {
                ["日期"] = j.PostedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["借方"] = j.Debit, ["贷方"] = j.Credit, ["金额（元）"] = j.Amount.Yuan, ["摘要"] = j.Memo,
            }).ToList(),
        };
        var content = await SaveAsync(sheets, ct);
        await AuditAsync("plan", id.ToString(CultureInfo.InvariantCulture), p.Lines.Count, ct);
        return (content, $"{p.Plan.Number}_分配方案.xlsx");
    }

    public async Task<(byte[] Content, string FileName)> SummaryAsync(int? year, CancellationToken ct)
    {
        var rows = await queries.SummaryAsync(year, ct);
        var sheets = new Dictionary<string, object>
        {
            ["村级汇总"] = rows.Select(r => new Dictionary<string, object?>
            {
                ["行政村"] = r.VillageCode, ["年度"] = r.Year, ["方案数"] = r.Plans, ["收益池（元）"] = r.Pool.Yuan,
                ["农户分红（元）"] = r.Dividends.Yuan, ["已入账（元）"] = r.Paid.Yuan, ["未入账（元）"] = r.Unpaid.Yuan,
            }).ToList(),
            ["县级汇总"] = rows.GroupBy(r => r.Year).OrderBy(g => g.Key).Select(g => new Dictionary<string, object?>
            {
                ["年度"] = g.Key, ["村数"] = g.Count(), ["方案数"] = g.Sum(r => r.Plans), ["收益池（元）"] = Money.Sum(g.Select(r => r.Pool)).Yuan,
                ["农户分红（元）"] = Money.Sum(g.Select(r => r.Dividends)).Yuan, ["已入账（元）"] = Money.Sum(g.Select(r => r.Paid)).Yuan,
            }).ToList(),
        };
        var content = await SaveAsync(sheets, ct);
        await AuditAsync("summary", year?.ToString(CultureInfo.InvariantCulture) ?? "*", rows.Count, ct);
        return (content, $"收益分配汇总_{(year?.ToString(CultureInfo.InvariantCulture) ?? "全部年度")}.xlsx");
    }

    private static async Task<byte[]> SaveAsync(Dictionary<string, object> sheets, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, sheets, configuration: new OpenXmlConfiguration { FreezeRowCount = 1 }, cancellationToken: ct);
        return stream.ToArray();
    }

    private Task AuditAsync(string what, string id, int rows, CancellationToken ct) =>
        audit.AppendAsync(db, [new AuditRecord(db.Access.Scope.CountyCode is { Length: 6 } c ? c : AuditWriter.SystemChain, "export", "DistributionPlan", id, null,
            Json.Object(("what", what), ("rows", rows)))], ct);
}

using Microsoft.EntityFrameworkCore;
using MiniExcelLibs.Attributes;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets.Excel;

public sealed record ContractExportQuery(string? Township, string? Village, ContractStatus? Status, int? Year)
{
    public IReadOnlyDictionary<string, string?> ForAudit() => new Dictionary<string, string?>
    {
        ["township"] = Township, ["village"] = Village, ["status"] = Status?.ToString(), ["year"] = Year?.ToString(Fmt.Culture),
    };
}

public sealed class ContractSheetRow
{
    [ExcelColumn(Name = "合同编号", Width = 22)] public string Number { get; init; } = "";
    [ExcelColumn(Name = "涉及资产", Width = 30)] public string Assets { get; init; } = "";
    [ExcelColumn(Name = "乡镇", Width = 12)] public string Township { get; init; } = "";
    [ExcelColumn(Name = "行政村", Width = 12)] public string Village { get; init; } = "";
    [ExcelColumn(Name = "经营主体", Width = 28)] public string Operator { get; init; } = "";
    [ExcelColumn(Name = "主体类型", Width = 10)] public string OperatorKind { get; init; } = "";
    [ExcelColumn(Name = "统一社会信用代码", Width = 22)] public string CreditCode { get; init; } = "";
    [ExcelColumn(Name = "经营方式", Width = 10)] public string Mode { get; init; } = "";
    [ExcelColumn(Name = "签订日期", Width = 12)] public string SignedOn { get; init; } = "";
    [ExcelColumn(Name = "起始日期", Width = 12)] public string StartOn { get; init; } = "";
    [ExcelColumn(Name = "到期日期", Width = 12)] public string EndOn { get; init; } = "";
    [ExcelColumn(Name = "期限（月）", Width = 9)] public int TermMonths { get; init; }
    [ExcelColumn(Name = "对价方式", Width = 10)] public string Consideration { get; init; } = "";
    [ExcelColumn(Name = "比例（%）", Width = 9)] public string Rate { get; init; } = "";
    [ExcelColumn(Name = "年度金额（元）", Width = 16, Format = LedgerExportWriter.MoneyFormat)] public decimal AnnualAmount { get; init; }
    [ExcelColumn(Name = "应收（元）", Width = 16, Format = LedgerExportWriter.MoneyFormat)] public decimal Receivable { get; init; }
    [ExcelColumn(Name = "已收（元）", Width = 16, Format = LedgerExportWriter.MoneyFormat)] public decimal Received { get; init; }
    [ExcelColumn(Name = "欠款（元）", Width = 16, Format = LedgerExportWriter.MoneyFormat)] public decimal Outstanding { get; init; }
    [ExcelColumn(Name = "状态", Width = 8)] public string Status { get; init; } = "";
    [ExcelColumn(Name = "终止日期", Width = 12)] public string TerminatedOn { get; init; } = "";
    [ExcelColumn(Name = "终止原因", Width = 24)] public string TerminationReason { get; init; } = "";
}

/// <summary>Operating contracts with what is owed, received and outstanding, summed in the database per contract.</summary>
public sealed class ContractExport(LedgerExportWriter writer)
{
    public async Task<LedgerFile> WriteAsync(ContractExportQuery q, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(q);
        var db = writer.Db;
        var contracts = db.Contracts.AsNoTracking();
        if (ExportText.Code(q.Village, "village") is { } village)
        {
            contracts = contracts.Where(c => c.VillageCode == village);
        }
        else if (ExportText.Code(q.Township, "township") is { } township)
        {
            contracts = contracts.Where(c => c.TownshipCode == township);
        }
        if (q.Status is { } s)
        {
            contracts = contracts.Where(c => c.Status == s);
        }
        if (ExportText.Year(q.Year) is { } year)
        {
            contracts = contracts.Where(c => c.SignedOn >= year.From && c.SignedOn <= year.To);
        }
        var areas = await writer.AreaNamesAsync(ct);
        var count = 0;
        var sheets = new Dictionary<string, object> { ["经营合同"] = Rows(contracts, areas, () => count++) };
        return await writer.WriteAsync("经营合同台账", nameof(Contract), sheets, () => count, q.ForAudit(), ct);
    }

    private IEnumerable<ContractSheetRow> Rows(IQueryable<Contract> contracts, Dictionary<string, string> areas, Action counted)
    {
        var db = writer.Db;
        // Money is stored in fen; the casts let the database add the bigint columns itself.
        var rows = contracts.OrderBy(c => c.Number).Select(c => new
        {
            c.Number, c.TownshipCode, c.VillageCode, c.OperatorName, c.OperatorKind, c.OperatorCreditCode, c.Mode, c.SignedOn, c.StartOn, c.EndOn,
            c.TermMonths, c.Consideration, c.RateBasisPoints, c.AnnualAmount, c.Status, c.TerminatedOn, c.TerminationReason,
            Receivable = c.Receivables.Where(r => !r.Cancelled).Sum(r => (long)(object)r.Amount),
            Paid = c.Receivables.Where(r => !r.Cancelled).Sum(r => (long)(object)r.Paid),
            Received = c.Receipts.Sum(r => (long)(object)r.Amount),
            Assets = c.Assets.Join(db.Assets, ca => ca.AssetId, a => a.Id, (ca, a) => a.Code).ToList(),
        }).AsEnumerable();
        foreach (var c in rows)
        {
            counted();
            yield return new ContractSheetRow
            {
                Number = c.Number,
                Assets = string.Join("、", c.Assets.Order(StringComparer.Ordinal)),
                Township = ExportText.Name(areas, c.TownshipCode),
                Village = ExportText.Name(areas, c.VillageCode),
                Operator = c.OperatorName,
                OperatorKind = AssetNames.Of(c.OperatorKind),
                CreditCode = c.OperatorCreditCode ?? "",
                Mode = AssetNames.Of(c.Mode),
                SignedOn = Fmt.Date(c.SignedOn),
                StartOn = Fmt.Date(c.StartOn),
                EndOn = Fmt.Date(c.EndOn),
                TermMonths = c.TermMonths,
                Consideration = AssetNames.Of(c.Consideration),
                Rate = c.RateBasisPoints == 0 ? "" : ExportText.Percent(c.RateBasisPoints),
                AnnualAmount = c.AnnualAmount.Yuan,
                Receivable = Money.FromFen(c.Receivable).Yuan,
                Received = Money.FromFen(c.Received).Yuan,
                Outstanding = Money.FromFen(c.Receivable - c.Paid).Yuan,
                Status = AssetNames.Of(c.Status),
                TerminatedOn = Fmt.Date(c.TerminatedOn),
                TerminationReason = c.TerminationReason ?? "",
            };
        }
    }
}

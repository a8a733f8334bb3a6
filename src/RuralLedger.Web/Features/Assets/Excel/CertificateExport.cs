using Microsoft.EntityFrameworkCore;
using MiniExcelLibs.Attributes;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets.Excel;

public sealed record CertificateExportQuery(string? Township, string? Village, CertificateStatus? Status, AssetClass? Class, int? Year)
{
    public IReadOnlyDictionary<string, string?> ForAudit() => new Dictionary<string, string?>
    {
        ["township"] = Township, ["village"] = Village, ["status"] = Status?.ToString(), ["class"] = Class?.ToString(), ["year"] = Year?.ToString(Fmt.Culture),
    };
}

public sealed class CertificateSheetRow
{
    [ExcelColumn(Name = "证书编号", Width = 20)] public string Number { get; init; } = "";
    [ExcelColumn(Name = "资产编码", Width = 22)] public string AssetCode { get; init; } = "";
    [ExcelColumn(Name = "资产名称", Width = 28)] public string AssetName { get; init; } = "";
    [ExcelColumn(Name = "资产类别", Width = 10)] public string AssetClass { get; init; } = "";
    [ExcelColumn(Name = "坐落", Width = 24)] public string Location { get; init; } = "";
    [ExcelColumn(Name = "所有权人及份额", Width = 40)] public string Holders { get; init; } = "";
    [ExcelColumn(Name = "原值（元）", Width = 16, Format = LedgerExportWriter.MoneyFormat)] public decimal OriginalValue { get; init; }
    [ExcelColumn(Name = "发证日期", Width = 12)] public string IssuedOn { get; init; } = "";
    [ExcelColumn(Name = "发证人", Width = 10)] public string IssuedBy { get; init; } = "";
    [ExcelColumn(Name = "状态", Width = 8)] public string Status { get; init; } = "";
    [ExcelColumn(Name = "注销/换发日期", Width = 12)] public string RevokedOn { get; init; } = "";
    [ExcelColumn(Name = "注销/换发原因", Width = 24)] public string RevokeReason { get; init; } = "";
    [ExcelColumn(Name = "换发新证编号", Width = 20)] public string ReplacedBy { get; init; } = "";
}

/// <summary>Ownership certificates as issued: what each certified (frozen at issue) and whether it is still valid.</summary>
public sealed class CertificateExport(LedgerExportWriter writer)
{
    public async Task<LedgerFile> WriteAsync(CertificateExportQuery q, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(q);
        var certificates = writer.Db.Certificates.AsNoTracking();
        if (ExportText.Code(q.Village, "village") is { } village)
        {
            certificates = certificates.Where(c => c.VillageCode == village);
        }
        else if (ExportText.Code(q.Township, "township") is { } township)
        {
            certificates = certificates.Where(c => c.TownshipCode == township);
        }
        if (q.Status is { } s)
        {
            certificates = certificates.Where(c => c.Status == s);
        }
        if (q.Class is { } k)
        {
            certificates = certificates.Where(c => c.AssetClass == k);
        }
        if (q.Year is { } y)
        {
            certificates = certificates.Where(c => c.Year == y);
        }
        var count = 0;
        var sheets = new Dictionary<string, object> { ["所有权证"] = Rows(certificates, () => count++) };
        return await writer.WriteAsync("所有权证台账", nameof(Certificate), sheets, () => count, q.ForAudit(), ct);
    }

    private static IEnumerable<CertificateSheetRow> Rows(IQueryable<Certificate> certificates, Action counted)
    {
        foreach (var c in certificates.OrderBy(c => c.Number).AsEnumerable())
        {
            counted();
            yield return new CertificateSheetRow
            {
                Number = c.Number,
                AssetCode = c.AssetCode,
                AssetName = c.AssetName,
                AssetClass = AssetNames.Of(c.AssetClass),
                Location = c.Location,
                Holders = string.Join(";", c.Holders.Select(h => $"{h.Name}（{h.Kind}）:{h.Share}")),
                OriginalValue = c.OriginalValue.Yuan,
                IssuedOn = Fmt.Date(c.IssuedOn),
                IssuedBy = c.IssuedBy,
                Status = AssetNames.Of(c.Status),
                RevokedOn = Fmt.Date(c.RevokedOn),
                RevokeReason = c.RevokeReason ?? "",
                ReplacedBy = c.ReplacedByNumber ?? "",
            };
        }
    }
}

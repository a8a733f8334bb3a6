using Microsoft.EntityFrameworkCore;
using MiniExcelLibs.Attributes;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets.Excel;

/// <summary>The asset ledger's filters (the list's, without paging).</summary>
public sealed record AssetExportQuery(string? Township, string? Village, AssetClass? Class, AssetKind? Kind, AssetStatus? Status, Industry? Industry, HolderKind? OwnerKind, int? Year, string? Q)
{
    public IReadOnlyDictionary<string, string?> ForAudit() => new Dictionary<string, string?>
    {
        ["township"] = Township, ["village"] = Village, ["class"] = Class?.ToString(), ["kind"] = Kind?.ToString(), ["status"] = Status?.ToString(),
        ["industry"] = Industry?.ToString(), ["ownerKind"] = OwnerKind?.ToString(), ["year"] = Year?.ToString(Fmt.Culture), ["q"] = Q,
    };
}

public sealed class AssetSheetRow
{
    [ExcelColumn(Name = AssetColumns.Code, Width = 22)] public string Code { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Name, Width = 28)] public string Name { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Class, Width = 10)] public string Class { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Kind, Width = 10)] public string Kind { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Industry, Width = 10)] public string Industry { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.PlaceCode, Width = 15)] public string PlaceCode { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Township, Width = 12)] public string Township { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Village, Width = 12)] public string Village { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Quantity, Width = 8)] public decimal Quantity { get; init; }
    [ExcelColumn(Name = AssetColumns.Unit, Width = 8)] public string Unit { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.OriginalValue, Width = 16, Format = LedgerExportWriter.MoneyFormat)] public decimal OriginalValue { get; init; }
    [ExcelColumn(Name = AssetColumns.FormedOn, Width = 12)] public string FormedOn { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Status, Width = 8)] public string Status { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Owners, Width = 36)] public string Owners { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.HolderKinds, Width = 20)] public string HolderKinds { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Funding, Width = 48)] public string Funding { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.SupervisionUnit, Width = 20)] public string SupervisionUnit { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.SupervisionPerson, Width = 10)] public string SupervisionPerson { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Beneficiaries, Width = 20)] public string Beneficiaries { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.IncomeRule, Width = 10)] public string IncomeRule { get; init; } = "";
}

public sealed class FundingSheetRow
{
    [ExcelColumn(Name = AssetColumns.Code, Width = 22)] public string Code { get; init; } = "";
    [ExcelColumn(Name = AssetColumns.Name, Width = 28)] public string Name { get; init; } = "";
    [ExcelColumn(Name = "资金来源", Width = 30)] public string Source { get; init; } = "";
    [ExcelColumn(Name = "金额（元）", Width = 16, Format = LedgerExportWriter.MoneyFormat)] public decimal Amount { get; init; }
}

/// <summary>
/// 资产台账 as a workbook: sheet 资产台账 (one row per asset, in the import's own format) and sheet 资金构成 (one row per
/// asset and fund source, amounts as numbers). The query filters keep it to the caller's scope.
/// </summary>
public sealed class AssetExport(LedgerExportWriter writer)
{
    public IQueryable<Asset> Filtered(AssetExportQuery q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var assets = writer.Db.Assets.AsNoTracking();
        if (ExportText.Code(q.Village, "village") is { } village)
        {
            assets = assets.Where(a => a.VillageCode == village);
        }
        else if (ExportText.Code(q.Township, "township") is { } township)
        {
            assets = assets.Where(a => a.TownshipCode == township);
        }
        if (q.Class is { } c)
        {
            assets = assets.Where(a => a.Class == c);
        }
        if (q.Kind is { } k)
        {
            assets = assets.Where(a => a.Kind == k);
        }
        if (q.Status is { } s)
        {
            assets = assets.Where(a => a.Status == s);
        }
        if (q.Industry is { } i)
        {
            assets = assets.Where(a => a.Industry == i);
        }
        if (q.OwnerKind is { } owner)
        {
            assets = assets.Where(a => a.Shares.Any(s => s.HolderKind == owner));
        }
        if (ExportText.Year(q.Year) is { } year)
        {
            assets = assets.Where(a => a.FormedOn >= year.From && a.FormedOn <= year.To);
        }
        if (q.Q?.Trim() is { Length: > 0 } text)
        {
            assets = assets.Where(a => a.Name.Contains(text) || a.Code.Contains(text));
        }
        return assets;
    }

    public async Task<LedgerFile> WriteAsync(AssetExportQuery query, CancellationToken ct)
    {
        var assets = Filtered(query);
        var areas = await writer.AreaNamesAsync(ct);
        var funds = await writer.FundNamesAsync(ct);
        var count = 0;
        var sheets = new Dictionary<string, object>
        {
            [AssetColumns.ExportSheet] = Rows(assets, areas, funds, () => count++),
            [AssetColumns.FundingSheet] = FundingRows(assets, funds),
        };
        return await writer.WriteAsync("资产台账", nameof(Asset), sheets, () => count, query.ForAudit(), ct);
    }

    private static IEnumerable<AssetSheetRow> Rows(IQueryable<Asset> assets, Dictionary<string, string> areas, Dictionary<FundSourceId, string> funds, Action counted)
    {
        var rows = assets.OrderBy(a => a.Code).Select(a => new
        {
            a.Code, a.Name, a.Class, a.Kind, a.Industry, a.CountyCode, a.TownshipCode, a.VillageCode, a.Quantity, a.Unit, a.OriginalValue, a.FormedOn,
            a.Status, a.SupervisionUnit, a.SupervisionPerson, a.Beneficiaries, a.IncomeRule,
            Funding = a.Funding.OrderBy(f => f.Id).Select(f => new { f.FundSourceId, f.Amount }).ToList(),
            Shares = a.Shares.OrderBy(s => s.Id).Select(s => new { s.HolderKind, s.HolderName, s.BasisPoints }).ToList(),
        }).AsEnumerable();
        foreach (var a in rows)
        {
            counted();
            yield return new AssetSheetRow
            {
                Code = a.Code,
                Name = a.Name,
                Class = AssetNames.Of(a.Class),
                Kind = AssetNames.Of(a.Kind),
                Industry = AssetNames.Of(a.Industry),
                PlaceCode = new Place(a.CountyCode, a.TownshipCode, a.VillageCode).Code.Value,
                Township = ExportText.Name(areas, a.TownshipCode),
                Village = ExportText.Name(areas, a.VillageCode),
                Quantity = a.Quantity,
                Unit = a.Unit,
                OriginalValue = a.OriginalValue.Yuan,
                FormedOn = BusinessCalendar.Format(a.FormedOn),
                Status = AssetNames.Of(a.Status),
                Owners = string.Join(";", a.Shares.Select(s => $"{s.HolderName}:{ExportText.Percent(s.BasisPoints)}")),
                HolderKinds = string.Join(";", a.Shares.Select(s => AssetNames.Of(s.HolderKind))),
                Funding = string.Join(";", a.Funding.Select(f => $"{funds.GetValueOrDefault(f.FundSourceId, f.FundSourceId.ToString())}:{ExportText.Yuan(f.Amount)}")),
                SupervisionUnit = a.SupervisionUnit ?? "",
                SupervisionPerson = a.SupervisionPerson ?? "",
                Beneficiaries = a.Beneficiaries ?? "",
                IncomeRule = a.IncomeRule,
            };
        }
    }

    private static IEnumerable<FundingSheetRow> FundingRows(IQueryable<Asset> assets, Dictionary<FundSourceId, string> funds)
    {
        var rows = assets.SelectMany(a => a.Funding, (a, f) => new { a.Code, a.Name, f.Id, f.FundSourceId, f.Amount })
            .OrderBy(r => r.Code).ThenBy(r => r.Id).AsEnumerable();
        foreach (var r in rows)
        {
            yield return new FundingSheetRow
            {
                Code = r.Code, Name = r.Name, Source = funds.GetValueOrDefault(r.FundSourceId, r.FundSourceId.ToString()), Amount = r.Amount.Yuan,
            };
        }
    }
}

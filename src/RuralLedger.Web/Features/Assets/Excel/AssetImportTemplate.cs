using Microsoft.EntityFrameworkCore;
using MiniExcelLibs.OpenXml;
using MiniExcelLibs;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Distribution;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Assets.Excel;

/// <summary>
/// The asset import template: sheet 资产导入 with the columns and one example row (a village of the caller's scope and
/// the county's own fund sources, so it would import as it stands), and sheet 说明 with each column's rule and allowed
/// values, how joint owners and funding are written, and the county's fund source names.
/// </summary>
public sealed class AssetImportTemplate(RuralDbContext db)
{
    public const string FileName = "资产台账导入模板.xlsx";

    public async Task WriteAsync(Stream output, CancellationToken ct)
    {
        var funds = await db.FundSources.AsNoTracking().OrderBy(f => f.Year).ThenBy(f => f.Kind).ThenBy(f => f.Name)
            .Select(f => new { f.Name, f.Year, f.Kind, f.DocumentNo }).ToListAsync(ct);
        var village = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Village).OrderBy(a => a.Code).Select(a => new { a.Code, a.Name }).FirstOrDefaultAsync(ct);
        var fundingExample = funds.Count == 0 ? AssetColumns.FundingExample : string.Join(";", funds.Take(2).Select((f, i) => $"{f.Name}:{(i == 0 ? "300000.00" : "120000.50")}"));
        var example = Row(
            (AssetField.Name, "（示例，请删除）" + (village?.Name ?? "") + "油茶加工厂房"), (AssetField.Class, AssetNames.Of(AssetClass.Operating)),
            (AssetField.Kind, AssetNames.Of(AssetKind.ProcessingPlant)), (AssetField.Industry, AssetNames.Of(Industry.CamelliaOil)),
            (AssetField.PlaceCode, village?.Code.Value ?? "522699001001"), (AssetField.Quantity, 1), (AssetField.Unit, "座"),
            (AssetField.FormedOn, "2021-06-30"), (AssetField.Status, AssetNames.Of(AssetStatus.InUse)),
            (AssetField.Owners, (village?.Name ?? "混寨村") + "股份经济合作社:60;茶乡县扶贫开发投资有限责任公司:40"),
            (AssetField.HolderKinds, AssetNames.Of(HolderKind.VillageCollective) + ";" + AssetNames.Of(HolderKind.CountyCompany)),
            (AssetField.Funding, fundingExample), (AssetField.SupervisionUnit, "乡人民政府"), (AssetField.SupervisionPerson, "王明"),
            (AssetField.Beneficiaries, "本村建档立卡脱贫户"), (AssetField.IncomeRule, DefaultDistributionPolicy.Code));
        var notes = AssetColumns.All.Select(c => Note(c.Header, c.Required ? "必填" : "选填", c.Rule, c.Allowed)).ToList();
        notes.Add(Note("（总则）", "", "第 1 行为列名，不要改动；从第 2 行起每行一项资产。全部行检查无误后才会在一个事务中一次性写入，有任何错误则不写入任何数据。" +
                                      "已登记的资产（按资产编码，无编码时按所在地代码+资产名称+形成日期识别）会被跳过，重复导入同一文件不会重复登记。导出的资产台账可直接修改后再导入。示例行请删除。", ""));
        notes.Add(Note("（共有份额写法）", "", "所有权人及份额：名称:份额;名称:份额 —— 份额为百分数，合计须恰好为 100；所有权人类型按同样顺序以分号隔开。", AssetColumns.OwnersExample));
        notes.Add(Note("（资金写法）", "", "资金来源及金额：资金名称:金额;资金名称:金额 —— 金额以元为单位，最多两位小数；资产原值为各项之和。", AssetColumns.FundingExample));
        foreach (var f in funds)
        {
            notes.Add(Note("本县资金来源", "", $"{f.Year} 年{AssetNames.Of(f.Kind)}" + (f.DocumentNo is { } doc ? $"，文号 {doc}" : ""), f.Name));
        }
        if (funds.Count == 0)
        {
            notes.Add(Note("本县资金来源", "", "尚未登记资金来源：请先在“资金与项目”中登记，再导入资产。", ""));
        }
        var sheets = new Dictionary<string, object>
        {
            [AssetColumns.ImportSheet] = new[] { example },
            [AssetColumns.NoteSheet] = notes,
        };
        await MiniExcel.SaveAsAsync(output, sheets, configuration: new OpenXmlConfiguration { FreezeRowCount = 1 }, cancellationToken: ct);
    }

    /// <summary>A row of the import sheet: every column present (in template order), the given ones filled.</summary>
    public static Dictionary<string, object?> Row(params (AssetField Field, object? Value)[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var row = AssetColumns.All.ToDictionary(c => c.Header, _ => (object?)null);
        foreach (var (field, value) in cells)
        {
            row[AssetColumns.Header(field)] = value;
        }
        return row;
    }

    private static Dictionary<string, object?> Note(string column, string required, string rule, string allowed) => new()
    {
        ["列名"] = column, ["是否必填"] = required, ["填写要求"] = rule, ["可填内容"] = allowed,
    };
}

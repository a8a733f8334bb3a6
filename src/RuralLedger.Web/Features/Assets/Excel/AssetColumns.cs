using RuralLedger.Core.Assets;
using RuralLedger.Core.Distribution;

namespace RuralLedger.Web.Features.Assets.Excel;

public enum AssetField
{
    Code,
    Name,
    Class,
    Kind,
    Industry,
    PlaceCode,
    Quantity,
    Unit,
    OriginalValue,
    FormedOn,
    Status,
    Owners,
    HolderKinds,
    Funding,
    SupervisionUnit,
    SupervisionPerson,
    Beneficiaries,
    IncomeRule,
}

/// <summary>One column of the asset import sheet, with what the 说明 sheet says about it.</summary>
public sealed record AssetColumn(AssetField Field, string Header, bool Required, string Rule, string Allowed);

/// <summary>
/// The asset ledger's columns. The export writes the same headers (plus the 乡镇/行政村 names, which the import
/// ignores), so an exported ledger can be edited and imported again: rows already registered are recognised and skipped.
/// </summary>
public static class AssetColumns
{
    public const string ImportSheet = "资产导入";
    public const string ExportSheet = "资产台账";
    public const string FundingSheet = "资金构成";
    public const string NoteSheet = "说明";

    public const string Code = "资产编码";
    public const string Name = "资产名称";
    public const string Class = "资产类别";
    public const string Kind = "资产种类";
    public const string Industry = "产业";
    public const string PlaceCode = "所在地代码";
    public const string Township = "乡镇";
    public const string Village = "行政村";
    public const string Quantity = "数量";
    public const string Unit = "计量单位";
    public const string OriginalValue = "原值（元）";
    public const string FormedOn = "形成日期";
    public const string Status = "状态";
    public const string Owners = "所有权人及份额";
    public const string HolderKinds = "所有权人类型";
    public const string Funding = "资金来源及金额";
    public const string SupervisionUnit = "监管单位";
    public const string SupervisionPerson = "监管责任人";
    public const string Beneficiaries = "受益对象";
    public const string IncomeRule = "收益分配规则";

    public const string OwnersExample = "混寨村股份经济合作社:60;茶乡县扶贫开发投资有限责任公司:40";
    public const string FundingExample = "2019年中央财政衔接资金:300000.00;2019年县级财政衔接资金:120000.50";

    public static readonly IReadOnlyList<AssetColumn> All =
    [
        new(AssetField.Code, Code, false, "选填。留空则由系统按“ZC+县代码-年度-序号”编号；填写则须在本县唯一。重复导入时按编码（无编码时按所在地+名称+形成日期）识别已登记的资产，不会重复登记。", "不超过 30 位，如 ZC522699-2024-00001"),
        new(AssetField.Name, Name, true, "必填。", "不超过 100 个字"),
        new(AssetField.Class, Class, true, "必填。", Names<AssetClass>(AssetNames.Of)),
        new(AssetField.Kind, Kind, true, "必填。", Names<AssetKind>(AssetNames.Of)),
        new(AssetField.Industry, Industry, true, "必填。", Names<Industry>(AssetNames.Of)),
        new(AssetField.PlaceCode, PlaceCode, true, "必填；须在您的权限范围内。村级资产填行政村代码，乡镇直属资产填乡镇代码，县级资产填县代码（后 6 位为 0）。", "12 位统计区划代码，如 522699001001（村）、522699001000（乡镇）、522699000000（县）"),
        new(AssetField.Quantity, Quantity, true, "必填，大于零，最多两位小数。", "数字，如 1 或 120.5"),
        new(AssetField.Unit, Unit, true, "必填。", "如 座、套、亩、平方米、台"),
        new(AssetField.OriginalValue, OriginalValue, false, "选填。原值等于各项资金之和；填写时须与“资金来源及金额”合计相符（到分）。", "数字，最多两位小数"),
        new(AssetField.FormedOn, FormedOn, true, "必填；不能晚于今天。", "yyyy-MM-dd，如 2021-06-30，或 Excel 日期单元格"),
        new(AssetField.Status, Status, false, "选填，留空为在用；“已处置”须走处置流程，不能导入。", "在用、闲置、毁损"),
        new(AssetField.Owners, Owners, true, "必填。每个所有权人写“名称:份额”，份额为百分数（最多两位小数），多个所有权人以分号隔开，合计须恰好为 100。单一所有权人可只写名称（即 100%）。", "如 " + OwnersExample),
        new(AssetField.HolderKinds, HolderKinds, true, "必填。按“所有权人及份额”中的顺序写各所有权人的类型，以分号隔开；只写一个类型表示全部所有权人均为该类型。农户所有权人须关联户档案，请在系统中逐项登记。", Names<HolderKind>(AssetNames.Of)),
        new(AssetField.Funding, Funding, true, "必填。每项写“资金名称:金额（元）”，金额最多两位小数，多项以分号隔开；资金名称须是本县已登记的资金来源（见下方列表）。", "如 " + FundingExample),
        new(AssetField.SupervisionUnit, SupervisionUnit, false, "选填。监管权：负责监管的单位。", "不超过 100 个字"),
        new(AssetField.SupervisionPerson, SupervisionPerson, false, "选填。监管责任人。", "不超过 30 个字"),
        new(AssetField.Beneficiaries, Beneficiaries, false, "选填。收益权：受益对象。", "如 本村建档立卡脱贫户"),
        new(AssetField.IncomeRule, IncomeRule, false, $"选填，留空为 {DefaultDistributionPolicy.Code}。", $"如 {DefaultDistributionPolicy.Code}、3322"),
    ];

    public static string Header(AssetField field) => All[(int)field].Header;

    private static string Names<T>(Func<T, string> chinese) where T : struct, Enum => string.Join("、", Enum.GetValues<T>().Select(chinese));
}

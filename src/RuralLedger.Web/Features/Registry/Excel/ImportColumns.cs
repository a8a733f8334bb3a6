using RuralLedger.Core.Registry;

namespace RuralLedger.Web.Features.Registry.Excel;

public enum ImportField
{
    HouseholdNo,
    VillageCode,
    GroupCode,
    Type,
    Status,
    RegisteredOn,
    Causes,
    BankName,
    BankAccount,
    Phone,
    Name,
    CitizenId,
    Relation,
    Labour,
    Health,
    Education,
}

/// <summary>One column of the import sheet: its Chinese header (also the name errors use), and what the 说明 sheet says about it.</summary>
public sealed record ImportColumn(ImportField Field, string Header, bool HouseholdLevel, string Rule, string Allowed);

/// <summary>
/// The member-import sheet 成员导入: one row per member; the household columns are repeated on every row of a household and
/// need only be filled on one of them (the head's). The template, the parser and the error messages all use these headers.
/// </summary>
public static class ImportColumns
{
    public const string SheetName = "成员导入";

    public const string NoteSheetName = "说明";

    public static readonly IReadOnlyList<ImportColumn> All =
    [
        new(ImportField.HouseholdNo, "户编号", true, "必填，每行都填。同一户的成员行填同一户编号；在本县内唯一。已登记的户编号表示向该户补充或更新成员。", "不超过 30 位"),
        new(ImportField.VillageCode, "行政村代码", true, "新户必填（填在户主行即可）；须是您权限范围内已有的行政村。", "12 位统计区划代码，如 522699001001"),
        new(ImportField.GroupCode, "村民组代码", true, "选填；须属于该行政村。", "15 位：村代码 + 3 位组号，如 522699001001001"),
        new(ImportField.Type, "户类型", true, "新户必填。", Names<HouseholdType>(RegistryNames.Of)),
        new(ImportField.Status, "帮扶状态", true, "新户必填，只能是建档立卡或监测对象；已登记户的状态变更请在户档案中办理。", Names<PovertyStatus>(RegistryNames.Of)),
        new(ImportField.RegisteredOn, "建档日期", true, "新户选填，留空为今天；不能晚于今天。", "yyyy-MM-dd，如 2024-03-01，或 Excel 日期单元格"),
        new(ImportField.Causes, "致贫原因", true, "选填，可填多个，以顿号“、”或逗号分隔。", string.Join("、", RegistryNames.Causes.Select(c => c.Name))),
        new(ImportField.BankName, "开户银行", true, "填写一卡通账号时必填。", "开户银行名称"),
        new(ImportField.BankAccount, "一卡通账号", true, "选填；惠民惠农“一卡通”账号。请把单元格设为文本格式，以免 Excel 截断长数字。", "12–30 位数字"),
        new(ImportField.Phone, "联系电话", true, "选填。", "11 位手机号或带区号的固定电话（如 0855-8221234）"),
        new(ImportField.Name, "姓名", false, "必填。", "不超过 30 个字"),
        new(ImportField.CitizenId, "身份证号", false, "必填；18 位，末位可为 X。请把单元格设为文本格式。同一身份证号在本县只能登记一次。", "18 位居民身份证号（GB 11643）"),
        new(ImportField.Relation, "与户主关系", false, "必填；新户须有且只有一位户主。", Names<Relation>(RegistryNames.Of)),
        new(ImportField.Labour, "劳动能力", false, "必填。", Names<LabourAbility>(RegistryNames.Of)),
        new(ImportField.Health, "健康状况", false, "必填。", Names<Health>(RegistryNames.Of)),
        new(ImportField.Education, "文化程度", false, "必填。", Names<Education>(RegistryNames.Of)),
    ];

    public static ImportColumn Of(ImportField field) => All[(int)field];

    public static string Header(ImportField field) => All[(int)field].Header;

    private static string Names<T>(Func<T, string> chinese) where T : struct, Enum =>
        string.Join("、", Enum.GetValues<T>().Select(chinese)) + "（也可填英文名，如 " + Enum.GetValues<T>()[0] + "）";
}

/// <summary>Chinese names (RegistryNames) and English enum names of a registry enum, for reading cells.</summary>
public sealed class EnumNames<T> where T : struct, Enum
{
    private readonly Dictionary<string, T> _byName = new(StringComparer.OrdinalIgnoreCase);

    public EnumNames(Func<T, string> chinese)
    {
        ArgumentNullException.ThrowIfNull(chinese);
        foreach (var value in Enum.GetValues<T>())
        {
            _byName[Normalise(chinese(value))] = value;
            _byName[value.ToString()] = value;
        }
    }

    public bool TryParse(string text, out T value) => _byName.TryGetValue(text, out value) || _byName.TryGetValue(Normalise(text), out value);

    // Half-width brackets and dots are what people type; RegistryNames uses the full-width ones.
    private static string Normalise(string text) =>
        text.Trim().Replace('(', '（').Replace(')', '）').Replace('.', '·').Replace('•', '·').Replace(" ", "", StringComparison.Ordinal);
}

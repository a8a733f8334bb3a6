using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using RuralLedger.Data.Demo;
using RuralLedger.Core.Registry;

namespace RuralLedger.Web.Features.Registry.Excel;

/// <summary>
/// The import template: sheet 成员导入 with the import columns and two example rows (one new household of the demo
/// county's first village, head and spouse), and sheet 说明 with every column's rule and allowed values.
/// </summary>
public static class ImportTemplate
{
    public const string FileName = "一户一档成员导入模板.xlsx";

    /// <summary>Demo county village 混寨村 and its first group.</summary>
    public const string ExampleVillage = DemoCountyGenerator.DemoCountyCode + "001001";

    public const string ExampleHouseholdNo = ExampleVillage + "9001";

    // Sequence numbers from 901 up are far above the demo generator's (10 and up per birth date): no clash with demo people.
    public static readonly string ExampleHeadId = CitizenId.Compose(DemoCountyGenerator.DemoCountyCode, new DateOnly(1975, 3, 12), 901).Value;

    public static readonly string ExampleSpouseId = CitizenId.Compose(DemoCountyGenerator.DemoCountyCode, new DateOnly(1977, 8, 20), 902).Value;

    public static async Task WriteAsync(Stream output, CancellationToken ct)
    {
        var head = Row(
            (ImportField.HouseholdNo, ExampleHouseholdNo), (ImportField.VillageCode, ExampleVillage), (ImportField.GroupCode, ExampleVillage + "001"),
            (ImportField.Type, RegistryNames.Of(HouseholdType.General)), (ImportField.Status, RegistryNames.Of(PovertyStatus.MonitoredMarginal)),
            (ImportField.RegisteredOn, "2024-03-01"), (ImportField.Causes, "因病、缺资金"),
            (ImportField.BankName, "县农村信用合作联社"), (ImportField.BankAccount, "6230901234567890"), (ImportField.Phone, "13985001234"),
            (ImportField.Name, "王德明"), (ImportField.CitizenId, ExampleHeadId), (ImportField.Relation, RegistryNames.Of(Relation.Head)),
            (ImportField.Labour, RegistryNames.Of(LabourAbility.Normal)), (ImportField.Health, RegistryNames.Of(Health.LongTermIllness)),
            (ImportField.Education, RegistryNames.Of(Education.Primary)));
        var spouse = Row(
            (ImportField.HouseholdNo, ExampleHouseholdNo),
            (ImportField.Name, "李秀英"), (ImportField.CitizenId, ExampleSpouseId), (ImportField.Relation, RegistryNames.Of(Relation.Spouse)),
            (ImportField.Labour, RegistryNames.Of(LabourAbility.Normal)), (ImportField.Health, RegistryNames.Of(Health.Healthy)),
            (ImportField.Education, RegistryNames.Of(Education.JuniorHigh)));
        var notes = ImportColumns.All.Select(c => new Dictionary<string, object?>
        {
            ["列名"] = c.Header,
            ["属于"] = c.HouseholdLevel ? "户（同户各行相同，填在户主行即可）" : "成员（每行一人）",
            ["填写要求"] = c.Rule,
            ["可填内容"] = c.Allowed,
        }).Concat(
        [
            new Dictionary<string, object?>
            {
                ["列名"] = "（总则）",
                ["属于"] = "",
                ["填写要求"] = "第 1 行为列名，不要改动；从第 2 行起每行一位成员。全部行检查无误后才会一次性写入，有任何错误则不写入。" +
                             "户按户编号匹配，成员按身份证号匹配：已登记的成员只更新姓名、关系、劳动能力、健康状况、文化程度，重复导入同一文件不会产生变化。" +
                             "已登记户的户级列留空表示不修改。示例两行可删除。",
                ["可填内容"] = "",
            },
        ]);
        var sheets = new Dictionary<string, object>
        {
            [ImportColumns.SheetName] = new[] { head, spouse },
            [ImportColumns.NoteSheetName] = notes.ToList(),
        };
        await MiniExcel.SaveAsAsync(output, sheets, configuration: new OpenXmlConfiguration { FreezeRowCount = 1 }, cancellationToken: ct);
    }

    /// <summary>A row of the import sheet: every column present (in template order), the given ones filled.</summary>
    public static Dictionary<string, object?> Row(params (ImportField Field, object? Value)[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var row = ImportColumns.All.ToDictionary(c => c.Header, _ => (object?)null);
        foreach (var (field, value) in cells)
        {
            row[ImportColumns.Header(field)] = value;
        }
        return row;
    }
}

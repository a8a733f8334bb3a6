using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry.Excel;

public sealed class HouseholdSheetRow
{
    [ExcelColumn(Name = "户编号", Width = 20)] public string HouseholdNo { get; init; } = "";
    [ExcelColumn(Name = "乡镇", Width = 12)] public string Township { get; init; } = "";
    [ExcelColumn(Name = "行政村", Width = 12)] public string Village { get; init; } = "";
    [ExcelColumn(Name = "村民组", Width = 10)] public string Group { get; init; } = "";
    [ExcelColumn(Name = "户主", Width = 10)] public string HeadName { get; init; } = "";
    [ExcelColumn(Name = "户类型", Width = 12)] public string Type { get; init; } = "";
    [ExcelColumn(Name = "帮扶状态", Width = 24)] public string Status { get; init; } = "";
    [ExcelColumn(Name = "致贫原因", Width = 20)] public string Causes { get; init; } = "";
    [ExcelColumn(Name = "建档日期", Width = 12)] public string RegisteredOn { get; init; } = "";
    [ExcelColumn(Name = "人数", Width = 6)] public int MemberCount { get; init; }
    [ExcelColumn(Name = "开户银行", Width = 20)] public string BankName { get; init; } = "";
    [ExcelColumn(Name = "一卡通账号", Width = 22)] public string BankAccount { get; init; } = "";
    [ExcelColumn(Name = "联系电话", Width = 14)] public string Phone { get; init; } = "";
}

public sealed class MemberSheetRow
{
    [ExcelColumn(Name = "户编号", Width = 20)] public string HouseholdNo { get; init; } = "";
    [ExcelColumn(Name = "姓名", Width = 10)] public string Name { get; init; } = "";
    [ExcelColumn(Name = "与户主关系", Width = 10)] public string Relation { get; init; } = "";
    [ExcelColumn(Name = "身份证号", Width = 20)] public string CitizenId { get; init; } = "";
    [ExcelColumn(Name = "性别", Width = 6)] public string Sex { get; init; } = "";
    [ExcelColumn(Name = "出生日期", Width = 12)] public string BirthDate { get; init; } = "";
    [ExcelColumn(Name = "劳动能力", Width = 18)] public string Labour { get; init; } = "";
    [ExcelColumn(Name = "健康状况", Width = 12)] public string Health { get; init; } = "";
    [ExcelColumn(Name = "文化程度", Width = 12)] public string Education { get; init; } = "";
}

/// <summary>A finished export: a temporary file (deleted when the stream closes) and its download name.</summary>
public sealed record ExportFile(Stream Content, string FileName, int Households, int Members);

/// <summary>
/// The household list as a workbook (sheets 户 and 成员), with the list's filters and, through the query filters, only
/// the caller's scope. Rows stream from the database into MiniExcel and onto a temporary file, so a province-sized
/// export never sits in memory; personal information is written masked, as the list shows it. One audit event per export.
/// </summary>
public sealed class HouseholdExport(RuralDbContext db, HouseholdListQuery list, AuditWriter audit, TimeProvider clock)
{
    public const string HouseholdSheet = "户";

    public const string MemberSheet = "成员";

    public async Task<ExportFile> WriteAsync(HouseholdFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var households = list.Filtered(filter, out var empty);
        // The scope's areas with their ancestors: a few hundred names per county.
        var names = await db.Areas.AsNoTracking().Select(a => new { a.Code, a.Name }).ToDictionaryAsync(a => a.Code.Value, a => a.Name, ct);
        var counts = new int[2];
        var sheets = new Dictionary<string, object>
        {
            [HouseholdSheet] = empty ? Enumerable.Empty<HouseholdSheetRow>() : HouseholdRows(households, names, counts),
            [MemberSheet] = empty ? Enumerable.Empty<MemberSheetRow>() : MemberRows(households, counts),
        };
        var path = Path.Combine(Path.GetTempPath(), "rl-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await MiniExcel.SaveAsAsync(file, sheets, configuration: new OpenXmlConfiguration { FreezeRowCount = 1, AutoFilter = true }, cancellationToken: ct);
            file.Position = 0;
            await audit.AppendAsync(db, [new AuditRecord(ChainKey(), "export", nameof(Household), "*", null, Json.Object(
                ("filter", AuditFilter(filter)), ("households", counts[0]), ("members", counts[1])))], ct);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        var stamp = BusinessCalendar.Now(clock).ToString("yyyyMMdd-HHmm", Fmt.Culture);
        return new ExportFile(file, $"一户一档_{stamp}.xlsx", counts[0], counts[1]);
    }

    private static IEnumerable<HouseholdSheetRow> HouseholdRows(IQueryable<Household> households, Dictionary<string, string> names, int[] counts)
    {
        var rows = households.OrderBy(h => h.Id).Select(h => new
        {
            h.HouseholdNo, h.TownshipCode, h.VillageCode, h.GroupCode, h.HeadName, h.Type, h.Status, h.Causes, h.RegisteredOn, h.MemberCount,
            h.BankName, h.BankAccountMasked, h.PhoneMasked,
        }).AsEnumerable();
        foreach (var h in rows)
        {
            counts[0]++;
            yield return new HouseholdSheetRow
            {
                HouseholdNo = h.HouseholdNo,
                Township = names.GetValueOrDefault(h.TownshipCode.Value, h.TownshipCode.Value),
                Village = names.GetValueOrDefault(h.VillageCode.Value, h.VillageCode.Value),
                Group = h.GroupCode is { } g ? names.GetValueOrDefault(g.Value, g.Value) : "",
                HeadName = h.HeadName,
                Type = RegistryNames.Of(h.Type),
                Status = RegistryNames.Of(h.Status),
                Causes = RegistryNames.Of(h.Causes),
                RegisteredOn = BusinessCalendar.Format(h.RegisteredOn),
                MemberCount = h.MemberCount,
                BankName = h.BankName ?? "",
                BankAccount = h.BankAccountMasked ?? "",
                Phone = h.PhoneMasked ?? "",
            };
        }
    }

    private IEnumerable<MemberSheetRow> MemberRows(IQueryable<Household> households, int[] counts)
    {
        // Ordered by the household's id and then the member's: the index on household_id serves it, and heads
        // (written first) come first.
        var rows = (from m in db.Members.AsNoTracking()
                    join h in households on m.HouseholdId equals h.Id
                    orderby m.HouseholdId, m.Id
                    select new { h.HouseholdNo, m.Name, m.Relation, m.CitizenIdMasked, m.Sex, m.BirthDate, m.Labour, m.Health, m.Education })
            .AsEnumerable();
        foreach (var m in rows)
        {
            counts[1]++;
            yield return new MemberSheetRow
            {
                HouseholdNo = m.HouseholdNo,
                Name = m.Name,
                Relation = RegistryNames.Of(m.Relation),
                CitizenId = m.CitizenIdMasked,
                Sex = RegistryNames.Of(m.Sex),
                BirthDate = BusinessCalendar.Format(m.BirthDate),
                Labour = RegistryNames.Of(m.Labour),
                Health = RegistryNames.Of(m.Health),
                Education = RegistryNames.Of(m.Education),
            };
        }
    }

    private string ChainKey() => db.Access.Scope.CountyCode is { Length: > 0 } county ? county : AuditWriter.SystemChain;

    /// <summary>The filter as the audit keeps it: a searched citizen ID is masked like everywhere else.</summary>
    private static Dictionary<string, string?> AuditFilter(HouseholdFilter f)
    {
        var q = f.Q?.Trim();
        if (q is { Length: 18 })
        {
            q = CitizenId.Mask(q);
        }
        return new Dictionary<string, string?>
        {
            ["township"] = f.Township, ["village"] = f.Village, ["status"] = f.Status?.ToString(), ["type"] = f.Type?.ToString(),
            ["statusOn"] = f.StatusOn is { } on ? BusinessCalendar.Format(on) : null, ["q"] = q,
        }.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value);
    }
}

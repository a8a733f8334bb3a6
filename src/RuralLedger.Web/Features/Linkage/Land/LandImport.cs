using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Linkage.Land;

/// <summary>
/// A land transfer sheet, one row per plot let (xlsx or CSV: 户编号, 户主, 流入方名称, 流入方统一社会信用代码, 地块位置,
/// 面积（亩）, 租金（元/亩·年）, 起日, 止日), all or nothing, households found in the caller's scope with the head's name as a
/// check. A household's plot from a start date is one transfer (unique in the database), so a row already recorded with
/// the same tenant, area, rent and end is skipped and the same sheet again changes nothing; other figures are an error.
/// </summary>
public sealed class LandImport(RuralDbContext db, TimeProvider clock)
{
    public const int MaxRows = 20_000;

    public const string Sheet = "土地流转";

    private const string Prefix = "land";
    private const string HouseholdColumn = "户编号";
    private const string HeadColumn = "户主";
    private const string TenantColumn = "流入方名称";
    private const string CodeColumn = "流入方统一社会信用代码";
    private const string LocationColumn = "地块位置";
    private const string AreaColumn = "面积（亩）";
    private const string RentColumn = "租金（元/亩·年）";
    private const string StartColumn = "起日";
    private const string EndColumn = "止日";

    public static readonly IReadOnlyList<string> Columns =
        [HouseholdColumn, HeadColumn, TenantColumn, CodeColumn, LocationColumn, AreaColumn, RentColumn, StartColumn, EndColumn];

    private sealed record Line(int Row, string HouseholdNo, string Head, string Tenant, string? Code, string Location, Hundredths Area, Money Rent, DateOnly Start,
        DateOnly End);

    public Task<LinkageImportResult> PreviewAsync(StoredImport file, CancellationToken ct) => RunAsync(file, write: false, ct);

    public Task<LinkageImportResult> ImportAsync(StoredImport file, CancellationToken ct) => RunAsync(file, write: true, ct);

    public static Task<byte[]> TemplateAsync(CancellationToken ct) => LinkageSheet.TemplateAsync(Sheet, Columns, ct);

    private async Task<LinkageImportResult> RunAsync(StoredImport file, bool write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<ImportError>();
        List<LinkageSheet.Row> rows;
        using (var workbook = file.Open())
        {
            rows = LinkageSheet.Read(workbook, Sheet, Columns, MaxRows, Prefix, errors);
        }
        var lines = rows.Select(r => Parse(r, errors)).OfType<Line>().ToList();
        var households = await LinkageRecords.HouseholdsAsync(db, lines.Select(l => l.HouseholdNo), ct);
        // The key is unique whoever recorded the transfer, so the check sees transfers outside the caller's scope too.
        var recorded = new Dictionary<(HouseholdId, string, DateOnly), (string Tenant, Hundredths Area, Money Rent, DateOnly End)>();
        foreach (var chunk in households.Values.Select(h => h.Id).Chunk(500))
        {
            foreach (var t in await db.LandTransfers.IgnoreQueryFilters().AsNoTracking().Where(t => chunk.Contains(t.HouseholdId))
                         .Select(t => new { t.HouseholdId, t.Location, t.StartOn, t.TenantName, t.AreaMu, t.RentPerMu, t.EndOn }).ToListAsync(ct))
            {
                recorded[(t.HouseholdId, t.Location, t.StartOn)] = (t.TenantName, t.AreaMu, t.RentPerMu, t.EndOn);
            }
        }
        var inFile = new HashSet<(HouseholdId, string, DateOnly)>();
        var fresh = new List<LandTransfer>();
        var items = new List<LinkageImportItem>();
        var existing = 0;
        var now = clock.GetUtcNow();
        foreach (var line in lines)
        {
            if (!households.TryGetValue(line.HouseholdNo, out var h))
            {
                errors.Add(new ImportError(line.Row, HouseholdColumn, "linkage.household_unknown", $"户编号 {line.HouseholdNo} 不存在或不在您的权限范围内。"));
                continue;
            }
            if (h.HeadName != line.Head)
            {
                errors.Add(new ImportError(line.Row, HeadColumn, "land.head_mismatch", $"户主“{line.Head}”与档案中该户的户主不一致。"));
                continue;
            }
            var key = (h.Id, line.Location, line.Start);
            if (!inFile.Add(key))
            {
                errors.Add(new ImportError(line.Row, LocationColumn, "land.import_duplicate_row", "文件中同一户同一地块同一起日的流转出现了两行。"));
                continue;
            }
            if (recorded.TryGetValue(key, out var before))
            {
                if (before == (line.Tenant, line.Area, line.Rent, line.End))
                {
                    existing++;
                }
                else
                {
                    errors.Add(new ImportError(line.Row, LocationColumn, "land.conflicts_recorded", "该地块自该起日的流转已登记，流入方、面积、租金或止日与本行不一致；已登记的流转不能由导入改写。"));
                }
                continue;
            }
            try
            {
                var t = new LandTransfer(h, line.Tenant, line.Code, line.Location, line.Area, line.Rent, line.Start, line.End, null, db.Access.ActorName, now);
                fresh.Add(t);
                if (items.Count < LinkageSheet.ShownItems)
                {
                    items.Add(new LinkageImportItem(line.Row, line.Location, $"{h.HouseholdNo} {h.HeadName}",
                        $"{t.AreaMu} 亩 × {t.RentPerMu.ToInvariantString()} 元 = 年租金 {t.AnnualRent.ToInvariantString()} 元，{BusinessCalendar.Format(t.StartOn)} 至 {BusinessCalendar.Format(t.EndOn)}"));
                }
            }
            catch (DomainException e)
            {
                errors.Add(new ImportError(line.Row, e.Field switch { "areaMu" => AreaColumn, "rentPerMu" => RentColumn, "endOn" => EndColumn, "tenantName" => TenantColumn, _ => LocationColumn },
                    e.Code, e.Message));
            }
        }
        var written = false;
        if (errors.Count == 0 && write && fresh.Count > 0)
        {
            await LinkageSheet.WriteAsync(db, () =>
            {
                db.LandTransfers.AddRange(fresh);
                return Task.CompletedTask;
            }, Prefix, "流转表", ct);
            written = true;
        }
        return LinkageSheet.Outcome(db, file, rows.Count, fresh.Count, existing, items, errors, written);
    }

    private static Line? Parse(LinkageSheet.Row row, List<ImportError> errors)
    {
        var before = errors.Count;
        var household = LinkageSheet.Required(row, HouseholdColumn, 30, Prefix, errors);
        var head = row.Text(HeadColumn);
        var tenant = LinkageSheet.Required(row, TenantColumn, LandTransfer.MaxTextLength, Prefix, errors);
        var code = LinkageSheet.CreditCodeOf(row, CodeColumn, required: false, errors);
        var location = LinkageSheet.Required(row, LocationColumn, LandTransfer.MaxTextLength, Prefix, errors);
        var area = LinkageSheet.Measure(row, AreaColumn, Prefix, errors);
        var rent = LinkageSheet.Yuan(row, RentColumn, true, Prefix, errors);
        var start = LinkageSheet.Date(row, StartColumn, Prefix, errors);
        var end = LinkageSheet.Date(row, EndColumn, Prefix, errors);
        return errors.Count > before ? null : new Line(row.Number, household, head, tenant, code, location, area, rent, start, end);
    }
}

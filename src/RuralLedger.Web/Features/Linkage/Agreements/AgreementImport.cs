using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Linkage.Agreements;

/// <summary>
/// An enterprise's or cooperative's agreement sheet, one row per household bound (xlsx or CSV: 协议号, 统一社会信用代码,
/// 经营主体名称, 联结方式, 签订日期, 起日, 止日, the promised benefits in yuan, 涉及资产或项目, and the household by 户编号 or
/// 户主身份证号), all or nothing. The rows of one agreement share its 协议号 and terms; its households must be registered
/// in the caller's scope. The partner's credit code and 协议号 are the agreement's natural key in the database, so an
/// agreement already recorded with the same terms and households is skipped and the same sheet again changes nothing; the
/// same key with other terms or households is an error, never an overwrite.
/// </summary>
public sealed class AgreementImport(RuralDbContext db, PersonalDataVault vault, TimeProvider clock)
{
    public const int MaxRows = 20_000;

    public const string Sheet = "联结协议";

    private const string Prefix = "agreements";
    private const string NumberColumn = "协议号";
    private const string CodeColumn = "统一社会信用代码";
    private const string NameColumn = "经营主体名称";
    private const string TypeColumn = "联结方式";
    private const string SignedColumn = "签订日期";
    private const string StartColumn = "起日";
    private const string EndColumn = "止日";
    private const string WageColumn = "保底工资（元/月）";
    private const string PriceColumn = "保护价（元/千克）";
    private const string RentColumn = "租金（元/亩·年）";
    private const string DividendColumn = "分红（元/年）";
    private const string ProjectsColumn = "涉及资产或项目";
    private const string HouseholdColumn = "户编号";
    private const string HeadIdColumn = "户主身份证号";

    public static readonly IReadOnlyList<string> Columns =
    [
        NumberColumn, CodeColumn, NameColumn, TypeColumn, SignedColumn, StartColumn, EndColumn, WageColumn, PriceColumn, RentColumn, DividendColumn, ProjectsColumn,
        HouseholdColumn, HeadIdColumn,
    ];

    private sealed record Terms(string Name, AgreementType Type, DateOnly Signed, DateOnly Start, DateOnly End, PromisedBenefits Benefits, string? Projects);

    private sealed record Line(int Row, string Code, string Number, Terms Terms, string HouseholdNo, string? HeadHash);

    public Task<LinkageImportResult> PreviewAsync(StoredImport file, CancellationToken ct) => RunAsync(file, write: false, ct);

    public Task<LinkageImportResult> ImportAsync(StoredImport file, CancellationToken ct) => RunAsync(file, write: true, ct);

    public static Task<byte[]> TemplateAsync(CancellationToken ct) => LinkageSheet.TemplateAsync(Sheet, Columns, ct);

    private async Task<LinkageImportResult> RunAsync(StoredImport file, bool write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<ImportError>();
        var today = BusinessCalendar.Today(clock);
        List<LinkageSheet.Row> rows;
        using (var workbook = file.Open())
        {
            rows = LinkageSheet.Read(workbook, Sheet, Columns, MaxRows, Prefix, errors);
        }
        var lines = rows.Select(r => Parse(r, today, errors)).OfType<Line>().ToList();
        var county = db.Access.Scope.CountyCode;
        var byNumber = await LinkageRecords.HouseholdsAsync(db, lines.Select(l => l.HouseholdNo), ct);
        var byHead = await HeadsAsync(lines.Select(l => l.HeadHash).OfType<string>().Distinct().ToList(), ct);
        var recorded = await RecordedAsync(county, lines, ct);
        var fresh = new List<(int Year, Func<string, LinkageAgreement> Build, LinkageImportItem Item)>();
        var existing = 0;
        var now = clock.GetUtcNow();
        foreach (var group in lines.GroupBy(l => (l.Code, l.Number)))
        {
            var first = group.First();
            var households = new List<AgreementHousehold>();
            var before = errors.Count;
            foreach (var line in group)
            {
                if (line.Terms != first.Terms)
                {
                    errors.Add(new ImportError(line.Row, NumberColumn, "agreements.import_terms_differ",
                        $"协议号 {line.Number} 的各行应为同一协议：经营主体、联结方式、日期、承诺收益与第 {first.Row} 行不一致。"));
                    continue;
                }
                if (Household(line, byNumber, byHead, errors) is { } h)
                {
                    if (households.Any(x => x.HouseholdId == h.Id))
                    {
                        errors.Add(new ImportError(line.Row, HouseholdColumn, "agreements.import_duplicate_household", $"户 {h.HouseholdNo} 在协议号 {line.Number} 中出现了两次。"));
                        continue;
                    }
                    households.Add(new AgreementHousehold(h.Id, h.HouseholdNo, h.HeadName, h.VillageCode));
                }
            }
            if (households.Count > AgreementCommands.MaxHouseholds)
            {
                errors.Add(new ImportError(first.Row, NumberColumn, "agreements.import_too_many_households", $"一份协议最多联结 {AgreementCommands.MaxHouseholds:N0} 户。"));
            }
            if (errors.Count > before)
            {
                continue;
            }
            var t = first.Terms;
            if (recorded.TryGetValue((first.Code, first.Number), out var known))
            {
                if (known.Terms == t && known.Households.SetEquals(households.Select(h => h.HouseholdId)))
                {
                    existing++;
                }
                else
                {
                    errors.Add(new ImportError(first.Row, NumberColumn, "agreements.conflicts_recorded",
                        $"协议号 {first.Number} 已登记，内容或联结户与本表不一致；已登记的协议不能由导入改写，请在协议页续签或终止。"));
                }
                continue;
            }
            LinkageAgreement Build(string number) => new(number, county, t.Name, first.Code, t.Type, t.Signed, t.Start, t.End, t.Benefits, t.Projects, households,
                db.Access.ActorName, now, first.Number);
            try
            {
                _ = Build("");
                fresh.Add((t.Signed.Year, Build, new LinkageImportItem(first.Row, first.Number, $"{households.Count} 户",
                    $"{t.Name}，{LinkageNames.Of(t.Type)}，{BusinessCalendar.Format(t.Start)} 至 {BusinessCalendar.Format(t.End)}")));
            }
            catch (DomainException e)
            {
                errors.Add(new ImportError(first.Row, ColumnOf(e.Field), e.Code, e.Message));
            }
        }
        var written = false;
        if (errors.Count == 0 && write && fresh.Count > 0)
        {
            await LinkageSheet.WriteAsync(db, async () =>
            {
                foreach (var year in fresh.GroupBy(f => f.Year))
                {
                    var n = await NumberSeries.NextAsync(db, "linkage", county, year.Key, count: year.Count(), ct: ct);
                    db.LinkageAgreements.AddRange(year.Select(f => f.Build(string.Create(CultureInfo.InvariantCulture, $"LJ{county}-{year.Key}-{n++:D5}"))));
                }
            }, Prefix, "协议表", ct);
            written = true;
        }
        return LinkageSheet.Outcome(db, file, rows.Count, fresh.Count, existing, fresh.Take(LinkageSheet.ShownItems).Select(f => f.Item).ToList(), errors, written);
    }

    private Line? Parse(LinkageSheet.Row row, DateOnly today, List<ImportError> errors)
    {
        var before = errors.Count;
        var number = LinkageSheet.Required(row, NumberColumn, LinkageAgreement.MaxPartnerNumberLength, Prefix, errors);
        var code = LinkageSheet.CreditCodeOf(row, CodeColumn, required: true, errors) ?? "";
        var name = LinkageSheet.Required(row, NameColumn, LinkageAgreement.MaxTextLength, Prefix, errors);
        var typeText = row.Text(TypeColumn);
        var type = Enum.GetValues<AgreementType>().FirstOrDefault(t => LinkageNames.Of(t) == typeText || t.ToString().Equals(typeText, StringComparison.OrdinalIgnoreCase));
        if (type == default)
        {
            errors.Add(new ImportError(row.Number, TypeColumn, "agreements.import_type",
                $"联结方式应为{string.Join("、", Enum.GetValues<AgreementType>().Select(LinkageNames.Of))}之一。"));
        }
        var signed = LinkageSheet.Date(row, SignedColumn, Prefix, errors);
        var start = LinkageSheet.Date(row, StartColumn, Prefix, errors);
        var end = LinkageSheet.Date(row, EndColumn, Prefix, errors);
        var benefits = new PromisedBenefits(LinkageSheet.Yuan(row, WageColumn, false, Prefix, errors), LinkageSheet.Yuan(row, PriceColumn, false, Prefix, errors),
            LinkageSheet.Yuan(row, RentColumn, false, Prefix, errors), LinkageSheet.Yuan(row, DividendColumn, false, Prefix, errors));
        var projects = row.Text(ProjectsColumn);
        var householdNo = row.Text(HouseholdColumn);
        string? headHash = null;
        var headId = row.Text(HeadIdColumn);
        if (Cells.IsTruncatedNumber(row[HeadIdColumn]))
        {
            errors.Add(new ImportError(row.Number, HeadIdColumn, "agreements.import_id_number_cell", "身份证号存成了数字单元格，末尾几位已丢失：请把该列设为文本后重新填写。"));
        }
        else if (headId.Length > 0)
        {
            if (CitizenId.TryParse(headId, today, out var id, out var error))
            {
                headHash = Convert.ToHexString(vault.LookupHash(id.Value));
            }
            else
            {
                errors.Add(new ImportError(row.Number, HeadIdColumn, "agreements.import_citizen_id", error));
            }
        }
        else if (householdNo.Length == 0)
        {
            errors.Add(new ImportError(row.Number, HouseholdColumn, "agreements.import_household_required", "请填写户编号或户主身份证号。"));
        }
        return errors.Count > before ? null
            : new Line(row.Number, code, number, new Terms(name, type, signed, start, end, benefits, projects.Length == 0 ? null : projects), householdNo, headHash);
    }

    /// <summary>The row's household by number, by its head's citizen ID, or both (which must name the same household).</summary>
    private static HouseholdRef? Household(Line line, Dictionary<string, HouseholdRef> byNumber, Dictionary<string, HouseholdRef> byHead, List<ImportError> errors)
    {
        HouseholdRef? numbered = null;
        if (line.HouseholdNo.Length > 0 && !byNumber.TryGetValue(line.HouseholdNo, out numbered))
        {
            errors.Add(new ImportError(line.Row, HouseholdColumn, "linkage.household_unknown", $"户编号 {line.HouseholdNo} 不存在或不在您的权限范围内。"));
            return null;
        }
        if (line.HeadHash is null)
        {
            return numbered;
        }
        if (!byHead.TryGetValue(line.HeadHash, out var headed))
        {
            errors.Add(new ImportError(line.Row, HeadIdColumn, "agreements.import_head_unknown", "该身份证号不是本辖区已登记户的户主。"));
            return null;
        }
        if (numbered is not null && numbered.Id != headed.Id)
        {
            errors.Add(new ImportError(line.Row, HeadIdColumn, "agreements.import_head_mismatch", $"该身份证号不是户 {line.HouseholdNo} 的户主。"));
            return null;
        }
        return headed;
    }

    /// <summary>Households of the caller's scope whose head has one of the citizen IDs (by keyed hash, hex).</summary>
    private async Task<Dictionary<string, HouseholdRef>> HeadsAsync(List<string> hashes, CancellationToken ct)
    {
        var result = new Dictionary<string, HouseholdRef>(StringComparer.Ordinal);
        foreach (var chunk in hashes.Select(Convert.FromHexString).Chunk(500))
        {
            var heads = await db.Members.AsNoTracking().Where(m => m.Relation == Relation.Head && chunk.Contains(m.CitizenIdHash))
                .Select(m => new { m.CitizenIdHash, m.Household!.Id, m.Household.HouseholdNo, m.Household.HeadName, m.Household.CountyCode, m.Household.TownshipCode, m.Household.VillageCode })
                .ToListAsync(ct);
            foreach (var h in heads)
            {
                result[Convert.ToHexString(h.CitizenIdHash)] = new HouseholdRef(h.Id, h.HouseholdNo, h.HeadName, h.CountyCode, h.TownshipCode, h.VillageCode);
            }
        }
        return result;
    }

    /// <summary>
    /// The county's agreements already recorded under the sheet's keys, whoever recorded them: the key is unique per
    /// county, so the check must see agreements outside the caller's scope too (compared, never shown).
    /// </summary>
    private async Task<Dictionary<(string, string), (Terms Terms, HashSet<HouseholdId> Households)>> RecordedAsync(string county, List<Line> lines, CancellationToken ct)
    {
        var result = new Dictionary<(string, string), (Terms, HashSet<HouseholdId>)>();
        var keys = lines.Select(l => (l.Code, l.Number)).ToHashSet();
        foreach (var chunk in keys.Select(k => k.Number).Distinct().Chunk(500))
        {
            var found = await db.LinkageAgreements.IgnoreQueryFilters().AsNoTracking().Include(a => a.Households)
                .Where(a => a.CountyCode == county && a.PartnerNumber != null && chunk.Contains(a.PartnerNumber)).ToListAsync(ct);
            foreach (var a in found.Where(a => keys.Contains((a.PartnerCode, a.PartnerNumber!))))
            {
                result[(a.PartnerCode, a.PartnerNumber!)] = (new Terms(a.PartnerName, a.Type, a.SignedOn, a.StartOn, a.EndOn, a.Benefits, a.Projects),
                    a.Households.Select(h => h.HouseholdId).ToHashSet());
            }
        }
        return result;
    }

    private static string ColumnOf(string? field) => field switch
    {
        "partnerName" => NameColumn,
        "partnerCode" => CodeColumn,
        "type" => TypeColumn,
        "endOn" => EndColumn,
        "signedOn" => SignedColumn,
        "benefits" => WageColumn,
        "projects" => ProjectsColumn,
        "households" => HouseholdColumn,
        _ => NumberColumn,
    };
}

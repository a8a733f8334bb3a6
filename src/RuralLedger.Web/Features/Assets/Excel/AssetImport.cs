using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Data.Audit;
using RuralLedger.Data;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets.Excel;

/// <summary>An asset the import would create (or created).</summary>
public sealed record AssetImportItem(int Row, string? Code, string Name, string Class, string Place, Money OriginalValue);

/// <summary>Rows read; assets to create and their total value; rows recognised as already registered (skipped).</summary>
public sealed record AssetImportCounts(int Rows, int New, int Existing, Money NewValue);

/// <summary>The outcome of a preview or a confirmation. <see cref="Token"/> names the kept file while it awaits confirmation.</summary>
public sealed record AssetImportResult(string? Token, string FileName, string Sha256, AssetImportCounts Counts, IReadOnlyList<AssetImportItem> New,
    IReadOnlyList<ImportError> Errors, bool Written)
{
    public bool Valid => Errors.Count == 0;

    public bool NothingToCreate => Counts.New == 0;
}

/// <summary>
/// Asset ledger import, all or nothing. Every row is parsed and checked before anything is written: enums, the place
/// (existing, inside the caller's scope), owners and shares (exactly 100%), funding (known fund sources of the county,
/// amounts to the fen), codes (unique in the file and the county). A row is recognised as already registered by its
/// code, or, without a code, by place + name + formation date (docs/decisions/0009-asset-import.md); such rows are
/// skipped, so importing the same file twice creates nothing the second time. Writing happens in one transaction that
/// also holds the asset-number series, through the domain constructor, with one audit event for the import.
/// </summary>
public sealed class AssetImport(RuralDbContext db, Numbering numbering, AuditWriter audit, TimeProvider clock)
{
    private const int Batch = 1_000;

    private sealed record Existing(string Code, string Name, DivisionCode? Township, DivisionCode? Village, string County, DateOnly FormedOn)
    {
        public string Key => NaturalKey(new Place(County, Township, Village).Code, Name, FormedOn);
    }

    private sealed record Plan(string County, List<ImportError> Errors, List<(AssetImportRow Row, List<FundingLine> Funding)> New, int Rows, int Existing);

    public async Task<AssetImportResult> PreviewAsync(StoredImport file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var plan = await PlanAsync(file, ct);
        return Result(file, plan, written: false);
    }

    /// <summary>Validates again (the ledger may have changed since the preview) and writes every new asset in one transaction, or nothing.</summary>
    public async Task<AssetImportResult> ImportAsync(StoredImport file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var plan = await PlanAsync(file, ct);
        if (plan.Errors.Count > 0 || plan.New.Count == 0)
        {
            return Result(file, plan, written: false);
        }
        var codes = await WriteAsync(plan, file, ct);
        var result = Result(file, plan, written: true);
        return result with { New = result.New.Select((n, i) => n with { Code = codes[i] }).ToList() };
    }

    private static AssetImportResult Result(StoredImport file, Plan plan, bool written)
    {
        var items = plan.Errors.Count > 0 ? [] : plan.New.Select(n => new AssetImportItem(n.Row.Row, n.Row.Code, n.Row.Name, AssetNames.Of(n.Row.Class!.Value),
            n.Row.Place!.Value.Value, Money.Sum(n.Funding.Select(f => f.Amount)))).ToList();
        var counts = new AssetImportCounts(plan.Rows, plan.Errors.Count > 0 ? 0 : plan.New.Count, plan.Existing, Money.Sum(items.Select(i => i.OriginalValue)));
        return new AssetImportResult(file.Id, file.FileName, file.Sha256, counts, items, plan.Errors, written);
    }

    private static string NaturalKey(DivisionCode place, string name, DateOnly formedOn) => $"{place.Value}|{name.Trim()}|{BusinessCalendar.Format(formedOn)}";

    private async Task<Plan> PlanAsync(StoredImport file, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var errors = new List<ImportError>();
        List<AssetImportRow> rows;
        using (var workbook = file.Open())
        {
            rows = AssetImportSheet.Read(workbook, today, errors);
        }
        var county = db.Access.Scope.CountyCode;
        if (county.Length == 0)
        {
            county = rows.Select(r => r.Place).FirstOrDefault(c => c is not null)?.County ?? "";
        }
        void Error(AssetImportRow row, AssetField field, string code, string message) =>
            errors.Add(new ImportError(row.Row, AssetColumns.Header(field), code, message));

        // Places: they must exist and lie inside the caller's scope.
        var places = rows.Where(r => r.Place is not null).Select(r => r.Place!.Value).Distinct().ToList();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in places.Chunk(Batch))
        {
            known.UnionWith(await db.Areas.AsNoTracking().Where(a => chunk.Contains(a.Code)).Select(a => a.Code.Value).ToListAsync(ct));
        }
        foreach (var row in rows.Where(r => r.Place is not null))
        {
            var place = row.Place!.Value;
            if (county.Length > 0 && place.County != county)
            {
                Error(row, AssetField.PlaceCode, "scope.out_of_scope", $"{place} 不在本县（{county}），一次导入只能是一个县的资产。");
                row.Place = null;
            }
            else if (!db.Access.Scope.Covers(place))
            {
                Error(row, AssetField.PlaceCode, "scope.out_of_scope", $"{place} 不在您的权限范围内。");
                row.Place = null;
            }
            else if (!known.Contains(place.Value))
            {
                Error(row, AssetField.PlaceCode, "area.not_found", $"区划代码 {place} 不存在。");
                row.Place = null;
            }
        }

        // Fund sources are matched by name within the county; a name used in two years must carry its year.
        var funds = (await db.FundSources.AsNoTracking().Where(f => f.CountyCode == county).Select(f => new { f.Id, f.Name }).ToListAsync(ct))
            .GroupBy(f => f.Name.Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => f.Id).ToList(), StringComparer.Ordinal);
        var fundings = new Dictionary<AssetImportRow, List<FundingLine>>();
        foreach (var row in rows.Where(r => r.Funding is not null))
        {
            var lines = new List<FundingLine>();
            foreach (var f in row.Funding!)
            {
                if (!funds.TryGetValue(f.Source, out var ids))
                {
                    Error(row, AssetField.Funding, "assets.unknown_fund", $"资金来源“{f.Source}”不是本县已登记的资金来源（名称须与“资金与项目”中登记的完全一致）。");
                    lines = null;
                    break;
                }
                if (ids.Count > 1)
                {
                    Error(row, AssetField.Funding, "assets.ambiguous_fund", $"资金来源“{f.Source}”在多个年度都有登记，请在资金与项目中区分名称。");
                    lines = null;
                    break;
                }
                lines.Add(new FundingLine(ids[0], Money.FromFen(f.Fen)));
            }
            if (lines is not null)
            {
                fundings[row] = lines;
            }
        }

        // Codes: unique in the file, and in the county (whoever's scope the holder is in).
        var firstRowOfCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstRowOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Code is { } code && !firstRowOfCode.TryAdd(code, row.Row))
            {
                Error(row, AssetField.Code, "assets.import_duplicate_code", $"资产编码 {code} 与第 {firstRowOfCode[code]} 行重复。");
            }
            if (row.Place is { } place && row.FormedOn is { } on && row.Name.Length > 0 && !firstRowOfKey.TryAdd(NaturalKey(place, row.Name, on), row.Row))
            {
                Error(row, AssetField.Name, "assets.import_duplicate_asset", $"与第 {firstRowOfKey[NaturalKey(place, row.Name, on)]} 行是同一所在地、同名、同一形成日期的资产：请改名区分（如“1号冷库”）或填写不同的资产编码。");
            }
        }
        var byCode = new Dictionary<string, Existing>(StringComparer.Ordinal);
        foreach (var chunk in firstRowOfCode.Keys.Chunk(Batch))
        {
            foreach (var e in await db.Assets.IgnoreQueryFilters().AsNoTracking().Where(a => a.CountyCode == county && chunk.Contains(a.Code))
                         .Select(a => new Existing(a.Code, a.Name, a.TownshipCode, a.VillageCode, a.CountyCode, a.FormedOn)).ToListAsync(ct))
            {
                byCode[e.Code] = e;
            }
        }
        var names = rows.Where(r => r.Name.Length > 0).Select(r => r.Name).Distinct(StringComparer.Ordinal).ToList();
        var byKey = new Dictionary<string, Existing>(StringComparer.Ordinal);
        foreach (var chunk in names.Chunk(Batch))
        {
            foreach (var e in await db.Assets.AsNoTracking().Where(a => chunk.Contains(a.Name))
                         .Select(a => new Existing(a.Code, a.Name, a.TownshipCode, a.VillageCode, a.CountyCode, a.FormedOn)).ToListAsync(ct))
            {
                byKey.TryAdd(e.Key, e);
            }
        }

        var created = new List<(AssetImportRow, List<FundingLine>)>();
        var existing = 0;
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            var key = row.Place is { } p && row.FormedOn is { } f ? NaturalKey(p, row.Name, f) : null;
            if (row.Code is { } code && byCode.TryGetValue(code, out var same))
            {
                var inScope = db.Access.Scope.Covers(new Place(same.County, same.Township, same.Village).Code);
                if (!inScope)
                {
                    Error(row, AssetField.Code, "assets.duplicate_code", $"资产编码 {code} 已被本县其他单位的资产使用，请核对编码。");
                }
                else if (key is not null && key != same.Key)
                {
                    Error(row, AssetField.Code, "assets.duplicate_code",
                        $"资产编码 {code} 已登记为“{same.Name}”（{new Place(same.County, same.Township, same.Village).Code}，{BusinessCalendar.Format(same.FormedOn)} 形成），与本行不符：新资产请换一个编码或留空。");
                }
                else
                {
                    existing++;
                }
                continue;
            }
            if (key is not null && byKey.TryGetValue(key, out var twin))
            {
                if (row.Code is null)
                {
                    existing++;
                }
                else
                {
                    Error(row, AssetField.Code, "assets.duplicate_asset",
                        $"本所在地已登记同名、同一形成日期的资产（编码 {twin.Code}）：若是同一资产请填该编码或留空，若是另一资产请改名区分。");
                }
                continue;
            }
            // Whatever the cells left unchecked (lengths, the optional texts) the domain checks on a stand-in.
            if (row.Class is null || row.Kind is null || row.Industry is null || row.Place is null || row.Quantity is null || row.FormedOn is null
                || row.Owners is null || row.HolderKinds is null || !fundings.TryGetValue(row, out var funding))
            {
                continue;
            }
            var probe = TryBuild(row, "IMPORT-PROBE", funding, now, Error);
            if (probe is not null)
            {
                created.Add((row, funding));
            }
        }
        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : ColumnIndex(a.Column).CompareTo(ColumnIndex(b.Column)));
        return new Plan(county, errors, created, rows.Count, existing);
    }

    private Asset? TryBuild(AssetImportRow row, string code, List<FundingLine> funding, DateTimeOffset now, Action<AssetImportRow, AssetField, string, string> error)
    {
        try
        {
            var shares = row.Owners!.Select((o, i) => new ShareLine(row.HolderKinds!.Count == 1 ? row.HolderKinds[0] : row.HolderKinds![i], o.Name, null, null, o.BasisPoints)).ToList();
            var asset = new Asset(code, row.Name, row.Class!.Value, row.Kind!.Value, row.Industry!.Value, row.Place!.Value, row.Quantity!.Value,
                row.Text[(int)AssetField.Unit], row.FormedOn!.Value, null, funding, shares, now, db.Access.ActorName);
            asset.SetRights(row.Optional(AssetField.SupervisionUnit), row.Optional(AssetField.SupervisionPerson), row.Optional(AssetField.Beneficiaries), row.Optional(AssetField.IncomeRule));
            if (row.Status != AssetStatus.InUse)
            {
                asset.ChangeStatus(row.Status, row.FormedOn!.Value, "Excel 导入时登记的状态", now, db.Access.ActorName);
            }
            return asset;
        }
        catch (DomainException e)
        {
            error(row, FieldOf(e.Field), e.Code, e.Message);
            return null;
        }
    }

    private static AssetField FieldOf(string? domainField) => domainField switch
    {
        "name" => AssetField.Name,
        "quantity" => AssetField.Quantity,
        "unit" => AssetField.Unit,
        "funding" => AssetField.Funding,
        "areaCode" => AssetField.PlaceCode,
        "supervisionUnit" => AssetField.SupervisionUnit,
        "supervisionPerson" => AssetField.SupervisionPerson,
        "beneficiaries" => AssetField.Beneficiaries,
        "incomeRule" => AssetField.IncomeRule,
        "to" or "status" or "effectiveOn" => AssetField.Status,
        { } f when f.StartsWith("shares", StringComparison.Ordinal) => AssetField.Owners,
        _ => AssetField.Name,
    };

    private static int ColumnIndex(string header)
    {
        for (var i = 0; i < AssetColumns.All.Count; i++)
        {
            if (AssetColumns.All[i].Header == header)
            {
                return i;
            }
        }
        return int.MaxValue;
    }

    private async Task<List<string>> WriteAsync(Plan plan, StoredImport file, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var now = clock.GetUtcNow();
        var codes = new List<string>();
        try
        {
            await using var tx = await numbering.BeginAsync(ct);
            var given = new HashSet<string>(plan.New.Where(n => n.Row.Code is not null).Select(n => n.Row.Code!), StringComparer.Ordinal);
            var needed = plan.New.Count(n => n.Row.Code is null);
            // A code written in the file may sit inside the series: numbers it takes are skipped.
            var generated = needed == 0 ? [] : (await numbering.NextAssetCodesAsync(plan.County, today.Year, needed + given.Count, ct)).Where(c => !given.Contains(c)).Take(needed).ToList();
            var next = 0;
            foreach (var (row, funding) in plan.New)
            {
                var code = row.Code ?? generated[next++];
                var asset = TryBuild(row, code, funding, now, (_, _, _, m) => throw new ConflictException("assets.import_changed", m))!;
                db.Assets.Add(asset);
                codes.Add(code);
            }
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, [new AuditRecord(plan.County, "import", nameof(Asset), "*", null, Json.Object(
                ("source", "excel"), ("file", file.FileName), ("sha256", file.Sha256), ("rows", plan.Rows), ("created", plan.New.Count), ("existing", plan.Existing),
                ("value", Money.FromFen(plan.New.Sum(n => n.Funding.Sum(f => f.Amount.Fen))).ToString(withUnit: false))))], ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("assets.import_duplicate", "导入期间有相同编码的资产被他人登记，未写入任何数据；请重新上传预览。");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        return codes;
    }
}

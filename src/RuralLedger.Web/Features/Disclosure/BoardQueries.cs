using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Core.Registry;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Disclosure;

/// <summary>A notice's period and where the business date stands in it.</summary>
public sealed record NoticePeriod(DateOnly From, DateOnly To, DateOnly Today)
{
    public bool IsOpen => From <= Today && Today <= To;

    public string State => Today < From ? "未开始" : IsOpen ? "公示中" : "已结束";
}

public sealed record BoardPlace(string Code, string Name);

public sealed record BoardTownship(string Code, string Name, IReadOnlyList<BoardPlace> Villages);

/// <param name="InNotice">Villages with a distribution notice running today, marked on the index so a villager finds it.</param>
public sealed record BoardCounty(string Code, string Name, IReadOnlyList<BoardTownship> Townships, IReadOnlySet<string> InNotice);

public sealed record NoticePart(string Name, Rate Percent, Money Amount);

/// <summary>One household's line as the public sees it: the head's name masked, no number, ID or account.</summary>
public sealed record NoticeLine(int Row, string Name, int People, Money Amount);

/// <summary>An answered objection: the filer's name masked, never the phone.</summary>
public sealed record NoticeObjection(DateOnly FiledOn, string FiledBy, string Content, string Answer, DateOnly AnsweredOn);

public sealed record PlanNotice(long Id, string Number, string Title, int Year, string StatusName, NoticePeriod Period, string Place,
    Money Pool, Money Dividends, int Households, IReadOnlyList<NoticePart> Parts, IReadOnlyList<NoticeLine> Lines,
    IReadOnlyList<NoticeObjection> Answered, int Pending)
{
    /// <summary>Objections are taken while the notice runs and the plan still waits for it (the plan's own rule).</summary>
    public bool TakesObjections => Period.IsOpen && StatusName == IncomeNames.Of(PlanStatus.Noticed);
}

public sealed record AssetRow(string Code, string Name, string ClassName, string StatusName, Money OriginalValue, Money Income);

public sealed record AssetNotice(int Year, NoticePeriod Period, IReadOnlyList<AssetRow> Rows, Money OriginalValue, Money Income);

public sealed record ProjectNotice(string Code, string Name, int Year, string StatusName, DateOnly ApprovedOn, Money Budget, NoticePeriod Period);

public sealed record VillagePlace(string Code, string Name, string TownshipName, string CountyName)
{
    public string FullName => $"{CountyName}{TownshipName}{Name}";
}

public sealed record VillageBoard(VillagePlace Village, DateOnly Today, IReadOnlyList<PlanNotice> Plans, AssetNotice Assets, IReadOnlyList<ProjectNotice> Projects);

/// <summary>
/// What the public notice board shows. The caller is anonymous, so every read ignores the scope filter and is bound to
/// the one village (or county) in the address instead; what leaves here is the disclosed subset only — names masked
/// (<see cref="PersonName.MaskForNotice"/>), no household number, citizen ID, account or phone.
/// </summary>
public sealed class BoardQueries(RuralDbContext db, TimeProvider clock, IOptions<DisclosureOptions> options)
{
    public async Task<IReadOnlyList<BoardPlace>> CountiesAsync(CancellationToken ct) =>
        await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.Level == AreaLevel.County).OrderBy(a => a.Code)
            .Select(a => new BoardPlace(a.CountyCode, a.Name)).ToListAsync(ct);

    public async Task<BoardCounty?> CountyAsync(string? countyCode, CancellationToken ct)
    {
        if (countyCode is not { Length: 6 } || !countyCode.All(char.IsAsciiDigit))
        {
            return null;
        }
        var areas = await db.Areas.IgnoreQueryFilters().AsNoTracking().Where(a => a.CountyCode == countyCode && a.Level != AreaLevel.Group)
            .OrderBy(a => a.Code).Select(a => new { a.Code, a.Name, a.Level, a.TownshipCode }).ToListAsync(ct);
        var county = areas.FirstOrDefault(a => a.Level == AreaLevel.County);
        if (county is null)
        {
            return null;
        }
        var townships = areas.Where(a => a.Level == AreaLevel.Township)
            .Select(t => new BoardTownship(t.Code.Value, t.Name, areas.Where(v => v.Level == AreaLevel.Village && v.TownshipCode == t.Code)
                .Select(v => new BoardPlace(v.Code.Value, v.Name)).ToList()))
            .ToList();
        var today = BusinessCalendar.Today(clock);
        var inNotice = await db.DistributionPlans.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.CountyCode == countyCode && p.Kind == PlanKind.Distribution && p.Status == PlanStatus.Noticed && p.NoticeFrom <= today && p.NoticeTo >= today)
            .Select(p => p.VillageCode).Distinct().ToListAsync(ct);
        return new BoardCounty(countyCode, county.Name, townships, inNotice.OfType<DivisionCode>().Select(v => v.Value).ToHashSet(StringComparer.Ordinal));
    }

    public async Task<VillageBoard?> VillageAsync(string? villageCode, CancellationToken ct)
    {
        if (await PlaceAsync(villageCode, ct) is not { } place)
        {
            return null;
        }
        var code = DivisionCode.Parse(place.Code);
        var today = BusinessCalendar.Today(clock);
        return new VillageBoard(place, today, await PlansAsync(code, today, ct), await AssetsAsync(code, today, ct), await ProjectsAsync(code, today, ct));
    }

    /// <summary>One notice of the village, for its PDF; null when the plan isn't a public notice of that village.</summary>
    public async Task<(VillagePlace Village, PlanNotice Notice)?> NoticeAsync(string? villageCode, long planId, CancellationToken ct)
    {
        if (await PlaceAsync(villageCode, ct) is not { } place)
        {
            return null;
        }
        var notice = (await PlansAsync(DivisionCode.Parse(place.Code), BusinessCalendar.Today(clock), ct, new DistributionPlanId(planId))).SingleOrDefault();
        return notice is null ? null : (place, notice);
    }

    public async Task<VillagePlace?> PlaceAsync(string? villageCode, CancellationToken ct)
    {
        if (!DivisionCode.TryParse(villageCode, out var code, out _) || code.Level != AreaLevel.Village)
        {
            return null;
        }
        var names = await db.Areas.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Code == code || a.Code == code.TownshipOf() || (a.CountyCode == code.County && a.Level == AreaLevel.County))
            .Select(a => new { a.Code, a.Name, a.Level }).ToListAsync(ct);
        var village = names.FirstOrDefault(a => a.Code == code);
        return village is null ? null : new VillagePlace(code.Value, village.Name,
            names.FirstOrDefault(a => a.Level == AreaLevel.Township)?.Name ?? "", names.FirstOrDefault(a => a.Level == AreaLevel.County)?.Name ?? "");
    }

    /// <summary>
    /// Distribution plans from their notice on: a plan whose notice was never published (or was undone by a return) is
    /// not public; reversal plans are not noticed, the reversed plan shows its state instead.
    /// </summary>
    private async Task<IReadOnlyList<PlanNotice>> PlansAsync(DivisionCode village, DateOnly today, CancellationToken ct, DistributionPlanId? only = null)
    {
        var q = db.DistributionPlans.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.VillageCode == village && p.Kind == PlanKind.Distribution && p.NoticeFrom != null
                && (p.Status == PlanStatus.Noticed || p.Status == PlanStatus.Approved || p.Status == PlanStatus.Posted || p.Status == PlanStatus.Reversed));
        if (only is { } id)
        {
            q = q.Where(p => p.Id == id);
        }
        var plans = await q.OrderByDescending(p => p.NoticeFrom).ThenByDescending(p => p.Id).Take(Math.Max(1, options.Value.PlansShown)).ToListAsync(ct);
        var ids = plans.Select(p => p.Id).ToList();
        var lines = (await db.PlanLines.IgnoreQueryFilters().AsNoTracking().Where(l => ids.Contains(l.PlanId))
                .OrderBy(l => l.HouseholdNo).Select(l => new { l.PlanId, l.HeadName, l.People, l.Amount }).ToListAsync(ct))
            .ToLookup(l => l.PlanId);
        return plans.Select(p => new PlanNotice(p.Id.Value, p.Number, p.Title, p.Year, IncomeNames.Of(p.Status),
                new NoticePeriod(p.NoticeFrom!.Value, p.NoticeTo!.Value, today), p.NoticePlace ?? "", p.Pool, p.Dividends, p.Households,
                p.Parts.Select(x => new NoticePart(x.Name, Rate.FromBasisPoints(x.BasisPoints), x.Amount)).ToList(),
                lines[p.Id].Select((l, i) => new NoticeLine(i + 1, PersonName.MaskForNotice(l.HeadName), l.People, l.Amount)).ToList(),
                p.Objections.Where(o => o.Answer is not null).OrderBy(o => o.Id)
                    .Select(o => new NoticeObjection(o.FiledOn, PersonName.MaskForNotice(o.FiledBy), o.Content, o.Answer!, o.AnsweredOn!.Value)).ToList(),
                p.Objections.Count(o => o.Answer is null)))
            .ToList();
    }

    /// <summary>The village's assets in the ledger (disposed ones excepted) with the income received this year.</summary>
    private async Task<AssetNotice> AssetsAsync(DivisionCode village, DateOnly today, CancellationToken ct)
    {
        var assets = await db.Assets.IgnoreQueryFilters().AsNoTracking().Where(a => a.VillageCode == village && a.Status != AssetStatus.Disposed)
            .OrderBy(a => a.Code).Select(a => new { a.Id, a.Code, a.Name, a.Class, a.Status, a.OriginalValue }).ToListAsync(ct);
        var income = (await db.AssetIncomes.IgnoreQueryFilters().AsNoTracking().Where(i => i.VillageCode == village && i.Year == today.Year)
                .Select(i => new { i.AssetId, i.Amount }).ToListAsync(ct))
            .GroupBy(i => i.AssetId).ToDictionary(g => g.Key, g => Money.Sum(g.Select(i => i.Amount)));
        var rows = assets.Select(a => new AssetRow(a.Code, a.Name, AssetNames.Of(a.Class), AssetNames.Of(a.Status), a.OriginalValue,
            income.GetValueOrDefault(a.Id))).ToList();
        return new AssetNotice(today.Year, new NoticePeriod(new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31), today), rows,
            Money.Sum(rows.Select(r => r.OriginalValue)), Money.Sum(income.Values));
    }

    private async Task<IReadOnlyList<ProjectNotice>> ProjectsAsync(DivisionCode village, DateOnly today, CancellationToken ct)
    {
        var days = Math.Max(1, options.Value.ProjectNoticeDays);
        var projects = await db.Projects.IgnoreQueryFilters().AsNoTracking()
            .Where(p => p.VillageCode == village && p.ApprovedOn != null && p.Status != ProjectStatus.Cancelled)
            .OrderByDescending(p => p.ApprovedOn).ThenBy(p => p.Code).Take(30).ToListAsync(ct);
        return projects.Select(p => new ProjectNotice(p.Code, p.Name, p.Year, AssetNames.Of(p.Status), p.ApprovedOn!.Value, p.BudgetTotal,
            new NoticePeriod(p.ApprovedOn.Value, p.ApprovedOn.Value.AddDays(days - 1), today))).ToList();
    }
}

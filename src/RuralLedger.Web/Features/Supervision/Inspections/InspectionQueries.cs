using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Supervision.Inspections;

public sealed record FindingFilter(FindingStatus? Status, bool? Overdue, long? InspectionId);

/// <summary>Reads of inspections and findings, all through the scoped context.</summary>
public sealed class InspectionQueries(RuralDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<InspectionView>> ListAsync(long? campaignId, CancellationToken ct)
    {
        var query = db.Inspections.AsNoTracking();
        if (campaignId is { } c)
        {
            query = query.Where(i => i.CampaignId == new InspectionCampaignId(c));
        }
        var rows = await query.OrderByDescending(i => i.InspectedOn).ThenByDescending(i => i.Id).Take(InspectionCommands.Limit).ToListAsync(ct);
        return await ViewsAsync(rows, ct);
    }

    public async Task<InspectionView> GetAsync(long id, CancellationToken ct)
    {
        var row = await db.Inspections.AsNoTracking().FirstOrDefaultAsync(i => i.Id == new InspectionId(id), ct)
            ?? throw new NotFoundException("inspections.not_found", $"检查记录 {id} 不存在或不在您的权限范围内。");
        return (await ViewsAsync([row], ct))[0];
    }

    private async Task<List<InspectionView>> ViewsAsync(List<Inspection> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var counts = await db.Findings.AsNoTracking().Where(f => ids.Contains(f.InspectionId)).GroupBy(f => f.InspectionId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var campaignIds = rows.Where(r => r.CampaignId != null).Select(r => r.CampaignId!.Value).Distinct().ToList();
        var campaigns = await db.InspectionCampaigns.AsNoTracking().Where(c => campaignIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var names = await PlaceNames.LoadAsync(db, rows.SelectMany(r => new[] { r.TownshipCode, r.VillageCode }), ct);
        return rows.Select(i => new InspectionView(i.Id.Value, i.CampaignId?.Value, i.CampaignId is { } c ? campaigns.GetValueOrDefault(c) : null, i.Target,
            SupervisionNames.Of(i.Target), i.TargetId, i.TargetLabel, LinkOf(i.Target, i.TargetId), PlaceNames.Of(names, i.TownshipCode, i.VillageCode),
            i.InspectedOn, i.Summary, i.Inspector, counts.GetValueOrDefault(i.Id), i.Version)).ToList();
    }

    public static string LinkOf(InspectionTarget target, long id) => target switch
    {
        InspectionTarget.Asset => $"/assets/{id}",
        InspectionTarget.Contract => $"/contracts/{id}",
        InspectionTarget.Plan => $"/distribution/{id}",
        InspectionTarget.Project => $"/projects/{id}",
        InspectionTarget.Loan => $"/credit/{id}",
        InspectionTarget.Village => $"/areas?code={id}",
    };

    public async Task<FindingList> FindingsAsync(FindingFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var today = BusinessCalendar.Today(clock);
        var query = db.Findings.AsNoTracking();
        if (filter.Status is { } s)
        {
            query = query.Where(f => f.Status == s);
        }
        if (filter.Overdue == true)
        {
            query = query.Where(f => f.Status != FindingStatus.Accepted && f.Deadline < today);
        }
        if (filter.InspectionId is { } i)
        {
            query = query.Where(f => f.InspectionId == new InspectionId(i));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(f => f.Status == FindingStatus.Accepted).ThenBy(f => f.Deadline).ThenBy(f => f.Id).Take(InspectionCommands.Limit).ToListAsync(ct);
        return new FindingList(await FindingViewsAsync(rows, ct), total, InspectionCommands.Limit);
    }

    public async Task<FindingView> FindingAsync(long id, CancellationToken ct)
    {
        var row = await db.Findings.AsNoTracking().FirstOrDefaultAsync(f => f.Id == new FindingId(id), ct)
            ?? throw new NotFoundException("findings.not_found", $"问题 {id} 不存在或不在您的权限范围内。");
        return (await FindingViewsAsync([row], ct))[0];
    }

    private async Task<List<FindingView>> FindingViewsAsync(List<Finding> rows, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var ids = rows.Select(r => r.Id).ToList();
        var inspectionIds = rows.Select(r => r.InspectionId).Distinct().ToList();
        var targets = await db.Inspections.AsNoTracking().Where(i => inspectionIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Target, i.TargetId, i.TargetLabel }).ToDictionaryAsync(i => i.Id, ct);
        var files = (await db.SupervisionFiles.AsNoTracking().Where(f => ids.Contains(f.FindingId)).OrderBy(f => f.Id)
                .Select(f => new { f.FindingId, View = new FileView(f.Id, f.Kind, f.FileName, f.ContentType, f.Size, f.UploadedBy, f.UploadedAt) }).ToListAsync(ct))
            .ToLookup(f => f.FindingId, f => f.View);
        var names = await PlaceNames.LoadAsync(db, rows.SelectMany(r => new[] { r.TownshipCode, r.VillageCode }), ct);
        return rows.Select(f =>
        {
            var t = targets[f.InspectionId];
            return new FindingView(f.Id.Value, f.InspectionId.Value, t.TargetLabel, LinkOf(t.Target, t.TargetId), PlaceNames.Of(names, f.TownshipCode, f.VillageCode),
                f.Category, SupervisionNames.Of(f.Category), f.Amount, f.Description, f.ResponsibleUnit, f.ResponsiblePerson, f.Deadline, f.Status,
                SupervisionNames.Of(f.Status), f.OverdueOn(today), f.Proof, f.SubmittedBy, f.ReturnReason, f.CheckedBy, f.Rounds, f.RecordedBy, f.Version,
                files[f.Id].ToList());
        }).ToList();
    }

    public async Task<Assets.StoredFile> PhotoAsync(long findingId, long fileId, CancellationToken ct)
    {
        var file = await db.SupervisionFiles.AsNoTracking().Where(f => f.Id == fileId && f.FindingId == new FindingId(findingId))
            .Select(f => new Assets.StoredFile(f.FileName, f.ContentType, f.Content, true)).SingleOrDefaultAsync(ct);
        return file ?? throw new NotFoundException("files.not_found", $"照片 {fileId} 不存在或不在您的权限范围内。");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Supervision.Inspections;

/// <summary>An inspection to record: the target by kind and id (a village by its 12-digit code), the date, what was seen.</summary>
public sealed record InspectionInput(InspectionTarget Target, long? TargetId, long? CampaignId, DateOnly? InspectedOn, string? Summary);

public sealed record CampaignInput(string? Name, int? Year);

public sealed record FindingInput(FindingCategory Category, Money? Amount, string? Description, string? ResponsibleUnit, string? ResponsiblePerson,
    DateOnly? Deadline, int? Version);

public sealed record ProofInput(string? Proof, int? Version);

public sealed record CheckInput(string? Reason, int? Version);

/// <summary>A photo as the request carries it; its content decides its type.</summary>
public sealed record PhotoUpload(string? FileName, long Length, Stream Content);

public sealed record CampaignView(long Id, string Name, int Year, int Inspections, int Findings, int OpenFindings, int Overdue, Money Amount, string CreatedBy);

public sealed record InspectionView(long Id, long? CampaignId, string? CampaignName, InspectionTarget Target, string TargetName, long TargetId, string TargetLabel,
    string TargetLink, string PlaceName, DateOnly InspectedOn, string Summary, string Inspector, int Findings, int Version);

public sealed record FileView(long Id, SupervisionFileKind Kind, string FileName, string ContentType, int Size, string UploadedBy, DateTimeOffset UploadedAt);

public sealed record FindingView(long Id, long InspectionId, string TargetLabel, string TargetLink, string PlaceName, FindingCategory Category, string CategoryName,
    Money Amount, string Description, string ResponsibleUnit, string ResponsiblePerson, DateOnly Deadline, FindingStatus Status, string StatusName, bool Overdue,
    string? Proof, string? SubmittedBy, string? ReturnReason, string? CheckedBy, int Rounds, string RecordedBy, int Version, IReadOnlyList<FileView> Files);

public sealed record FindingList(IReadOnlyList<FindingView> Items, int Total, int Limit);

/// <summary>
/// 监督检查: inspections of records in the caller's scope, their findings with photos, and the rectification loop
/// (the responsible unit submits proof, the inspector accepts or returns it). Everything is read through the scoped
/// context, so a target or finding outside the caller's area is "not found".
/// </summary>
public sealed class InspectionCommands(RuralDbContext db, TimeProvider clock, IOptions<SupervisionOptions> options)
{
    private static readonly Versions InspectionVersions = new("inspections", "该检查记录");
    private static readonly Versions FindingVersions = new("findings", "该问题");

    public const int Limit = 500;

    public async Task<long> CreateCampaignAsync(CampaignInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = new InspectionCampaign(db.Access.Scope.CountyCode, input.Name, input.Year ?? BusinessCalendar.Today(clock).Year,
            db.Access.ActorName, clock.GetUtcNow());
        db.InspectionCampaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        return campaign.Id.Value;
    }

    /// <summary>Campaigns with their totals: inspections, findings, open and overdue ones, and the amount involved.</summary>
    public async Task<IReadOnlyList<CampaignView>> CampaignsAsync(CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var campaigns = await db.InspectionCampaigns.AsNoTracking().OrderByDescending(c => c.Year).ThenByDescending(c => c.Id).Take(100).ToListAsync(ct);
        var ids = campaigns.Select(c => (InspectionCampaignId?)c.Id).ToList();
        var inspections = await db.Inspections.AsNoTracking().Where(i => ids.Contains(i.CampaignId))
            .GroupBy(i => i.CampaignId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var findings = await (from f in db.Findings.AsNoTracking()
                              join i in db.Inspections on f.InspectionId equals i.Id
                              where ids.Contains(i.CampaignId)
                              select new { i.CampaignId, f.Status, f.Deadline, f.Amount }).ToListAsync(ct);
        return campaigns.Select(c =>
        {
            var mine = findings.Where(f => f.CampaignId == c.Id).ToList();
            return new CampaignView(c.Id.Value, c.Name, c.Year, inspections.FirstOrDefault(x => x.Key == c.Id)?.Count ?? 0, mine.Count,
                mine.Count(f => f.Status != FindingStatus.Accepted), mine.Count(f => f.Status != FindingStatus.Accepted && f.Deadline < today),
                Money.Sum(mine.Select(f => f.Amount)), c.CreatedBy);
        }).ToList();
    }

    public async Task<long> InspectAsync(InspectionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        if (!Enum.IsDefined(input.Target))
        {
            v.Add("target", "检查对象类别不是可选的值。");
        }
        if (input.TargetId is null)
        {
            v.Add("targetId", "请填写检查对象。");
        }
        var today = BusinessCalendar.Today(clock);
        var on = v.Try("inspectedOn", () => Inputs.NotAfterToday(input.InspectedOn ?? today, today, "inspectedOn", "检查日期"));
        v.ThrowIfAny();
        var (label, county, township, village) = await TargetAsync(input.Target, input.TargetId!.Value, ct);
        InspectionCampaignId? campaign = null;
        if (input.CampaignId is { } cid)
        {
            campaign = new InspectionCampaignId(cid);
            if (!await db.InspectionCampaigns.AnyAsync(c => c.Id == campaign, ct))
            {
                throw new DomainException("inspections.campaign", $"专项检查 {cid} 不存在或不在您的权限范围内。", "campaignId");
            }
        }
        var inspection = new Inspection(input.Target, input.TargetId!.Value, label, county, township, village, campaign, on, input.Summary,
            db.Access.ActorName, clock.GetUtcNow());
        db.Inspections.Add(inspection);
        await db.SaveChangesAsync(ct);
        return inspection.Id.Value;
    }

    /// <summary>The target's name and place, found through the scoped context: outside the caller's area it is "not found".</summary>
    private async Task<(string Label, string County, DivisionCode? Township, DivisionCode? Village)> TargetAsync(InspectionTarget target, long id, CancellationToken ct)
    {
        var found = target switch
        {
            InspectionTarget.Asset => await db.Assets.AsNoTracking().Where(a => a.Id == new AssetId(id))
                .Select(a => new Target(a.Code + " " + a.Name, a.CountyCode, a.TownshipCode, a.VillageCode)).FirstOrDefaultAsync(ct),
            InspectionTarget.Contract => await db.Contracts.AsNoTracking().Where(c => c.Id == new ContractId(id))
                .Select(c => new Target(c.Number + " " + c.OperatorName, c.CountyCode, c.TownshipCode, c.VillageCode)).FirstOrDefaultAsync(ct),
            InspectionTarget.Plan => await db.DistributionPlans.AsNoTracking().Where(p => p.Id == new DistributionPlanId(id))
                .Select(p => new Target(p.Number + " " + p.Title, p.CountyCode, p.TownshipCode, p.VillageCode)).FirstOrDefaultAsync(ct),
            InspectionTarget.Project => await db.Projects.AsNoTracking().Where(p => p.Id == new ProjectId(id))
                .Select(p => new Target(p.Code + " " + p.Name, p.CountyCode, p.TownshipCode, p.VillageCode)).FirstOrDefaultAsync(ct),
            InspectionTarget.Loan => await db.Loans.AsNoTracking().Where(l => l.Id == new LoanId(id))
                .Select(l => new Target(l.Number + " " + l.BorrowerName, l.CountyCode, (DivisionCode?)l.TownshipCode, (DivisionCode?)l.VillageCode)).FirstOrDefaultAsync(ct),
            InspectionTarget.Village => await VillageAsync(id, ct),
            _ => null,
        };
        if (found is null)
        {
            throw new NotFoundException("inspections.target_not_found", $"{SupervisionNames.Of(target)} {id} 不存在或不在您的权限范围内。");
        }
        return (found.Label, found.County, found.Township, found.Village);
    }

    private sealed record Target(string Label, string County, DivisionCode? Township, DivisionCode? Village);

    private async Task<Target?> VillageAsync(long code, CancellationToken ct)
    {
        if (code is < 100000000000 or > 999999999999)
        {
            return null;
        }
        var village = DivisionCode.Parse(code.ToString(Fmt.Culture));
        if (village.Level != AreaLevel.Village)
        {
            return null;
        }
        return await db.Areas.AsNoTracking().Where(a => a.Code == village && a.Level == AreaLevel.Village)
            .Select(a => new Target(a.Name, a.CountyCode, a.TownshipCode, a.VillageCode)).FirstOrDefaultAsync(ct);
    }

    public async Task<long> AddFindingAsync(long inspectionId, FindingInput input, IReadOnlyList<PhotoUpload> photos, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        if (!Enum.IsDefined(input.Category))
        {
            v.Add("category", "问题类别不是可选的值。");
        }
        var amount = input.Amount is null ? Money.Zero : v.Try("amount", () => Inputs.Yuan(input.Amount, "amount", "涉及金额"));
        if (input.Deadline is null)
        {
            v.Add("deadline", "请填写整改期限。");
        }
        var contents = await ReadPhotosAsync(photos, v, ct);
        v.ThrowIfAny();
        var inspection = await db.Inspections.FirstOrDefaultAsync(i => i.Id == new InspectionId(inspectionId), ct)
            ?? throw new NotFoundException("inspections.not_found", $"检查记录 {inspectionId} 不存在或不在您的权限范围内。");
        InspectionVersions.Expect(inspection.Version, input.Version);
        var finding = inspection.AddFinding(input.Category, amount, input.Description, input.ResponsibleUnit, input.ResponsiblePerson, input.Deadline!.Value,
            db.Access.ActorName, clock.GetUtcNow());
        db.Findings.Add(finding);
        // The finding needs its id before its photos can point at it; both are saved in one transaction.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await InspectionVersions.SaveAsync(db, ct);
        AddFiles(finding, SupervisionFileKind.Evidence, contents);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return finding.Id.Value;
    }

    /// <summary>The responsible village or township submits its rectification: what was done, with photos.</summary>
    public async Task SubmitAsync(long id, ProofInput input, IReadOnlyList<PhotoUpload> photos, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var contents = await ReadPhotosAsync(photos, v, ct);
        v.ThrowIfAny();
        var finding = await FindAsync(id, ct);
        FindingVersions.Expect(finding.Version, input.Version);
        finding.Submit(input.Proof, db.Access.ActorName, clock.GetUtcNow());
        AddFiles(finding, SupervisionFileKind.Proof, contents);
        await FindingVersions.SaveAsync(db, ct);
    }

    public async Task AcceptAsync(long id, CheckInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var finding = await FindAsync(id, ct);
        FindingVersions.Expect(finding.Version, input.Version);
        finding.Accept(db.Access.ActorName, clock.GetUtcNow());
        await FindingVersions.SaveAsync(db, ct);
    }

    public async Task ReturnAsync(long id, CheckInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var finding = await FindAsync(id, ct);
        FindingVersions.Expect(finding.Version, input.Version);
        finding.Return(input.Reason, db.Access.ActorName, clock.GetUtcNow());
        await FindingVersions.SaveAsync(db, ct);
    }

    public async Task<long> AddPhotoAsync(long findingId, SupervisionFileKind kind, PhotoUpload photo, CancellationToken ct)
    {
        var v = new Validation();
        if (!Enum.IsDefined(kind))
        {
            v.Add("kind", "照片类别不是可选的值。");
        }
        var contents = await ReadPhotosAsync([photo], v, ct);
        v.ThrowIfAny();
        var finding = await FindAsync(findingId, ct);
        if (finding.Status == FindingStatus.Accepted)
        {
            throw StateConflict.Of("findings.bad_step", "问题", SupervisionNames.Of(finding.Status), "添加照片");
        }
        var file = AddFiles(finding, kind, contents)[0];
        await db.SaveChangesAsync(ct);
        return file.Id;
    }

    private List<SupervisionFile> AddFiles(Finding finding, SupervisionFileKind kind, List<(string? Name, byte[] Content)> contents)
    {
        var files = contents.Select(c => new SupervisionFile(finding, kind, c.Name, c.Content, options.Value.MaxPhotoBytes, db.Access.ActorName, clock.GetUtcNow())).ToList();
        db.SupervisionFiles.AddRange(files);
        return files;
    }

    /// <summary>Reads and checks every photo before anything is written: a bad one refuses the whole request, naming it.</summary>
    private Task<List<(string? Name, byte[] Content)>> ReadPhotosAsync(IReadOnlyList<PhotoUpload> photos, Validation v, CancellationToken ct) =>
        options.Value.ReadPhotosAsync(photos.Select(p => (p.FileName, p.Length, p.Content)).ToList(), v, ct);

    private async Task<Finding> FindAsync(long id, CancellationToken ct) =>
        await db.Findings.FirstOrDefaultAsync(f => f.Id == new FindingId(id), ct)
            ?? throw new NotFoundException("findings.not_found", $"问题 {id} 不存在或不在您的权限范围内。");
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Core.Registry;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Projects;

public sealed record PolicyView(int Version, DateOnly EffectiveFrom, IReadOnlyList<PolicyWeightView> Weights, int PassingScore, int LeastElementScore,
    IReadOnlyList<Industry> ExemptIndustries, string ExemptText, bool Stored);

public sealed record PolicyWeightView(SelectionElement Element, string Name, int Weight);

public sealed record ScoreView(SelectionElement Element, string Name, string Hint, int Score, int Weight, string Evidence, bool Weak);

public sealed record AssessmentView(long Id, long ProjectId, string ProjectCode, string ProjectName, string IndustryName, string PlaceName, string CountyCode,
    DateOnly AssessedOn, string AssessedBy, int PolicyVersion, int PassingScore, int LeastElementScore, string Total, bool Passed,
    IReadOnlyList<SelectionElement> WeakElements, string WeakText, string? Conclusion, IReadOnlyList<ScoreView> Scores,
    int LinkedHouseholds, Money PlannedBenefitTotal);

public sealed record AssessmentRow(long Id, DateOnly AssessedOn, string AssessedBy, string Total, bool Passed, string WeakText, int PolicyVersion);

public sealed record LinkedHouseholdView(long HouseholdId, string HouseholdNo, string HeadName, string VillageName, BenefitKind BenefitKind, string BenefitName, Money PlannedBenefit);

public sealed record EvidenceFileView(long Id, SelectionElement Element, string ElementName, string FileName, string? Caption, int Size, string UploadedBy, DateTimeOffset UploadedAt);

public sealed record SelectionView(long ProjectId, string ProjectCode, string ProjectName, ProjectStatus Status, string StatusName, Industry Industry, string IndustryName,
    bool Exempt, bool CanAssess, int Version, PolicyView Policy, AssessmentView? Latest, IReadOnlyList<AssessmentRow> History,
    IReadOnlyList<LinkedHouseholdView> Households, Money PlannedBenefitTotal, IReadOnlyList<EvidenceFileView> Evidence);

public sealed record HouseholdCandidate(long Id, string HouseholdNo, string HeadName, string VillageName, PovertyStatus Status, string StatusName, int MemberCount, bool Linked);

/// <summary>A linked household as the benefit-linkage module's agreement draft (联结协议草稿) takes it.</summary>
public sealed record AgreementDraftLine(long HouseholdId, string HouseholdNo, string HeadName, string HouseholdVillageCode, BenefitKind BenefitKind, Money PlannedBenefit);

public sealed record FundCoverage(long FundSourceId, string Name, string KindName, Money Allocated, Money Committed, Money Available, Money Cumulative);

public sealed record RankedBudget(long FundSourceId, string FundName, Money Amount, Money CumulativeAfter, Money Available, bool Covered);

public sealed record RankedProject(int Rank, long Id, string Code, string Name, string IndustryName, ProjectStatus Status, string StatusName, string PlaceName,
    string? Total, bool? Passed, bool Exempt, string Standing, Money Budget, IReadOnlyList<RankedBudget> Lines, bool Covered);

public sealed record RankingView(int Year, IReadOnlyList<RankedProject> Projects, IReadOnlyList<FundCoverage> Funds, Money Candidates, Money CoveredTotal);

/// <summary>Reads of project selection, through the scoped context: a project outside the caller's area is "not found".</summary>
public sealed class SelectionQueries(RuralDbContext db, SelectionCommands policies, ProjectQueries projects, TimeProvider clock)
{
    public const int CandidatePageSize = 50;

    public async Task<SelectionView> GetAsync(long projectId, CancellationToken ct)
    {
        var p = await ProjectAsync(projectId, ct);
        var policy = await policies.PolicyInForceAsync(p.CountyCode, BusinessCalendar.Today(clock), persist: false, ct);
        var assessments = await db.ProjectAssessments.AsNoTracking().Where(a => a.ProjectId == p.Id)
            .OrderByDescending(a => a.AssessedAt).ThenByDescending(a => a.Id).ToListAsync(ct);
        var households = await LinkedAsync(p.Id, ct);
        var latest = assessments.Count == 0 ? null : await ViewAsync(p, assessments[0], households, ct);
        var files = await db.ProjectEvidenceFiles.AsNoTracking().Where(f => f.ProjectId == p.Id).OrderBy(f => f.Element).ThenBy(f => f.Id)
            .Select(f => new { f.Id, f.Element, f.FileName, f.Caption, f.Size, f.UploadedBy, f.UploadedAt }).ToListAsync(ct);
        return new SelectionView(p.Id.Value, p.Code, p.Name, p.Status, AssetNames.Of(p.Status), p.Industry, AssetNames.Of(p.Industry),
            policy.Exempts(p.Industry), p.Status == ProjectStatus.Planned, p.Version, ViewOf(policy),
            latest,
            assessments.Select(a => new AssessmentRow(a.Id.Value, a.AssessedOn, a.AssessedBy, a.TotalText, a.Passed, a.WeakText, a.PolicyVersion)).ToList(),
            households, Money.Sum(households.Select(h => h.PlannedBenefit)),
            files.Select(f => new EvidenceFileView(f.Id, f.Element, SelectionNames.Of(f.Element), f.FileName, f.Caption, f.Size, f.UploadedBy, f.UploadedAt)).ToList());
    }

    public async Task<AssessmentView> AssessmentAsync(long projectId, long assessmentId, CancellationToken ct)
    {
        var p = await ProjectAsync(projectId, ct);
        var a = await db.ProjectAssessments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == new ProjectAssessmentId(assessmentId) && x.ProjectId == p.Id, ct)
            ?? throw new NotFoundException("selection.assessment_not_found", $"评估 {assessmentId} 不存在或不在您的权限范围内。");
        return await ViewAsync(p, a, await LinkedAsync(p.Id, ct), ct);
    }

    public async Task<PolicyView> PolicyAsync(CancellationToken ct) =>
        ViewOf(await policies.PolicyInForceAsync(db.Access.Scope.CountyCode, BusinessCalendar.Today(clock), persist: false, ct));

    /// <summary>Every version of the county's policy, newest first; the default alone while none has been stored.</summary>
    public async Task<IReadOnlyList<PolicyView>> PoliciesAsync(CancellationToken ct)
    {
        var county = db.Access.Scope.CountyCode;
        var stored = await db.SelectionPolicies.AsNoTracking().Where(p => p.CountyCode == county)
            .OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Version).ToListAsync(ct);
        return stored.Count == 0 ? [ViewOf(DefaultSelectionPolicy.For(county, clock.GetUtcNow()))] : stored.Select(ViewOf).ToList();
    }

    public async Task<IReadOnlyList<LinkedHouseholdView>> HouseholdsAsync(long projectId, CancellationToken ct) =>
        await LinkedAsync((await ProjectAsync(projectId, ct)).Id, ct);

    /// <summary>
    /// The hook for the benefit-linkage module: the households an accepted project links, with how each benefits
    /// and the planned amount, as the lines of an agreement draft between the operator and the households.
    /// </summary>
    public async Task<IReadOnlyList<AgreementDraftLine>> AgreementDraftAsync(long projectId, CancellationToken ct)
    {
        var p = await ProjectAsync(projectId, ct);
        return await db.ProjectHouseholds.AsNoTracking().Where(h => h.ProjectId == p.Id).OrderBy(h => h.HouseholdNo)
            .Select(h => new AgreementDraftLine(h.HouseholdId.Value, h.HouseholdNo, h.HeadName, h.HouseholdVillageCode.Value, h.Benefit, h.PlannedBenefit))
            .ToListAsync(ct);
    }

    /// <summary>Registered households of the project's villages (or of the county, when searching by number or head's name).</summary>
    public async Task<IReadOnlyList<HouseholdCandidate>> CandidatesAsync(long projectId, string? q, CancellationToken ct)
    {
        var p = await ProjectAsync(projectId, ct);
        var query = db.Households.AsNoTracking().Where(h => h.CountyCode == p.CountyCode);
        var text = (q ?? "").Trim();
        if (text.Length > 0)
        {
            query = query.Where(h => h.HouseholdNo.StartsWith(text) || h.HeadName.StartsWith(text));
        }
        else
        {
            var villages = p.Villages.Select(v => v.VillageCode).ToList();
            query = query.Where(h => villages.Contains(h.VillageCode));
        }
        var rows = await query.OrderBy(h => h.HouseholdNo).Take(CandidatePageSize)
            .Select(h => new { h.Id, h.HouseholdNo, h.HeadName, h.VillageCode, h.Status, h.MemberCount }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var linked = await db.ProjectHouseholds.AsNoTracking().Where(h => h.ProjectId == p.Id && ids.Contains(h.HouseholdId)).Select(h => h.HouseholdId).ToListAsync(ct);
        var names = await projects.AreaNamesAsync(rows.Select(r => r.VillageCode), ct);
        return rows.Select(r => new HouseholdCandidate(r.Id.Value, r.HouseholdNo, r.HeadName, names.GetValueOrDefault(r.VillageCode.Value, r.VillageCode.Value),
            r.Status, RegistryNames.Of(r.Status), r.MemberCount, linked.Contains(r.Id))).ToList();
    }

    /// <summary>
    /// The year's candidates (planned and approved projects) ranked by their latest score, highest first; exempt
    /// kinds and unassessed projects follow, by code. Each fund source's money available is its allocation less what
    /// projects already building or accepted hold of it; walking down the ranking, a project is covered when every
    /// one of its budget lines still fits in its source's remaining money.
    /// </summary>
    public async Task<RankingView> RankingAsync(int year, CancellationToken ct)
    {
        var candidates = await db.Projects.AsNoTracking().AsSplitQuery()
            .Where(p => p.Year == year && (p.Status == ProjectStatus.Planned || p.Status == ProjectStatus.Approved)).ToListAsync(ct);
        var ids = candidates.Select(p => p.Id).ToList();
        var latest = (await db.ProjectAssessments.AsNoTracking().Where(a => ids.Contains(a.ProjectId))
                .Select(a => new { a.ProjectId, a.Id, a.AssessedAt, a.TotalHundredths, a.Passed }).ToListAsync(ct))
            .GroupBy(a => a.ProjectId).ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.AssessedAt).ThenByDescending(a => a.Id).First());
        var county = db.Access.Scope.CountyCode;
        var policy = await policies.PolicyInForceAsync(county, BusinessCalendar.Today(clock), persist: false, ct);
        var sourceIds = candidates.SelectMany(p => p.Budget.Select(b => b.FundSourceId)).Distinct().ToList();
        var funds = await db.FundSources.AsNoTracking().Where(f => f.Year == year || sourceIds.Contains(f.Id)).OrderBy(f => f.Kind).ThenBy(f => f.Name).ToListAsync(ct);
        var fundIds = funds.Select(f => f.Id).ToList();
        // Money already held by projects past the candidate stage, read across the county: a township's view still
        // has to know what the county's funds are spent on.
        var committed = (await db.Projects.AsNoTracking().IgnoreQueryFilters()
                .Where(p => p.CountyCode == county && (p.Status == ProjectStatus.Building || p.Status == ProjectStatus.Accepted))
                .SelectMany(p => p.Budget).Where(b => fundIds.Contains(b.FundSourceId)).Select(b => new { b.FundSourceId, b.Amount }).ToListAsync(ct))
            .GroupBy(b => b.FundSourceId).ToDictionary(g => g.Key, g => Money.Sum(g.Select(b => b.Amount)));
        var available = funds.ToDictionary(f => f.Id, f => f.Allocated - committed.GetValueOrDefault(f.Id));
        var cumulative = funds.ToDictionary(f => f.Id, _ => Money.Zero);
        var names = await projects.AreaNamesAsync(candidates.Select(p => p.Place.Code), ct);
        var ordered = candidates
            .OrderBy(p => latest.ContainsKey(p.Id) ? 0 : 1)
            .ThenByDescending(p => latest.TryGetValue(p.Id, out var a) ? a.TotalHundredths : 0)
            .ThenBy(p => p.Code, StringComparer.Ordinal)
            .ToList();
        var ranked = new List<RankedProject>();
        var coveredTotal = Money.Zero;
        for (var i = 0; i < ordered.Count; i++)
        {
            var p = ordered[i];
            var exempt = policy.Exempts(p.Industry);
            var lines = new List<RankedBudget>();
            foreach (var b in p.Budget)
            {
                var fund = funds.FirstOrDefault(f => f.Id == b.FundSourceId);
                cumulative[b.FundSourceId] = cumulative.GetValueOrDefault(b.FundSourceId) + b.Amount;
                var left = available.GetValueOrDefault(b.FundSourceId);
                lines.Add(new RankedBudget(b.FundSourceId.Value, fund?.Name ?? $"资金来源 {b.FundSourceId}", b.Amount, cumulative[b.FundSourceId], left, cumulative[b.FundSourceId] <= left));
            }
            var covered = lines.All(l => l.Covered);
            if (covered)
            {
                coveredTotal += p.BudgetTotal;
            }
            latest.TryGetValue(p.Id, out var score);
            var standing = score is null
                ? exempt ? "免评估（公益性基础设施类）" : "未评估"
                : score.Passed ? "评估通过" : "评估未通过（退回）";
            ranked.Add(new RankedProject(i + 1, p.Id.Value, p.Code, p.Name, AssetNames.Of(p.Industry), p.Status, AssetNames.Of(p.Status),
                names.GetValueOrDefault(p.Place.Code.Value, p.Place.Code.Value), score is null ? null : SelectionScore.Text(score.TotalHundredths), score?.Passed,
                exempt, standing, p.BudgetTotal, lines, covered));
        }
        var coverage = funds.Select(f => new FundCoverage(f.Id.Value, f.Name, AssetNames.Of(f.Kind), f.Allocated, committed.GetValueOrDefault(f.Id), available[f.Id], cumulative[f.Id])).ToList();
        return new RankingView(year, ranked, coverage, Money.Sum(candidates.Select(p => p.BudgetTotal)), coveredTotal);
    }

    public async Task<Assets.StoredFile> EvidenceAsync(long projectId, long fileId, CancellationToken ct)
    {
        var p = await ProjectAsync(projectId, ct);
        var file = await db.ProjectEvidenceFiles.AsNoTracking().Where(f => f.Id == fileId && f.ProjectId == p.Id)
            .Select(f => new Assets.StoredFile(f.FileName, f.ContentType, f.Content, false)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException("files.not_found", $"附件 {fileId} 不存在或不在您的权限范围内。");
        return file with { IsImage = file.ContentType.StartsWith("image/", StringComparison.Ordinal) };
    }

    private async Task<Project> ProjectAsync(long id, CancellationToken ct) =>
        await db.Projects.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(p => p.Id == new ProjectId(id), ct)
            ?? throw new NotFoundException("projects.not_found", $"项目 {id} 不存在或不在您的权限范围内。");

    private async Task<List<LinkedHouseholdView>> LinkedAsync(ProjectId id, CancellationToken ct)
    {
        var rows = await db.ProjectHouseholds.AsNoTracking().Where(h => h.ProjectId == id).OrderBy(h => h.HouseholdNo).ToListAsync(ct);
        var names = await projects.AreaNamesAsync(rows.Select(r => r.HouseholdVillageCode), ct);
        return rows.Select(h => new LinkedHouseholdView(h.HouseholdId.Value, h.HouseholdNo, h.HeadName, names.GetValueOrDefault(h.HouseholdVillageCode.Value, h.HouseholdVillageCode.Value),
            h.Benefit, SelectionNames.Of(h.Benefit), h.PlannedBenefit)).ToList();
    }

    private async Task<AssessmentView> ViewAsync(Project p, ProjectAssessment a, IReadOnlyList<LinkedHouseholdView> households, CancellationToken ct)
    {
        var policy = await db.SelectionPolicies.AsNoTracking().SingleOrDefaultAsync(x => x.Id == a.PolicyId, ct)
            ?? DefaultSelectionPolicy.For(p.CountyCode, a.AssessedAt);
        var names = await projects.AreaNamesAsync([p.Place.Code], ct);
        return new AssessmentView(a.Id.Value, p.Id.Value, p.Code, p.Name, AssetNames.Of(p.Industry), names.GetValueOrDefault(p.Place.Code.Value, p.Place.Code.Value), p.CountyCode,
            a.AssessedOn, a.AssessedBy, a.PolicyVersion, a.PassingScore, policy.MinimumPerElement, a.TotalText, a.Passed, a.WeakElements, a.WeakText, a.Conclusion,
            a.Scores.Select(s => new ScoreView(s.Element, SelectionNames.Of(s.Element), SelectionNames.HintOf(s.Element), s.Score, policy.WeightOf(s.Element), s.Evidence,
                a.WeakElements.Contains(s.Element))).ToList(),
            households.Count, Money.Sum(households.Select(h => h.PlannedBenefit)));
    }

    private static PolicyView ViewOf(SelectionPolicy p) => new(p.Version, p.EffectiveFrom,
        SelectionNames.Elements.Select(e => new PolicyWeightView(e, SelectionNames.Of(e), p.WeightOf(e))).ToList(),
        p.PassingScore, p.MinimumPerElement, p.ExemptIndustries,
        p.ExemptIndustries.Length == 0 ? "无" : string.Join("、", p.ExemptIndustries.Select(AssetNames.Of)), p.Id.Value != 0);
}

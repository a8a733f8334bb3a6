using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Projects;

/// <summary>One element's row of an assessment: a whole score 0–10 and the evidence for it.</summary>
public sealed record ScoreInput(SelectionElement Element, int? Score, string? Evidence);

public sealed record AssessInput(IReadOnlyList<ScoreInput>? Scores, string? Conclusion, int? Version);

/// <summary>
/// The outcome of an assessment. A failing one returns the project (<see cref="Code"/> <c>selection.failed</c>) with
/// its weak elements named in <see cref="Message"/>.
/// </summary>
public sealed record AssessResult(long Id, long ProjectId, string Total, bool Passed, int PassingScore, int PolicyVersion,
    IReadOnlyList<SelectionElement> WeakElements, string? Code, string Message);

public sealed record LinkLine(long HouseholdId, BenefitKind BenefitKind, Money? PlannedBenefit);

public sealed record LinkInput(IReadOnlyList<LinkLine>? Households, int? Version);

public sealed record PolicyInput(DateOnly? EffectiveFrom, IReadOnlyList<int>? Weights, int? PassingScore, int? LeastElementScore, IReadOnlyList<Industry>? ExemptIndustries);

/// <summary>
/// Writes of project selection: assessments on the eight elements, the households a project links, evidence files,
/// and the county's policy versions. Each write to a project moves its version, so a repeated or racing request
/// is one effect and the rest are 409 <c>projects.stale</c>.
/// </summary>
public sealed class SelectionCommands(RuralDbContext db, TimeProvider clock)
{
    public const int MaxLinesPerRequest = 500;

    private static readonly Versions Versions = new("projects", "该项目");

    public async Task<AssessResult> AssessAsync(long projectId, AssessInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var project = await LoadAsync(projectId, input.Version, ct);
        var today = BusinessCalendar.Today(clock);
        var policy = await PolicyInForceAsync(project.CountyCode, today, persist: true, ct);
        var scores = new List<ElementScore>();
        foreach (var s in input.Scores ?? [])
        {
            Inputs.Defined(s.Element, "scores", "要素");
            // A row without a score is the element left out: reported as missing, not as zero.
            if (s.Score is { } score)
            {
                scores.Add(new ElementScore(s.Element, score, s.Evidence));
            }
        }
        var assessment = new ProjectAssessment(project, policy, scores, input.Conclusion, today, db.Access.ActorName, clock.GetUtcNow());
        db.ProjectAssessments.Add(assessment);
        await Versions.SaveAsync(db, ct);
        return ResultOf(assessment);
    }

    public static AssessResult ResultOf(ProjectAssessment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.Passed
            ? new(a.Id.Value, a.ProjectId.Value, a.TotalText, true, a.PassingScore, a.PolicyVersion, [], null,
                $"评估通过：{a.TotalText} 分（及格 {a.PassingScore} 分，评估办法第 {a.PolicyVersion} 版）。")
            : new(a.Id.Value, a.ProjectId.Value, a.TotalText, false, a.PassingScore, a.PolicyVersion, a.WeakElements, "selection.failed",
                $"评估未通过：{a.TotalText} 分（及格 {a.PassingScore} 分），项目退回完善：{a.WeakText}。");
    }

    /// <summary>Links registered households of the project's county, each once; one refused line refuses the request.</summary>
    public async Task<int> LinkAsync(long projectId, LinkInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var project = await LoadAsync(projectId, input.Version, ct);
        project.MarkLinksChanged();
        var lines = input.Households ?? [];
        if (lines.Count == 0)
        {
            throw new DomainException("selection.no_households", "请至少选择一户。", "households");
        }
        if (lines.Count > MaxLinesPerRequest)
        {
            throw new DomainException("selection.too_many", $"一次最多联结 {MaxLinesPerRequest} 户。", "households");
        }
        var ids = lines.Select(l => new HouseholdId(l.HouseholdId)).Distinct().ToList();
        // The registry is read across counties only to say why a household is refused (another county, or none).
        var households = await db.Households.IgnoreQueryFilters().AsSplitQuery().Where(h => ids.Contains(h.Id)).ToDictionaryAsync(h => h.Id, ct);
        var linked = await db.ProjectHouseholds.Where(h => h.ProjectId == project.Id && ids.Contains(h.HouseholdId)).Select(h => h.HouseholdId).ToListAsync(ct);
        var seen = new HashSet<HouseholdId>();
        var now = clock.GetUtcNow();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var field = $"households[{i}]";
            var id = new HouseholdId(line.HouseholdId);
            if (!households.TryGetValue(id, out var household))
            {
                throw new DomainException("selection.household_unknown", $"第 {i + 1} 行：户 {line.HouseholdId} 不在扶贫对象登记（一户一档）中，不能联结。", $"{field}.householdId");
            }
            if (household.CountyCode != project.CountyCode)
            {
                throw new DomainException("selection.household_county", $"第 {i + 1} 行：户 {household.HouseholdNo} 不属于本项目所在县，不能联结。", $"{field}.householdId");
            }
            if (linked.Contains(id) || !seen.Add(id))
            {
                throw new ConflictException("selection.household_linked", $"第 {i + 1} 行：户 {household.HouseholdNo}（{household.HeadName}）已联结本项目。", $"{field}.householdId");
            }
            var kind = Inputs.Defined(line.BenefitKind, $"{field}.benefitKind", "联结方式");
            var benefit = Inputs.Yuan(line.PlannedBenefit, $"{field}.plannedBenefit", "计划年收益");
            try
            {
                db.ProjectHouseholds.Add(new ProjectHousehold(project, household, kind, benefit, db.Access.ActorName, now));
            }
            catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid && e.Field is { } f && !f.StartsWith("households", StringComparison.Ordinal))
            {
                throw new DomainException(e.Code, $"第 {i + 1} 行：{e.Message}", $"{field}.{f}");
            }
        }
        await SaveLinksAsync(ct);
        return lines.Count;
    }

    public async Task UnlinkAsync(long projectId, long householdId, int? version, CancellationToken ct)
    {
        var project = await LoadAsync(projectId, version, ct);
        var hid = new HouseholdId(householdId);
        var link = await db.ProjectHouseholds.SingleOrDefaultAsync(h => h.ProjectId == project.Id && h.HouseholdId == hid, ct)
            ?? throw new NotFoundException("selection.link_not_found", $"户 {householdId} 未联结本项目。");
        project.MarkLinksChanged();
        db.ProjectHouseholds.Remove(link);
        await SaveLinksAsync(ct);
    }

    public async Task<long> UploadEvidenceAsync(long projectId, SelectionElement element, string? fileName, long length, Stream? content, string? caption, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == new ProjectId(projectId), ct) ?? throw NotFound(projectId);
        if (content is null)
        {
            throw new DomainException("files.missing", "请选择要上传的文件（multipart/form-data，字段名 file）。", "file");
        }
        if (length > AssetFile.MaxBytes)
        {
            throw new DomainException("files.too_large", $"文件 {length / 1024.0 / 1024.0:0.0} MB，超过 5 MB 上限。", "file");
        }
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var file = new ProjectEvidenceFile(project, element, fileName, buffer.ToArray(), caption, db.Access.ActorName, clock.GetUtcNow());
        db.ProjectEvidenceFiles.Add(file);
        await db.SaveChangesAsync(ct);
        return file.Id;
    }

    /// <summary>
    /// Removes an evidence file while the project is still planned: the row and its content go in one statement, so of
    /// two deletions at once one removes it and the other finds nothing (404). The file's description and the reason are
    /// audited; its content is not kept.
    /// </summary>
    public async Task DeleteEvidenceAsync(long projectId, long fileId, string? reason, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == new ProjectId(projectId), ct) ?? throw NotFound(projectId);
        var file = await db.ProjectEvidenceFiles.AsNoTracking().Where(f => f.Id == fileId && f.ProjectId == project.Id)
            .Select(f => new { f.CountyCode, f.Element, f.FileName, f.ContentType, f.Size, f.Sha256, f.UploadedBy, f.UploadedAt })
            .SingleOrDefaultAsync(ct) ?? throw EvidenceNotFound(fileId);
        if (project.Status != ProjectStatus.Planned)
        {
            throw StateConflict.Of("selection.not_planned", "项目", AssetNames.Of(project.Status), "删除评估依据材料", AssetNames.Of(ProjectStatus.Planned));
        }
        var why = (reason ?? "").Trim();
        if (why.Length is 0 or > ApprovalStep.MaxOpinion)
        {
            throw new DomainException("selection.reason_required", $"请填写删除原因（不超过 {ApprovalStep.MaxOpinion} 个字）。", "reason");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var deleted = await db.ProjectEvidenceFiles.Where(f => f.Id == fileId && f.ProjectId == project.Id).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            throw EvidenceNotFound(fileId);
        }
        await RuralLedger.Data.Sealing.RowSeals.RemovedAsync(db, "project_evidence_files", [fileId], ct);
        var before = Json.Object(("ProjectId", projectId), ("Element", file.Element.ToString()), ("FileName", file.FileName), ("ContentType", file.ContentType),
            ("Size", file.Size), ("Sha256", file.Sha256), ("UploadedBy", file.UploadedBy), ("UploadedAt", file.UploadedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        await new AuditWriter(clock).AppendAsync(db, [new AuditRecord(file.CountyCode, "delete", nameof(ProjectEvidenceFile),
            fileId.ToString(System.Globalization.CultureInfo.InvariantCulture), before, Json.Object(("reason", why)))], ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Publishes a new version of the county's policy; the number is the next free one, held by a unique key.</summary>
    public async Task<int> PublishPolicyAsync(PolicyInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var county = db.Access.Scope.CountyCode;
        var v = new Validation();
        if (input.EffectiveFrom is null)
        {
            v.Add("effectiveFrom", "请填写生效日期。", "input.required");
        }
        else
        {
            try
            {
                Inputs.Plausible(input.EffectiveFrom.Value, "effectiveFrom", "生效日期");
            }
            catch (DomainException e)
            {
                v.Add(e, "effectiveFrom");
            }
        }
        if (input.PassingScore is null)
        {
            v.Add("passingScore", "请填写及格分。", "input.required");
        }
        if (input.LeastElementScore is null)
        {
            v.Add("leastElementScore", "请填写单项最低分。", "input.required");
        }
        SelectionPolicy.Check(v, input.Weights ?? [], input.PassingScore, input.LeastElementScore, input.ExemptIndustries ?? []);
        v.ThrowIfAny();
        var from = input.EffectiveFrom!.Value;
        var passing = input.PassingScore!.Value;
        var minimum = input.LeastElementScore!.Value;
        await PolicyInForceAsync(county, from, persist: true, ct);
        var last = await db.SelectionPolicies.Where(p => p.CountyCode == county).MaxAsync(p => (int?)p.Version, ct) ?? 0;
        var policy = new SelectionPolicy(county, last + 1, from, input.Weights ?? [], passing, minimum, input.ExemptIndustries?.ToArray() ?? [],
            db.Access.ActorName, clock.GetUtcNow());
        db.SelectionPolicies.Add(policy);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("selection.policy_stale", "评估办法刚由他人发布了新版本，请刷新后重试。");
        }
        return policy.Version;
    }

    /// <summary>
    /// The county's policy in force on a day: the latest version effective by then. A county without any gets the
    /// default as version 1, stored when a decision is about to use it (<paramref name="persist"/>), so the
    /// decision can name the row.
    /// </summary>
    public async Task<SelectionPolicy> PolicyInForceAsync(string county, DateOnly on, bool persist, CancellationToken ct)
    {
        var policy = await db.SelectionPolicies.AsNoTracking().Where(p => p.CountyCode == county && p.EffectiveFrom <= on)
            .OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Version).FirstOrDefaultAsync(ct);
        if (policy is not null || !persist)
        {
            return policy ?? DefaultSelectionPolicy.For(county, clock.GetUtcNow());
        }
        var initial = DefaultSelectionPolicy.For(county, clock.GetUtcNow());
        if (await db.SelectionPolicies.AnyAsync(p => p.CountyCode == county, ct))
        {
            throw new DomainException("selection.no_policy", $"{BusinessCalendar.Format(on)} 尚无生效的评估办法。", "effectiveFrom");
        }
        // Nothing else is changed yet when this runs; a concurrent first decision that stored it first is read back.
        db.SelectionPolicies.Add(initial);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.Entry(initial).State = EntityState.Detached;
        }
        return await db.SelectionPolicies.AsNoTracking().SingleAsync(p => p.CountyCode == county && p.Version == 1, ct);
    }

    private async Task<Project> LoadAsync(long id, int? version, CancellationToken ct)
    {
        var project = await db.Projects.AsSplitQuery().SingleOrDefaultAsync(p => p.Id == new ProjectId(id), ct) ?? throw NotFound(id);
        Versions.Expect(project.Version, version);
        return project;
    }

    private async Task SaveLinksAsync(CancellationToken ct)
    {
        try
        {
            await Versions.SaveAsync(db, ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw Versions.Stale();
        }
    }

    private static NotFoundException EvidenceNotFound(long fileId) => new("files.not_found", $"依据材料 {fileId} 不存在或不在您的权限范围内。");

    private static NotFoundException NotFound(long id) => new("projects.not_found", $"项目 {id} 不存在或不在您的权限范围内。");
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Projects;

public sealed class ScoreForm
{
    public SelectionElement Element { get; set; }

    public int? Score { get; set; }

    public string? Evidence { get; set; }
}

public sealed class AssessForm
{
    public List<ScoreForm> Scores { get; set; } = [];

    public string? Conclusion { get; set; }

    public int? Version { get; set; }

    public AssessInput ToInput() => new(Scores.Select(s => new ScoreInput(s.Element, s.Score, s.Evidence)).ToList(), Conclusion, Version);
}

public sealed class LinkForm
{
    public List<long> HouseholdIds { get; set; } = [];

    public BenefitKind BenefitKind { get; set; } = BenefitKind.Dividend;

    public decimal? PlannedBenefit { get; set; }

    public int? Version { get; set; }

    public LinkInput ToInput()
    {
        var benefit = FormValues.Yuan(PlannedBenefit, "plannedBenefit");
        return new(HouseholdIds.Distinct().Select(id => new LinkLine(id, BenefitKind, benefit)).ToList(), Version);
    }
}

/// <summary>
/// The project's selection page (项目遴选): the assessment form on the eight elements, its evidence files, the
/// households the project links (picked from the registry) and the printable assessment.
/// </summary>
public sealed class SelectionModel(SelectionQueries queries, SelectionCommands writer, IAuthorizationService authorization) : PageModel
{
    public SelectionView Selection { get; private set; } = null!;

    public IReadOnlyList<HouseholdCandidate> Candidates { get; private set; } = [];

    public bool CanManage { get; private set; }

    /// <summary>The registry search of the household picker (户编号或户主姓名).</summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty]
    public AssessForm Assess { get; set; } = new();

    [BindProperty]
    public LinkForm Link { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostAssessAsync(long id, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ManageProjects, "Assess", async () =>
        {
            var result = await writer.AssessAsync(id, Assess.ToInput(), ct);
            return result.Message;
        }, $"/projects/{id}/selection#assessment-result", () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostLinkAsync(long id, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ManageProjects, "Link", async () =>
        {
            var linked = await writer.LinkAsync(id, Link.ToInput(), ct);
            return $"已联结 {linked} 户。";
        }, $"/projects/{id}/selection#linked-households", () => LoadAsync(id, ct), Rename);

    public Task<IActionResult> OnPostUnlinkAsync(long id, long householdId, int? version, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ManageProjects, "Link", () => writer.UnlinkAsync(id, householdId, version, ct),
            "已取消联结。", $"/projects/{id}/selection#linked-households", () => LoadAsync(id, ct));

    public async Task<IActionResult> OnPostEvidenceAsync(long id, IFormFile? file, SelectionElement element, string? caption, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded)
        {
            return Forbid();
        }
        try
        {
            await using var content = file?.OpenReadStream();
            await writer.UploadEvidenceAsync(id, element, file?.FileName, file?.Length ?? 0, content, caption, ct);
            TempData["Flash"] = "依据材料已上传。";
            return Redirect($"/projects/{id}/selection#evidence");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e, "Evidence");
            await LoadAsync(id, ct);
            return Page();
        }
    }

    public Task<IActionResult> OnPostDeleteEvidenceAsync(long id, long fileId, string? reason, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ManageProjects, "Evidence", () => writer.DeleteEvidenceAsync(id, fileId, reason, ct),
            "依据材料已删除。", $"/projects/{id}/selection#evidence", () => LoadAsync(id, ct));

    /// <summary>One benefit and amount go to every ticked household: a line's field is the form's field.</summary>
    private static string? Rename(string field) => field switch
    {
        _ when field.EndsWith(".plannedBenefit", StringComparison.Ordinal) => "plannedBenefit",
        _ when field.EndsWith(".benefitKind", StringComparison.Ordinal) => "benefitKind",
        _ when field.StartsWith("households", StringComparison.Ordinal) => "householdIds",
        _ => null,
    };

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Selection = await queries.GetAsync(id, ct);
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded;
        if (CanManage && Selection.CanAssess)
        {
            Candidates = await queries.CandidatesAsync(id, Query, ct);
        }
        ViewData["Title"] = $"项目遴选 {Selection.ProjectCode}";
        ViewData["Active"] = "projects";
        // The form's eight rows in the elements' order, keeping what was typed; a fresh form starts from the latest assessment.
        var typed = Assess.Scores.Where(s => Enum.IsDefined(s.Element)).GroupBy(s => s.Element).ToDictionary(g => g.Key, g => g.First());
        var latest = Selection.Latest?.Scores.ToDictionary(s => s.Element);
        Assess.Scores = SelectionNames.Elements.Select(e => typed.GetValueOrDefault(e)
            ?? new ScoreForm { Element = e, Score = latest?.GetValueOrDefault(e)?.Score, Evidence = latest?.GetValueOrDefault(e)?.Evidence }).ToList();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Projects;

public sealed class SelectionPolicyForm
{
    public DateOnly? EffectiveFrom { get; set; }

    /// <summary>One weight per element, in the elements' order.</summary>
    public List<int?> Weights { get; set; } = [];

    public int? PassingScore { get; set; }

    public int? LeastElementScore { get; set; }

    public List<Industry> ExemptIndustries { get; set; } = [];
}

/// <summary>
/// 评估办法: the county publishes a new version of the eight elements' weights, the passing score, the least score of
/// any element and the project kinds exempt from assessment, from a date on; the versions so far are listed beneath.
/// </summary>
[Authorize(Policy = Policies.ManageProjects)]
public sealed class SelectionPoliciesModel(SelectionQueries queries, SelectionCommands writer, TimeProvider clock) : PageModel
{
    [BindProperty]
    public SelectionPolicyForm Input { get; set; } = new();

    public IReadOnlyList<PolicyView> Versions { get; private set; } = [];

    public IReadOnlyList<Industry> Industries { get; } = Enum.GetValues<Industry>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var current = Versions[0];
        Input = new SelectionPolicyForm
        {
            EffectiveFrom = BusinessCalendar.Today(clock).AddDays(1),
            Weights = [.. current.Weights.Select(w => (int?)w.Weight)],
            PassingScore = current.PassingScore,
            LeastElementScore = current.LeastElementScore,
            ExemptIndustries = [.. current.ExemptIndustries],
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var v = new Validation();
            for (var i = 0; i < SelectionNames.Elements.Count; i++)
            {
                if (Input.Weights.ElementAtOrDefault(i) is null)
                {
                    v.Add($"weights[{i}]", $"请填写“{SelectionNames.Of(SelectionNames.Elements[i])}”的权重。", "input.required");
                }
            }
            v.ThrowIfAny();
            var version = await writer.PublishPolicyAsync(new PolicyInput(Input.EffectiveFrom, [.. Input.Weights.Select(w => w!.Value)], Input.PassingScore,
                Input.LeastElementScore, Input.ExemptIndustries), ct);
            TempData["Flash"] = $"评估办法第 {version} 版已发布，自 {Fmt.Date(Input.EffectiveFrom!.Value)} 起用于新的评估。";
            return Redirect("/projects/selection-policy");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "项目评估办法";
        ViewData["Active"] = "projects";
        Versions = await queries.PoliciesAsync(ct);
    }
}

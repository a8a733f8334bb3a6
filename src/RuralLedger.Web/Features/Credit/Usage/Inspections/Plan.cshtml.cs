using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage.Inspections;

public sealed class InspectionPlanForm
{
    public DateOnly? EffectiveFrom { get; set; }

    public int? FirstWithinMonths { get; set; }

    public int? EveryMonths { get; set; }

    public string? DocumentNo { get; set; }
}

/// <summary>The county's inspection plan, every version with its start day, and a new version from a date (versions are never edited).</summary>
public sealed class InspectionPlanModel(LoanInspectionQueries queries, LoanInspectionCommands commands, IAuthorizationService authorization) : PageModel
{
    [BindProperty]
    public InspectionPlanForm Input { get; set; } = new();

    public IReadOnlyList<InspectionPlanView> Versions { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ApproveCounty, "Input", async () =>
            {
                await commands.AddPlanAsync(new InspectionPlanInput(Input.EffectiveFrom, Input.FirstWithinMonths, Input.EveryMonths, Input.DocumentNo), ct);
                return $"已发布自 {Fmt.Date(Input.EffectiveFrom)} 起的检查计划：放款后 {Input.FirstWithinMonths} 个月内首次检查，此后每 {Input.EveryMonths} 个月一次。";
            }, "/credit/loan-inspections/plan", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "贷后检查计划";
        ViewData["Active"] = "credit";
        Versions = await queries.PlansAsync(ct);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.ApproveCounty)).Succeeded;
    }
}

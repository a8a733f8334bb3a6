using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage;

public sealed class UsageStepForm
{
    public string? Officer { get; set; }

    public DateOnly? Deadline { get; set; }

    public DateOnly? On { get; set; }

    public string? Text { get; set; }

    public Rectification? How { get; set; }

    public int? Version { get; set; }
}

/// <summary>One case: its evidence (the loans and what the rule saw), and the steps its state allows.</summary>
public sealed class UsageCaseModel(UsageCases cases, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty]
    public UsageStepForm Step { get; set; } = new();

    public UsageCaseView Case { get; private set; } = null!;

    public DateOnly Today => BusinessCalendar.Today(clock);

    public bool CanHandle => User.IsInRole(Roles.TownshipOfficer) || User.IsInRole(Roles.CountyAdmin) || User.IsInRole(Roles.CountyStaff)
        || User.IsInRole(Roles.BankOfficer);

    public Task OnGetAsync(long id, CancellationToken ct) => LoadAsync(id, ct);

    public Task<IActionResult> OnPostConfirmAsync(long id, CancellationToken ct) => Handle(id, () =>
        cases.ConfirmAsync(id, new UsageConfirmInput(Step.Officer, Step.Deadline, Step.On, Step.Text, Step.Version), ct), "线索已确认，已指定整改责任人和期限。", ct,
        f => f == "finding" ? "text" : null);

    public Task<IActionResult> OnPostDismissAsync(long id, CancellationToken ct) => Handle(id, () =>
        cases.DismissAsync(id, new UsageDismissInput(Step.Text, Step.On, Step.Version), ct), "线索已排除。", ct, f => f == "reason" ? "text" : null);

    public Task<IActionResult> OnPostRectifyAsync(long id, CancellationToken ct) => Handle(id, () =>
        cases.RectifyAsync(id, new UsageRectifyInput(Step.How, Step.On, Step.Text, Step.Version), ct), "已整改销号。", ct, f => f == "note" ? "text" : null);

    private async Task<IActionResult> Handle(long id, Func<Task> step, string done, CancellationToken ct, Func<string, string?> rename)
    {
        if (!CanHandle)
        {
            return Forbid();
        }
        return await this.StepAsync(authorization, null, "Step", step, done, $"/credit/usage/{id}", () => LoadAsync(id, ct), rename);
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Case = await cases.GetAsync(id, ct);
        ViewData["Title"] = $"线索 #{id}";
        ViewData["Active"] = "credit";
        Step.Version = Case.Version;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage;

/// <summary>户贷企用 cases of the caller's scope with counts by rule and township; county users run the rules.</summary>
public sealed class UsageIndexModel(UsageCases cases, UsageDetection detection, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public UsageCaseStatus? Status { get; set; }

    public IReadOnlyList<UsageCaseView> Cases { get; private set; } = [];

    public UsageSummary Summary { get; private set; } = new([], []);

    public IReadOnlyList<UsageRuleView> Rules { get; private set; } = [];

    public bool CanRun => User.IsInRole(Roles.CountyAdmin) || User.IsInRole(Roles.CountyStaff);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        if (!CanRun)
        {
            return Forbid();
        }
        return await this.StepAsync(authorization, null, "Run", async () =>
        {
            var result = await detection.RunAsync(ct);
            return $"识别完成：新发现线索 {result.Raised} 条（" + string.Join("，", result.Rules.Where(r => r.Enabled).Select(r => $"{r.Name} {r.Raised}")) + "）。";
        }, "/credit/usage", () => LoadAsync(ct));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "贷款用途监管";
        ViewData["Active"] = "credit";
        Cases = await cases.ListAsync(Status, null, ct);
        Summary = await cases.SummaryAsync(ct);
        Rules = CanRun ? await cases.RulesAsync(ct) : [];
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

public sealed class ClaimForm
{
    public string? BankCode { get; set; }

    public int? Year { get; set; }

    public int? Quarter { get; set; }
}

/// <summary>贴息申报: per bank and quarter; banks (or county staff) build them, county finance approves and marks them paid.</summary>
public sealed class ClaimsModel(SubsidyClaims claims, LoanQueries loans, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ClaimForm Input { get; set; } = new();

    public IReadOnlyList<SubsidyClaimView> Claims { get; private set; } = [];

    public IReadOnlyList<BankOption> Banks { get; private set; } = [];

    public bool CanBuild => User.IsInRole(Roles.BankOfficer) || IsCounty;

    public bool IsCounty => User.IsInRole(Roles.CountyAdmin) || User.IsInRole(Roles.CountyStaff);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var last = BusinessCalendar.Today(clock).AddMonths(-3);
        Input.Year = last.Year;
        Input.Quarter = (last.Month + 2) / 3;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostBuildAsync(CancellationToken ct)
    {
        if (!CanBuild)
        {
            return Forbid();
        }
        return await this.StepAsync(authorization, null, "Input", async () =>
        {
            var id = await claims.BuildAsync(new SubsidyClaimInput(Input.BankCode, Input.Year, Input.Quarter), ct);
            var c = await claims.GetAsync(id, ct);
            return $"已生成 {c.Year} 年第 {c.Quarter} 季度贴息申报：按期利息 {Fmt.Amount(c.InterestOnTime)}，贴息 {Fmt.Amount(c.Subsidy)}。";
        }, "/credit/claims", () => LoadAsync(ct));
    }

    public Task<IActionResult> OnPostApproveAsync(long id, int version, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ApproveCounty, "Input", () => claims.ApproveAsync(id, new SubsidyClaimStepInput(null, version), ct),
            "贴息申报已审核。", "/credit/claims", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "贴息申报";
        ViewData["Active"] = "credit";
        Claims = await claims.ListAsync(null, ct);
        Banks = IsCounty ? await loans.BanksAsync(ct) : [];
    }
}

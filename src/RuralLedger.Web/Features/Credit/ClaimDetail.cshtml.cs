using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

public sealed class ClaimStepForm
{
    public DateOnly? On { get; set; }

    public string? Voucher { get; set; }

    public int? Version { get; set; }
}

/// <summary>
/// 贴息申报 opened: what the claim is made of — its steps, the policy version and share it used, its totals, and its
/// repayments a page at a time with each one's part of the subsidy — with the county's approve and mark-paid steps and
/// the sheet a bank clerk sends.
/// </summary>
public sealed class ClaimDetailModel(SubsidyClaims claims, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ClaimStepForm Step { get; set; } = new();

    public SubsidyClaimDetail Detail { get; private set; } = null!;

    public SubsidyClaimLines Lines { get; private set; } = null!;

    public bool IsCounty { get; private set; }

    public DateOnly Today => BusinessCalendar.Today(clock);

    public string Href(int page) =>
        $"/credit/claims/{Detail.Claim.Id}" + (page > 1 ? "?p=" + page.ToString(CultureInfo.InvariantCulture) : "");

    public Task OnGetAsync(long id, int? p, CancellationToken ct) => LoadAsync(id, p, ct);

    public Task<IActionResult> OnPostApproveAsync(long id, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ApproveCounty, "Step", () => claims.ApproveAsync(id, new SubsidyClaimStepInput(Step.On, Step.Version), ct),
            "贴息申报已审核。", $"/credit/claims/{id}", () => LoadAsync(id, null, ct));

    public Task<IActionResult> OnPostPaidAsync(long id, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ApproveCounty, "Step", () => claims.MarkPaidAsync(id, new SubsidyClaimPaidInput(Step.On, Step.Voucher, Step.Version), ct),
            "已标记为拨付。", $"/credit/claims/{id}", () => LoadAsync(id, null, ct));

    private async Task LoadAsync(long id, int? page, CancellationToken ct)
    {
        (Detail, Lines) = await claims.PageAsync(id, page, ct);
        IsCounty = (await authorization.AuthorizeAsync(User, Policies.ApproveCounty)).Succeeded;
        var c = Detail.Claim;
        ViewData["Title"] = $"{c.BankName} {c.Year} 年第 {c.Quarter} 季度贴息申报";
        ViewData["Active"] = "credit";
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage;

public sealed class UsageRuleForm
{
    public UsageRuleKind? Kind { get; set; }

    public DateOnly? EffectiveFrom { get; set; }

    public bool Enabled { get; set; } = true;

    public int? MinHouseholds { get; set; }

    public string? Keywords { get; set; }

    public decimal? Share { get; set; }

    public int? WithinDays { get; set; }
}

/// <summary>The county's detection rules, every version, and a new version of one rule from a date (versions are never edited).</summary>
public sealed class UsageRulesModel(UsageCases cases, IAuthorizationService authorization) : PageModel
{
    [BindProperty]
    public UsageRuleForm Input { get; set; } = new();

    public IReadOnlyList<UsageRuleView> Rules { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.CountyAdmin) && !User.IsInRole(Roles.CountyStaff))
        {
            return Forbid();
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ApproveCounty, "Input", async () =>
            {
                var v = new Validation();
                var share = FormValues.Percent(Input.Share, v, "share");
                v.ThrowIfAny();
                await cases.AddRuleAsync(new UsageRuleInput(Input.Kind, Input.EffectiveFrom, Input.Enabled, Input.MinHouseholds,
                    string.IsNullOrWhiteSpace(Input.Keywords) ? null : Input.Keywords, share, Input.WithinDays), ct);
                return $"已发布“{UsageNames.Of(Input.Kind!.Value)}”自 {Fmt.Date(Input.EffectiveFrom)} 起的新版本。";
            }, "/credit/usage/rules", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "识别规则";
        ViewData["Active"] = "credit";
        Rules = await cases.RulesAsync(ct);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.ApproveCounty)).Succeeded;
    }
}

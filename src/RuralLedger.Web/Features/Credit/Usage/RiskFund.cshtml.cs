using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage;

public sealed class ContributionForm
{
    public string? BankCode { get; set; }

    public string? DocumentNo { get; set; }

    public DateOnly? On { get; set; }

    public decimal? Amount { get; set; }
}

public sealed class FundPolicyForm
{
    public string? BankCode { get; set; }

    public DateOnly? EffectiveFrom { get; set; }

    public int? Leverage { get; set; }

    public LeverageMode? Mode { get; set; }

    public decimal? FundShare { get; set; }
}

public sealed class RecoveryForm
{
    public string? LoanNumber { get; set; }

    public DateOnly? On { get; set; }

    public decimal? Amount { get; set; }

    public string? Note { get; set; }
}

/// <summary>风险补偿金: each bank's balance against its loans and leverage, a bank's yearly statement, and county contributions.</summary>
public sealed class RiskFundModel(RiskFundLedger fund, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Bank { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty]
    public ContributionForm Input { get; set; } = new();

    [BindProperty]
    public FundPolicyForm Policy { get; set; } = new();

    [BindProperty]
    public RecoveryForm Recovery { get; set; } = new();

    public IReadOnlyList<RiskFundBankView> Banks { get; private set; } = [];

    public RiskFundStatement? Statement { get; private set; }

    public bool IsCounty => User.IsInRole(Roles.CountyAdmin) || User.IsInRole(Roles.CountyStaff);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!IsCounty && !User.IsInRole(Roles.BankOfficer))
        {
            return Forbid();
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostContributeAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ApproveCounty, "Input", () =>
                fund.ContributeAsync(new RiskFundContributionInput(Input.BankCode, Input.DocumentNo, Input.On, FormValues.Yuan(Input.Amount, "amount")), ct),
            "风险补偿金注入已登记。", "/credit/risk-fund", () => LoadAsync(ct));

    /// <summary>A new dated version of a bank's terms; versions are never edited, so the page asks first.</summary>
    public Task<IActionResult> OnPostPolicyAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ApproveCounty, "Policy", () =>
            {
                var v = new Validation();
                var share = FormValues.Percent(Policy.FundShare, v, "fundShare");
                v.ThrowIfAny();
                return fund.AddPolicyAsync(new RiskFundPolicyInput(Policy.BankCode, Policy.EffectiveFrom, Policy.Leverage, Policy.Mode, share), ct);
            }, "风险补偿金政策新版本已发布。", "/credit/risk-fund", () => LoadAsync(ct));

    /// <summary>Money recovered on a written-off loan, returned in the loss's shares; irreversible, so the page asks first and records the officer's note.</summary>
    public async Task<IActionResult> OnPostRecoverAsync(CancellationToken ct)
    {
        if (!IsCounty && !User.IsInRole(Roles.BankOfficer))
        {
            return Forbid();
        }
        return await this.StepAsync(authorization, null, "Recovery", () =>
            {
                var v = new Validation();
                var amount = FormValues.Yuan(Recovery.Amount, v, "amount");
                var note = v.Try("note", () => Reason.Required(Recovery.Note, "note", "收回说明", 150));
                v.ThrowIfAny();
                return fund.RecoverAsync(new RiskFundRecoveryInput(Recovery.LoanNumber, Recovery.On, amount, note), ct);
            }, "核销后收回已登记，已按代偿比例返还风险补偿金和银行。", "/credit/risk-fund", () => LoadAsync(ct));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "风险补偿金";
        ViewData["Active"] = "credit";
        Banks = await fund.BanksAsync(ct);
        Year ??= BusinessCalendar.Today(clock).Year;
        var bank = User.IsInRole(Roles.BankOfficer) ? null : Bank ?? Banks.FirstOrDefault()?.BankCode;
        if (bank is not null || User.IsInRole(Roles.BankOfficer))
        {
            Statement = await fund.StatementAsync(bank, Year, ct);
        }
    }
}

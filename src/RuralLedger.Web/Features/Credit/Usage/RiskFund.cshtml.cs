using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
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

/// <summary>风险补偿金: each bank's balance against its loans and leverage, a bank's yearly statement, and county contributions.</summary>
public sealed class RiskFundModel(RiskFundLedger fund, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Bank { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty]
    public ContributionForm Input { get; set; } = new();

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

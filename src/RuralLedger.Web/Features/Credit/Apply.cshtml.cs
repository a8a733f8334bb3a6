using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

public sealed class LoanApplicationForm
{
    public string? HouseholdNo { get; set; }

    public long? MemberId { get; set; }

    public decimal? Amount { get; set; }

    public int? TermMonths { get; set; } = 36;

    public RepaymentMethod Method { get; set; } = RepaymentMethod.QuarterlyInterestBullet;

    public string? Purpose { get; set; }

    public string? PurposeDetail { get; set; }

    public DateOnly? AppliedOn { get; set; }

    public DateOnly? SignedOn { get; set; }

    public string? Bank { get; set; }

    public string? RenewalOf { get; set; }
}

/// <summary>贷款申请: the village officer finds the household, picks the borrower and fills the application.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Roles = Roles.VillageOfficer + "," + Roles.CountyAdmin + "," + Roles.CountyStaff)]
public sealed class ApplyModel(LoanCommands commands, LoanQueries loans, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "household")]
    public string? Household { get; set; }

    [BindProperty]
    public LoanApplicationForm Input { get; set; } = new();

    public LoanHousehold? Found { get; private set; }

    public CreditPolicyView? Policy { get; private set; }

    public IReadOnlyList<BankOption> Banks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.HouseholdNo = Household;
        Input.AppliedOn = BusinessCalendar.Today(clock);
        Input.SignedOn = Input.AppliedOn;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var bank = (Input.Bank ?? "").Split('|', 2);
            var id = await commands.ApplyAsync(new LoanApplicationInput(Input.HouseholdNo, Input.MemberId, null, FormValues.Yuan(Input.Amount, "amount"),
                Input.TermMonths, Input.Method, Input.Purpose, Input.PurposeDetail, Input.AppliedOn, Input.SignedOn, bank[0], bank.Length > 1 ? bank[1] : null,
                Input.RenewalOf), ct);
            TempData["Flash"] = "贷款申请已提交，待村审核。";
            return Redirect($"/credit/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
        }
        Household = Input.HouseholdNo;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "贷款申请";
        ViewData["Active"] = "credit";
        Found = await loans.HouseholdAsync(Household, ct);
        Policy = await loans.PolicyOnAsync(Input.AppliedOn ?? BusinessCalendar.Today(clock), ct);
        Banks = await loans.BanksAsync(ct);
    }
}

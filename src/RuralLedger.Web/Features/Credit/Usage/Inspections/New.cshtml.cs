using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage.Inspections;

/// <summary>
/// The inspection form, built for a phone in the field: camera photos, the phone's location, and (inspection-offline.js)
/// a queue that keeps the inspection on the phone while there is no signal and sends it once when there is.
/// Without script it posts here like any form.
/// </summary>
public sealed class LoanInspectionNewModel(LoanInspectionQueries queries, LoanInspectionCommands commands, LoanQueries loans, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Loan { get; set; }

    public InspectedLoan? Inspected { get; private set; }

    public IReadOnlyList<CampaignOption> Campaigns { get; private set; } = [];

    public IReadOnlyList<string> Uses { get; private set; } = [];

    public DateOnly Today => BusinessCalendar.Today(clock);

    /// <summary>What the inspector entered, shown again with the errors.</summary>
    public string? Value(string name) => Request.HasFormContentType ? Request.Form[name].FirstOrDefault() : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!LoanInspectionEndpoints.Inspectors.Any(User.IsInRole))
        {
            return Forbid();
        }
        await LoadAsync(Loan, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!LoanInspectionEndpoints.Inspectors.Any(User.IsInRole))
        {
            return Forbid();
        }
        try
        {
            var (input, photos) = await LoanInspectionEndpoints.ReadAsync(Request, ct);
            var done = await commands.RecordAsync(input, photos, ct);
            TempData["Flash"] = done.Repeated ? "这条检查已经登记过，未重复登记。" : "检查已登记。";
            return Redirect($"/credit/loan-inspections/{done.Id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            await LoadAsync(Value("loanNumber"), ct);
            return Page();
        }
    }

    private async Task LoadAsync(string? loan, CancellationToken ct)
    {
        ViewData["Title"] = "登记贷款用途检查";
        ViewData["Active"] = "credit";
        Inspected = await queries.LoanAsync(loan, ct);
        Campaigns = await queries.CampaignOptionsAsync(ct);
        var policy = await loans.PolicyOnAsync(Today, ct);
        Uses = [.. policy?.AllowedUses ?? [], "其他"];
    }
}

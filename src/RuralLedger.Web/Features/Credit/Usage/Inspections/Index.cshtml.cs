using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RuralLedger.Web.Features.Credit.Usage.Inspections;

/// <summary>The inspection plan's due list of the caller's scope with counts per township, village and bank; recent inspections; campaign totals.</summary>
public sealed class LoanInspectionIndexModel(LoanInspectionQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Township { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Bank { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Overdue { get; set; }

    public InspectionDueReport Due { get; private set; } = null!;

    public IReadOnlyList<LoanInspectionRow> Recent { get; private set; } = [];

    public IReadOnlyList<InspectionCampaignTotals> Campaigns { get; private set; } = [];

    public bool CanInspect => LoanInspectionEndpoints.Inspectors.Any(User.IsInRole);

    public InspectionDueFilter Filter => new(Township, Village, Bank, Overdue ? true : null);

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "贷后用途检查";
        ViewData["Active"] = "credit";
        Due = await queries.DueAsync(Filter, ct);
        Recent = await queries.ListAsync(null, null, ct);
        Campaigns = await queries.CampaignsAsync(ct);
    }
}

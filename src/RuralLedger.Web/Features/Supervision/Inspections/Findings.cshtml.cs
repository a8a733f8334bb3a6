using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Supervision;

namespace RuralLedger.Web.Features.Supervision.Inspections;

/// <summary>问题与整改: the findings of the caller's area, by state; <c>overdue=true</c> is the overdue list.</summary>
public sealed class FindingsModel(InspectionQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public FindingStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool? Overdue { get; set; }

    public FindingList Result { get; private set; } = new([], 0, InspectionCommands.Limit);

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = Overdue == true ? "逾期整改" : "问题与整改";
        ViewData["Active"] = "supervision";
        Result = await queries.FindingsAsync(new FindingFilter(Status, Overdue, null), ct);
    }
}

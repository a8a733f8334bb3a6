using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RuralLedger.Web.Features.Credit.Usage.Inspections;

/// <summary>One inspection: what was found, the photos, where, and the case it opened or joined.</summary>
public sealed class LoanInspectionDetailModel(LoanInspectionQueries queries) : PageModel
{
    public LoanInspectionView Inspection { get; private set; } = null!;

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        Inspection = await queries.GetAsync(id, ct);
        ViewData["Title"] = $"检查记录 #{id}";
        ViewData["Active"] = "credit";
    }
}

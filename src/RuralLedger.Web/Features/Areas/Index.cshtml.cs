using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RuralLedger.Web.Features.Areas;

public sealed class IndexModel(AreaQuery query) : PageModel
{
    public AreaListing Listing { get; private set; } = null!;

    public async Task OnGetAsync(string? township, string? code, CancellationToken ct)
    {
        Listing = await query.ChildrenAsync(code ?? township, ct);
        ViewData["Title"] = "区划管理";
        ViewData["Active"] = "areas";
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RuralLedger.Web.Features.Home;

public sealed class IndexModel(OverviewQuery query) : PageModel
{
    public CountyOverview Overview { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Overview = await query.RunAsync(ct);
        ViewData["Title"] = "首页概览";
        ViewData["Active"] = "home";
    }
}

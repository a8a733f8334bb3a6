using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RuralLedger.Web.Features.Assets;

public sealed class LedgersModel(LedgersQuery query) : PageModel
{
    public LedgersReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "总账与明细账对账";
        ViewData["Active"] = "assets";
        Report = await query.RunAsync(ct);
    }
}

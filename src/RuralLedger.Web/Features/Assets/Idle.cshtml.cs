using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Features.Assets;

public sealed class IdleModel(IdleAssetsQuery query) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Months { get; set; }

    public IdleReport? Report { get; private set; }

    public int Configured => query.ConfiguredMonths;

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "闲置资产";
        ViewData["Active"] = "assets";
        try
        {
            Report = await query.RunAsync(Months, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
            Report = await query.RunAsync(null, ct);
        }
    }
}

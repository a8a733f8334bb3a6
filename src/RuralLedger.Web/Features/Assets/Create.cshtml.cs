using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets;

[Authorize(Policy = Policies.EditAssets)]
public sealed class CreateModel(AssetCommands writer, AssetOptions options, TimeProvider clock) : PageModel
{
    [BindProperty]
    public AssetForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Locations { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Funds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.FormedOn = BusinessCalendar.Today(clock);
        Input.Shares.Add(new ShareRow { Percent = 100m });
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (AssetPageHelpers.ReplaceBindingErrors(ModelState))
        {
            await LoadAsync(ct);
            return Page();
        }
        var rows = new Validation();
        var funding = AssetFormRows.Funding(Input.Funding, rows);
        var shares = AssetFormRows.Shares(Input.Shares);
        try
        {
            rows.ThrowIfAny();
            var id = await writer.CreateAsync(Input.ToInput(funding, shares), ct);
            TempData["Flash"] = "资产已登记。";
            return Redirect($"/assets/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            AssetFormRows.Apply(ModelState, e, funding, shares);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "登记资产";
        ViewData["Active"] = "assets";
        Locations = await options.LocationsAsync(Input.AreaCode, ct);
        if (Input.AreaCode is null && Locations.Count == 1)
        {
            Input.AreaCode = Locations[0].Value;
            Locations[0].Selected = true;
        }
        Funds = await options.FundsAsync(null, ct);
        AssetFormRows.Pad(Input.Funding);
        AssetFormRows.Pad(Input.Shares);
    }
}

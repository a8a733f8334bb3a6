using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets;

[Authorize(Policy = Policies.EditAssets)]
public sealed class TransferModel(AssetCommands writer, AssetQuery assets, TimeProvider clock) : PageModel
{
    [BindProperty]
    public TransferForm Input { get; set; } = new();

    public AssetView Asset { get; private set; } = null!;

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        AssetPageHelpers.Disposed(ModelState, Asset);
        Input = new TransferForm
        {
            EffectiveOn = BusinessCalendar.Today(clock),
            Version = Asset.Version,
            Shares = Asset.Shares.Select(s => new ShareRow { Kind = s.Kind, Name = s.Name, Code = s.Code, HouseholdId = s.HouseholdId, Percent = s.Percent.Percent }).ToList(),
        };
        AssetFormRows.Pad(Input.Shares);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (AssetPageHelpers.Disposed(ModelState, Asset))
        {
            return Page();
        }
        if (AssetPageHelpers.ReplaceBindingErrors(ModelState))
        {
            AssetFormRows.Pad(Input.Shares);
            return Page();
        }
        var shares = AssetFormRows.Shares(Input.Shares);
        try
        {
            await writer.TransferAsync(id, new TransferInput(shares.Items, Input.EffectiveOn, Input.Reason, Input.Version), ct);
            TempData["Flash"] = "所有权已转移。请到所有权证页面换发新证。";
            return Redirect($"/assets/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            AssetFormRows.Apply(ModelState, e, null, shares);
            AssetFormRows.Pad(Input.Shares);
            return Page();
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Asset = await assets.GetAsync(id, ct);
        ViewData["Title"] = "所有权转移";
        ViewData["Active"] = "assets";
    }
}

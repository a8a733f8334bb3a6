using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets;

[Authorize(Policy = Policies.EditAssets)]
public sealed class StatusModel(AssetCommands writer, AssetQuery assets, TimeProvider clock) : PageModel
{
    [BindProperty]
    public AssetStatusForm Input { get; set; } = new();

    public AssetView Asset { get; private set; } = null!;

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        AssetPageHelpers.Disposed(ModelState, Asset);
        Input.EffectiveOn = BusinessCalendar.Today(clock);
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
            return Page();
        }
        try
        {
            await writer.ChangeStatusAsync(id, new AssetStatusInput(Input.To, Input.EffectiveOn, Input.Reason), ct);
            TempData["Flash"] = "资产状态已变更。";
            return Redirect($"/assets/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e.Field == "status" ? new DomainException(e.Code, e.Message, "to") : e);
            return Page();
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Asset = await assets.GetAsync(id, ct);
        ViewData["Title"] = "变更资产状态";
        ViewData["Active"] = "assets";
    }
}

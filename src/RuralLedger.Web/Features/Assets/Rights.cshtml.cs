using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets;

[Authorize(Policy = Policies.EditAssets)]
public sealed class RightsModel(AssetCommands writer, AssetQuery assets) : PageModel
{
    [BindProperty]
    public RightsForm Input { get; set; } = new();

    public AssetView Asset { get; private set; } = null!;

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        AssetPageHelpers.Disposed(ModelState, Asset);
        var a = Asset;
        Input = new RightsForm { SupervisionUnit = a.SupervisionUnit, SupervisionPerson = a.SupervisionPerson, Beneficiaries = a.Beneficiaries, IncomeRule = a.IncomeRule, Version = a.Version };
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (AssetPageHelpers.Disposed(ModelState, Asset))
        {
            return Page();
        }
        try
        {
            await writer.SetRightsAsync(id, new RightsInput(Input.SupervisionUnit, Input.SupervisionPerson, Input.Beneficiaries, Input.IncomeRule, Input.Version), ct);
            TempData["Flash"] = "收益权与监管权已保存。";
            return Redirect($"/assets/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            return Page();
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Asset = await assets.GetAsync(id, ct);
        ViewData["Title"] = "收益权与监管权";
        ViewData["Active"] = "assets";
    }
}

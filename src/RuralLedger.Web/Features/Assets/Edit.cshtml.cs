using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets;

[Authorize(Policy = Policies.EditAssets)]
public sealed class EditModel(AssetCommands writer, AssetQuery assets, AssetOptions options) : PageModel
{
    [BindProperty]
    public AssetForm Input { get; set; } = new();

    public AssetView Asset { get; private set; } = null!;

    public IReadOnlyList<SelectListItem> Funds { get; private set; } = [];

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        AssetPageHelpers.Disposed(ModelState, Asset);
        var a = Asset;
        Input = new AssetForm
        {
            Name = a.Name, Class = a.Class, Kind = a.Kind, Industry = a.Industry, Quantity = a.Quantity, Unit = a.Unit, Version = a.Version,
            Funding = a.Funding.Select(f => new FundingRow { FundSourceId = f.FundSourceId, Amount = f.Amount.Yuan }).ToList(),
        };
        AssetFormRows.Pad(Input.Funding, Math.Max(AssetFormRows.FundingRows, Input.Funding.Count + 1));
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
            AssetFormRows.Pad(Input.Funding);
            return Page();
        }
        var rows = new Validation();
        var funding = AssetFormRows.Funding(Input.Funding, rows);
        try
        {
            rows.ThrowIfAny();
            await writer.UpdateAsync(id, Input.ToUpdate(funding), ct);
            TempData["Flash"] = "资产信息已保存。";
            return Redirect($"/assets/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            AssetFormRows.Apply(ModelState, e, funding, null);
            AssetFormRows.Pad(Input.Funding);
            return Page();
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Asset = await assets.GetAsync(id, ct);
        Funds = await options.FundsAsync(null, ct);
        ViewData["Title"] = $"修改资产 {Asset.Code}";
        ViewData["Active"] = "assets";
    }
}

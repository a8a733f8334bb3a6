using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Contracts;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Disposals;

public sealed class DisposalForm
{
    public DisposalCase Case { get; set; } = DisposalCase.EndOfLife;

    public DisposalMethod Method { get; set; } = DisposalMethod.Scrap;

    public string? Reason { get; set; }
}

[Authorize(Policy = Policies.EditAssets)]
public sealed class NewDisposalModel(DisposalCommands writer, ContractQueries assets) : PageModel
{
    [BindProperty]
    public DisposalForm Input { get; set; } = new();

    public AssetChoice Asset { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long assetId, CancellationToken ct) => await LoadAsync(assetId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long assetId, CancellationToken ct)
    {
        if (!await LoadAsync(assetId, ct))
        {
            return NotFound();
        }
        try
        {
            var id = await writer.ProposeAsync(new DisposalInput(assetId, Input.Case, Input.Method, Input.Reason), ct);
            TempData["Flash"] = "处置已提出，请召开村民代表会议并记录决议。";
            return Redirect($"/disposals/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e.Field == "assetId" ? new DomainException(e.Code, e.Message) : e);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(long assetId, CancellationToken ct)
    {
        ViewData["Title"] = "提出资产处置";
        ViewData["Active"] = "assets";
        var found = await assets.FindAssetsAsync([], [assetId], ct);
        if (found.Count == 0)
        {
            return false;
        }
        Asset = found[0];
        return true;
    }
}

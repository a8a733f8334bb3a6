using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Contracts;

[Authorize(Policy = Policies.EditAssets)]
public sealed class NewContractModel(ContractCommands writer, ContractQueries queries, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ContractForm Input { get; set; } = new();

    public IReadOnlyList<AssetChoice> Chosen { get; private set; } = [];

    public IReadOnlyList<AssetChoice> Suggestions { get; private set; } = [];

    public async Task OnGetAsync(long? assetId, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        Input.SignedOn = today;
        Input.StartOn = today;
        if (assetId is { } id)
        {
            var found = await queries.FindAssetsAsync([], [id], ct);
            Input.AssetCodes = string.Join(", ", found.Select(a => a.Code));
            if (found.Count == 0)
            {
                ModelState.AddModelError("Input.AssetIds", $"资产 {id} 不存在或不在您的权限范围内。");
            }
        }
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var codes = Input.Codes();
        var found = codes.Count == 0 ? [] : await queries.FindAssetsAsync(codes, [], ct);
        foreach (var missing in codes.Where(c => found.All(a => a.Code != c)))
        {
            ModelState.AddModelError("Input.AssetIds", $"资产编码 {missing} 不存在或不在您的权限范围内。");
        }
        if (ModelState.ErrorCount == 0)
        {
            try
            {
                var ids = codes.Select(c => found.Single(a => a.Code == c).Id).ToList();
                var id = await writer.CreateAsync(Input.ToInput(ids), ct);
                TempData["Flash"] = "合同已签订，应收计划已生成。";
                return Redirect($"/contracts/{id}");
            }
            catch (DomainException e) when (e is not NotFoundException)
            {
                FormErrors.Apply(ModelState, e);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "签订经营合同";
        ViewData["Active"] = "contracts";
        Input.PadBids();
        var codes = Input.Codes();
        Chosen = codes.Count == 0 ? [] : await queries.FindAssetsAsync(codes, [], ct);
        Suggestions = await queries.SuggestAssetsAsync(ct);
    }
}

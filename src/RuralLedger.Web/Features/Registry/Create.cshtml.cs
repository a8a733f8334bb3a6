using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry;

[Authorize(Policy = Policies.EditRegistry)]
public sealed class CreateModel(HouseholdCommands writer, RegistryOptions options) : PageModel
{
    [BindProperty]
    public HouseholdForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Groups { get; private set; } = [];

    public async Task OnGetAsync(string? village, CancellationToken ct)
    {
        Input.VillageCode = village;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var id = await writer.CreateAsync(Input.ToInput(), ct);
            TempData["Flash"] = "户档案已建立。";
            return Redirect($"/registry/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "新建户档案";
        ViewData["Active"] = "registry";
        Villages = await options.VillagesAsync(null, Input.VillageCode, ct);
        Input.VillageCode ??= Villages.Count == 1 ? Villages[0].Value : null;
        Groups = await options.GroupsAsync(Input.VillageCode, Input.GroupCode, ct);
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry;

[Authorize(Policy = Policies.EditRegistry)]
public sealed class EditModel(HouseholdCommands writer, HouseholdFileQuery files, RegistryOptions options) : PageModel
{
    [BindProperty]
    public HouseholdForm Input { get; set; } = new();

    public HouseholdView Household { get; private set; } = null!;

    public IReadOnlyList<SelectListItem> Groups { get; private set; } = [];

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var h = Household;
        Input = new HouseholdForm
        {
            GroupCode = h.GroupCode, Type = h.Type, Version = h.Version, BankName = h.BankName,
            Causes = RuralLedger.Core.Registry.RegistryNames.Causes.Where(c => h.Causes.Contains(c.Name)).Select(c => c.Cause).ToList(),
        };
        Groups = await options.GroupsAsync(h.VillageCode, h.GroupCode, ct);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        // Blank account or phone fields bind as null, which the writer reads as "unchanged".
        var update = Input.ToUpdate();
        try
        {
            await writer.UpdateAsync(id, update, ct);
            TempData["Flash"] = "档案已保存。";
            return Redirect($"/registry/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            Groups = await options.GroupsAsync(Household.VillageCode, Input.GroupCode, ct);
            return Page();
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Household = await files.GetAsync(id, ct);
        ViewData["Title"] = $"修改户档案 {Household.HouseholdNo}";
        ViewData["Active"] = "registry";
    }
}

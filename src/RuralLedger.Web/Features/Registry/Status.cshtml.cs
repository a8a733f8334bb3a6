using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry;

[Authorize(Policy = Policies.EditRegistry)]
public sealed class StatusModel(HouseholdCommands writer, HouseholdFileQuery files, TimeProvider clock) : PageModel
{
    [BindProperty]
    public StatusForm Input { get; set; } = new();

    public HouseholdView Household { get; private set; } = null!;

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Input.EffectiveOn = BusinessCalendar.Today(clock);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        try
        {
            await writer.ChangeStatusAsync(id, new StatusInput(Input.To, Input.EffectiveOn, Input.Reason), ct);
            TempData["Flash"] = "帮扶状态已变更。";
            return Redirect($"/registry/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e.Field == "status" ? new DomainException(e.Code, e.Message, "to") : e);
            return Page();
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Household = await files.GetAsync(id, ct);
        ViewData["Title"] = "变更帮扶状态";
        ViewData["Active"] = "registry";
    }
}

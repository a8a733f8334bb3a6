using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Ventures;

public sealed class VentureForm
{
    public string? HouseholdNo { get; set; }

    public string? Name { get; set; }

    public VentureCategory? Category { get; set; }

    public DateOnly? StartedOn { get; set; }

    public string? Description { get; set; }
}

/// <summary>Registering a project: the owner household by number, then its name, category and start.</summary>
[Authorize(Policy = Policies.EditRegistry)]
public sealed class VentureNewModel(VentureCommands commands) : PageModel
{
    [BindProperty]
    public VentureForm Input { get; set; } = new();

    public void OnGet()
    {
        ViewData["Title"] = "登记创业项目";
        ViewData["Active"] = "credit";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var id = await commands.CreateAsync(new VentureInput(Input.HouseholdNo, Input.Name, Input.Category, Input.StartedOn, Input.Description), ct);
            TempData["Flash"] = "创业项目已登记。";
            return Redirect($"/credit/ventures/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            ModelState.Clear();
            FormErrors.Apply(ModelState, e, "Input");
            OnGet();
            return Page();
        }
    }
}

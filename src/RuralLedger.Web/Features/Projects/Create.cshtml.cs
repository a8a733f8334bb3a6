using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Projects;

public sealed class BudgetForm
{
    public long? FundSourceId { get; set; }

    public decimal? Amount { get; set; }
}

public sealed class ProjectForm
{
    public const int BudgetRows = 5;

    public string? Name { get; set; }

    public int Year { get; set; }

    public Industry Industry { get; set; } = Industry.CamelliaOil;

    public List<string> VillageCodes { get; set; } = [];

    public List<BudgetForm> Budget { get; set; } = [];

    public string? Description { get; set; }

    /// <summary>Blank rows of the form are ignored; a row with only one of its two fields is sent so the writer names it.</summary>
    public ProjectInput ToInput()
    {
        var v = new Validation();
        var budget = Budget.Select((b, i) => (b, i)).Where(x => x.b.FundSourceId is not null || x.b.Amount is not null)
            .Select(x => new BudgetInput(x.b.FundSourceId ?? 0, FormValues.Yuan(x.b.Amount, v, $"budget[{x.i}].amount") ?? Money.Zero)).ToList();
        v.ThrowIfAny();
        return new(Name, Year, Industry, VillageCodes, budget, Description);
    }
}

[Authorize(Policy = Policies.ManageProjects)]
public sealed class CreateModel(ProjectCommands writer, FundSourceCommands funds, RegistryOptions options, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ProjectForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public IReadOnlyList<FundRow> Funds { get; private set; } = [];

    public void OnGet() => Input.Year = BusinessCalendar.Today(clock).Year;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var id = await writer.CreateAsync(Input.ToInput(), ct);
            TempData["Flash"] = "项目已入库。";
            return Redirect($"/projects/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            return Page();
        }
    }

    public override async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        ViewData["Title"] = "项目入库";
        ViewData["Active"] = "projects";
        var ct = HttpContext.RequestAborted;
        Villages = await options.VillagesAsync(null, null, ct);
        Funds = await funds.ListAsync(null, ct);
        await next();
        while (Input.Budget.Count < ProjectForm.BudgetRows)
        {
            Input.Budget.Add(new BudgetForm());
        }
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Projects;

public sealed class FundForm
{
    public FundSourceKind Kind { get; set; } = FundSourceKind.Central;

    public int Year { get; set; }

    public string? Name { get; set; }

    public decimal? Allocated { get; set; }

    public string? DocumentNo { get; set; }

    public FundInput ToInput() => new(Kind, Year, Name, FormValues.Yuan(Allocated, "allocated") ?? Money.Zero, DocumentNo);
}

public sealed class FundsModel(FundSourceCommands funds, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty]
    public FundForm Input { get; set; } = new();

    public IReadOnlyList<FundRow> Rows { get; private set; } = [];

    public bool CanManage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.Year = Year ?? BusinessCalendar.Today(clock).Year;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded)
        {
            return Forbid();
        }
        if (Input.Allocated is null)
        {
            ModelState.AddModelError("Input.Allocated", "请填写下达金额。");
        }
        else
        {
            try
            {
                await funds.CreateAsync(Input.ToInput(), ct);
                TempData["Flash"] = $"资金来源“{Input.Name?.Trim()}”已登记。";
                return Redirect($"/funds?year={Input.Year}");
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
        ViewData["Title"] = "资金来源";
        ViewData["Active"] = "projects";
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded;
        Rows = await funds.ListAsync(Year, ct);
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Web.Features.Registry;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Income;

public sealed class IncomeEntryForm
{
    public string? HouseholdNo { get; set; }

    public int Year { get; set; }

    public IncomeCategory Category { get; set; } = IncomeCategory.Business;

    public decimal? Amount { get; set; }

    public string? Note { get; set; }

    public int? Version { get; set; }
}

/// <summary>收入构成: each household's income of a year by category, per person against the monitoring line, and the survey form.</summary>
public sealed class IncomePageModel(HouseholdIncomeQuery query, IncomeCommands commands, RegistryOptions options, IAuthorizationService authorization,
    TimeProvider clock) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public bool BelowOnly { get; set; }

    [BindProperty]
    public IncomeEntryForm Input { get; set; } = new();

    public IncomeTable? Table { get; private set; }

    public IReadOnlyList<HouseholdIncome> Shown { get; private set; } = [];

    public int Matching { get; private set; }

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public IReadOnlyList<int> Years { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.Year = Year ?? BusinessCalendar.Today(clock).Year;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        await this.StepAsync(authorization, Policies.EditRegistry, "Input",
            () => commands.EnterAsync(new IncomeEntryInput(Input.HouseholdNo, Input.Year, Input.Category, FormValues.Yuan(Input.Amount, "amount"), Input.Note,
                Input.Version), ct),
            "收入调查数已录入。", $"/linkage/income?year={Input.Year}", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "收入构成";
        ViewData["Active"] = "linkage";
        var thisYear = BusinessCalendar.Today(clock).Year;
        Years = Enumerable.Range(thisYear - 9, 10).Reverse().ToList();
        Year ??= thisYear;
        Villages = await options.VillagesAsync(null, Village, ct);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
        try
        {
            var page = await query.PageAsync(Year.Value, Village, BelowOnly, PageNumber, PageSize, ct);
            (Table, Matching, PageNumber, Shown) = (page.Table, page.Matching, page.Page, page.Table.Items);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }
}

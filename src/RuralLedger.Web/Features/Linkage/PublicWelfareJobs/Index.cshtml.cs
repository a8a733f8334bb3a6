using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Web.Features.Registry;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.PublicWelfareJobs;

public sealed class PublicJobForm
{
    public string? HouseholdNo { get; set; }

    public long? MemberId { get; set; }

    public string? MemberName { get; set; }

    public PublicWelfarePost Post { get; set; } = PublicWelfarePost.ForestRanger;

    public string? PostName { get; set; }

    public decimal? MonthlyPay { get; set; }

    public DateOnly? StartOn { get; set; }

    public DateOnly? EndOn { get; set; }
}

/// <summary>公益岗位: the list (village, year) and, for those who keep the registry, the form to register a post.</summary>
public sealed class PublicJobsPageModel(PublicJobCommands jobs, RegistryOptions options, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    /// <summary>A household number to look up, so the form can offer its members.</summary>
    [BindProperty(SupportsGet = true, Name = "household")]
    public string? Household { get; set; }

    [BindProperty]
    public PublicJobForm Input { get; set; } = new();

    public PublicJobList Result { get; private set; } = new([], 0, PublicJobCommands.Limit);

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public IReadOnlyList<int> Years { get; private set; } = [];

    public JobHousehold? Found { get; private set; }

    public bool CanEdit { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.HouseholdNo = Household;
        Input.StartOn = BusinessCalendar.Today(clock);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded)
        {
            return Forbid();
        }
        try
        {
            await jobs.RegisterAsync(new PublicJobInput(Input.HouseholdNo, Input.MemberId, Input.MemberName, Input.Post, Input.PostName,
                FormValues.Yuan(Input.MonthlyPay, "monthlyPay"), Input.StartOn, Input.EndOn), ct);
            TempData["Flash"] = "公益岗位已登记。";
            return Redirect("/linkage/public-jobs" + QueryString());
        }
        catch (NotFoundException e)
        {
            ModelState.AddModelError("Input.HouseholdNo", e.Message);
        }
        catch (DomainException e)
        {
            FormErrors.Apply(ModelState, e);
        }
        Household = Input.HouseholdNo;
        await LoadAsync(ct);
        return Page();
    }

    public string QueryString() =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("", new Dictionary<string, string?>
        {
            ["village"] = Village, ["year"] = Year?.ToString(Fmt.Culture),
        }.Where(v => !string.IsNullOrEmpty(v.Value)));

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "公益岗位";
        ViewData["Active"] = "linkage";
        var thisYear = BusinessCalendar.Today(clock).Year;
        Years = Enumerable.Range(thisYear - 9, 10).Reverse().ToList();
        Villages = await options.VillagesAsync(null, Village, ct);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
        try
        {
            Result = await jobs.ListAsync(Village, Year, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        if (CanEdit)
        {
            Found = await jobs.HouseholdAsync(Household, ct);
        }
    }
}

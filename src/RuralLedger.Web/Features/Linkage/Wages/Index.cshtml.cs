using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Features.Linkage.Wages;

/// <summary>务工工资: the year's wages by employer, contract and public-welfare posts, with the share paid to poor households.</summary>
public sealed class WagesPageModel(WageQueries queries, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Employer { get; set; }

    public WageSummary Summary { get; private set; } = new(0, [], Money.Zero, Money.Zero, null);

    public WageList Rows { get; private set; } = new([], 0, WageQueries.Limit);

    public IReadOnlyList<int> Years { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "务工工资";
        ViewData["Active"] = "linkage";
        var thisYear = BusinessCalendar.Today(clock).Year;
        Years = Enumerable.Range(thisYear - 9, 10).Reverse().ToList();
        Year ??= thisYear;
        Summary = await queries.SummaryAsync(Year.Value, ct);
        Rows = await queries.ListAsync(Year.Value, Employer, ct);
    }
}

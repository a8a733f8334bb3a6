using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Features.Linkage.Income;

/// <summary>一股了之排查: households whose only linkage in the year is a share or dividend.</summary>
public sealed class ShareOnlyPageModel(HouseholdIncomeQuery query, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public IReadOnlyList<ShareOnlyHousehold> Items { get; private set; } = [];

    public IReadOnlyList<int> Years { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "一股了之排查";
        ViewData["Active"] = "linkage";
        var thisYear = BusinessCalendar.Today(clock).Year;
        Years = Enumerable.Range(thisYear - 9, 10).Reverse().ToList();
        Year ??= thisYear;
        Items = await query.ShareOnlyAsync(Year.Value, ct);
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Features.Projects;

/// <summary>The county's ranking of the year's candidate projects by score, against the year's funds by source.</summary>
public sealed class RankingModel(SelectionQueries queries, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public RankingView Ranking { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Year = Year is >= 2010 and <= 2100 ? Year : BusinessCalendar.Today(clock).Year;
        Ranking = await queries.RankingAsync(Year.Value, ct);
        ViewData["Title"] = $"{Year} 年项目遴选排序";
        ViewData["Active"] = "projects";
    }
}

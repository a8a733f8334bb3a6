using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Web.Features.Registry;

namespace RuralLedger.Web.Features.Distribution;

/// <summary>A household's dividend statement: every plan line by year, reversals included, with payment state.</summary>
public sealed class StatementModel(DistributionQueries queries, HouseholdFileQuery files) : PageModel
{
    public HouseholdView Household { get; private set; } = null!;

    public IReadOnlyList<StatementYear> Years { get; private set; } = [];

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        Household = await files.GetAsync(id, ct);
        Years = await queries.StatementAsync(id, ct);
        ViewData["Title"] = "分红对账单";
        ViewData["Active"] = "registry";
    }
}

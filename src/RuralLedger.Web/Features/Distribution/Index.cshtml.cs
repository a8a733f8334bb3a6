using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Web.Features.Registry;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Distribution;

public sealed class IndexModel(DistributionQueries queries, RegistryOptions options, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<PlanSummary> Plans { get; private set; } = [];

    public IReadOnlyList<VillageSummary> Summary { get; private set; } = [];

    public string? Village { get; private set; }

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public int? Year { get; private set; }

    public bool CanBuild { get; private set; }

    public async Task OnGetAsync(string? village, int? year, CancellationToken ct)
    {
        Village = village;
        Year = year;
        Plans = await queries.ListAsync(village, year, ct);
        Summary = await queries.SummaryAsync(year, ct);
        Villages = await options.VillagesAsync(null, village, ct);
        CanBuild = (await authorization.AuthorizeAsync(User, Policies.EditAssets)).Succeeded;
        ViewData["Title"] = "收益分配";
        ViewData["Active"] = "income";
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
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

    public const int PageSize = 50;

    public int PageNo { get; private set; } = 1;

    public int Total { get; private set; }

    /// <summary>The list's address with its filters, at page <paramref name="page"/>.</summary>
    public string Href(int page) =>
        "/distribution" + QueryString.Create(new Dictionary<string, string?> { ["village"] = Village, ["year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["p"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null }
            .Where(kv => kv.Value is not null)).ToUriComponent();

    public bool CanBuild { get; private set; }

    public async Task OnGetAsync(string? village, int? year, int? p, CancellationToken ct)
    {
        Village = village;
        Year = year;
        PageNo = Math.Max(p ?? 1, 1);
        (Plans, Total) = await queries.PageAsync(village, year, PageNo, PageSize, ct);
        Summary = await queries.SummaryAsync(year, ct);
        Villages = await options.VillagesAsync(null, village, ct);
        CanBuild = (await authorization.AuthorizeAsync(User, Policies.EditAssets)).Succeeded;
        ViewData["Title"] = "收益分配";
        ViewData["Active"] = "income";
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry;

namespace RuralLedger.Web.Features.Credit.Ventures;

/// <summary>创业平台: the projects of the caller's scope with a year's figures, and the totals per township and year.</summary>
public sealed class VentureIndexModel(VentureQueries queries, RegistryOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Township { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public VentureCategory? Category { get; set; }

    public VentureList Result { get; private set; } = new([], 0, VentureQueries.Limit);

    public VentureTotals Totals { get; private set; } = new(0, [], []);

    public IReadOnlyList<SelectListItem> Townships { get; private set; } = [];

    public bool CanEdit => User.IsInRole(Roles.CountyAdmin) || User.IsInRole(Roles.CountyStaff) || User.IsInRole(Roles.TownshipOfficer)
        || User.IsInRole(Roles.VillageOfficer);

    public string ExportHref => "/api/ventures/export" + QueryString.Create(new Dictionary<string, string?>
    {
        ["township"] = Township, ["category"] = Category?.ToString(),
    }.Where(p => !string.IsNullOrEmpty(p.Value)));

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "创业平台";
        ViewData["Active"] = "credit";
        Townships = await options.TownshipsAsync(Township, ct);
        try
        {
            Result = await queries.ListAsync(Township, Year, Category, ct);
            Totals = await queries.TotalsAsync(Township, Category, ct);
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            ModelState.AddModelError(e.Field ?? "", e.Message);
        }
    }
}

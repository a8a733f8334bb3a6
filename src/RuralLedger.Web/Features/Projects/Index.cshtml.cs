using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Features.Registry;

namespace RuralLedger.Web.Features.Projects;

public sealed class IndexModel(ProjectQueries queries, RegistryOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public Industry? Industry { get; set; }

    [BindProperty(SupportsGet = true)]
    public ProjectStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNo { get; set; }

    public ProjectPage Result { get; private set; } = new([], 0, 1, ProjectQueries.PageSize);

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "项目库";
        ViewData["Active"] = "projects";
        Villages = await options.VillagesAsync(null, Village, ct);
        try
        {
            Result = await queries.ListAsync(new ProjectFilter { Year = Year, Industry = Industry, Status = Status, Village = Village, Page = PageNo }, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }

    public string QueryString(int page) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("", new Dictionary<string, string?>
        {
            ["year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["industry"] = Industry?.ToString(), ["status"] = Status?.ToString(),
            ["village"] = Village, ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(v => !string.IsNullOrEmpty(v.Value)));
}

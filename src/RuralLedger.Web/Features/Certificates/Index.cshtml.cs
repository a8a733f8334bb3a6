using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Certificates;

public sealed class IndexModel(CertificateQueries queries, RegistryOptions areas, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public CertificateStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public CertificatePage Result { get; private set; } = new([], 0, 1, 50);

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Statuses => RegistryOptions.Enum(AssetNames.Of, Status);

    public bool CanIssue { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "所有权证";
        ViewData["Active"] = "rights";
        Villages = await areas.VillagesAsync(null, Village, ct);
        CanIssue = (await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded;
        try
        {
            Result = await queries.ListAsync(new CertificateFilter { Status = Status, Year = Year, Village = Village, Q = Q, Page = PageNumber }, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }

    public string QueryString(int page) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("", new Dictionary<string, string?>
        {
            ["status"] = Status?.ToString(), ["year"] = Year?.ToString(Fmt.Culture), ["village"] = Village, ["q"] = Q,
            ["page"] = page.ToString(Fmt.Culture),
        }.Where(v => !string.IsNullOrEmpty(v.Value)));
}

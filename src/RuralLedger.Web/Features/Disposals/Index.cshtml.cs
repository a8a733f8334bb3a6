using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Disposals;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry;

namespace RuralLedger.Web.Features.Disposals;

public sealed class DisposalListModel(DisposalQueries queries, RegistryOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DisposalStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public DisposalPage Result { get; private set; } = new([], 0, 1, 50);

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public string? Error { get; private set; }

    public int PageCount => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "资产处置";
        ViewData["Active"] = "assets";
        Villages = await options.VillagesAsync(null, Village, ct);
        try
        {
            Result = await queries.ListAsync(new DisposalFilter { Status = Status, Village = Village, Page = PageNumber }, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }

    public string QueryString(int page) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("", new Dictionary<string, string?>
        {
            ["status"] = Status?.ToString(), ["village"] = Village, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(v => !string.IsNullOrEmpty(v.Value)));
}

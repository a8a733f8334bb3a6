using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RuralLedger.Web.Features.Contracts;

public sealed class ExpiringModel(ContractQueries queries) : PageModel
{
    public IReadOnlyList<ExpiringItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "即将到期的合同";
        ViewData["Active"] = "contracts";
        Items = await queries.ExpiringAsync(ct);
    }
}

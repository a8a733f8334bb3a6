using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RuralLedger.Web.Features.Contracts;

public sealed class ArrearsModel(ContractQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? AsOf { get; set; }

    public ArrearsReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "合同欠款账龄";
        ViewData["Active"] = "contracts";
        Report = await queries.ArrearsAsync(AsOf, ct);
    }
}

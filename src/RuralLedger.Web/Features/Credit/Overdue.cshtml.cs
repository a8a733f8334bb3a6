using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Credit;
using RuralLedger.Web.Features.Registry;

namespace RuralLedger.Web.Features.Credit;

/// <summary>逾期清单: unpaid instalments past due in the caller's scope, aged, with the Excel export of the same rows.</summary>
public sealed class OverdueModel(LoanQueries loans, RegistryOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? AsOf { get; set; }

    public OverdueReport? Report { get; private set; }

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public string ExportHref => "/api/loans/overdue/export" + Microsoft.AspNetCore.Http.QueryString.Create(new Dictionary<string, string?>
    {
        ["village"] = Village, ["asOf"] = AsOf?.ToString("yyyy-MM-dd", Infrastructure.Fmt.Culture),
    }.Where(p => !string.IsNullOrEmpty(p.Value)));

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "贷款逾期清单";
        ViewData["Active"] = "credit";
        Villages = await options.VillagesAsync(null, Village, ct);
        try
        {
            Report = await loans.OverdueAsync(AsOf, null, Village, null, ct);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
    }
}

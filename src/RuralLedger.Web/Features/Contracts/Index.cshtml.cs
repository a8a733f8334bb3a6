using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry;

namespace RuralLedger.Web.Features.Contracts;

public sealed class ContractListModel(ContractQueries queries, RegistryOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public ContractState? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public OperationMode? Mode { get; set; }

    [BindProperty(SupportsGet = true)]
    public OperatorKind? OperatorKind { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Township { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public ContractPage Result { get; private set; } = new([], 0, 1, 50);

    public IReadOnlyList<SelectListItem> Townships { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public string? Error { get; private set; }

    public int PageCount => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "经营合同";
        ViewData["Active"] = "contracts";
        Townships = await options.TownshipsAsync(Township, ct);
        Villages = await options.VillagesAsync(Township, Village, ct);
        try
        {
            Result = await queries.ListAsync(new ContractFilter
            {
                Status = Status, Mode = Mode, OperatorKind = OperatorKind, Township = Township, Village = Village, Q = Q, Page = PageNumber,
            }, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }

    public static IReadOnlyList<SelectListItem> States(ContractState? selected) =>
        RegistryOptions.Enum<ContractState>(ContractQueries.StateName, selected);

    public string QueryString(int page) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("", new Dictionary<string, string?>
        {
            ["status"] = Status?.ToString(), ["mode"] = Mode?.ToString(), ["operatorKind"] = OperatorKind?.ToString(),
            ["township"] = Township, ["village"] = Village, ["q"] = Q, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(v => !string.IsNullOrEmpty(v.Value)));
}

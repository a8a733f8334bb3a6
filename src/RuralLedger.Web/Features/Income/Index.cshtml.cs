using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry;

namespace RuralLedger.Web.Features.Income;

public sealed class IncomeListModel(IncomeCommands ledger, RegistryOptions options, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Township { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true)]
    public IncomeKind? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? AssetId { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public IncomePage Result { get; private set; } = new([], 0, 1, 100, Money.Zero, []);

    public IReadOnlyList<SelectListItem> Townships { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public IReadOnlyList<int> Years { get; private set; } = [];

    public string? Error { get; private set; }

    public int PageCount => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "资产收益台账";
        ViewData["Active"] = "assets";
        var thisYear = BusinessCalendar.Today(clock).Year;
        Years = Enumerable.Range(thisYear - 10, 11).Reverse().ToList();
        Townships = await options.TownshipsAsync(Township, ct);
        Villages = await options.VillagesAsync(Township, Village, ct);
        try
        {
            Result = await ledger.ListAsync(new IncomeFilter { Year = Year, Township = Township, Village = Village, Kind = Kind, AssetId = AssetId, Page = PageNumber }, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }

    public string QueryString(int page) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("", new Dictionary<string, string?>
        {
            ["year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["township"] = Township, ["village"] = Village,
            ["kind"] = Kind?.ToString(), ["assetId"] = AssetId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(v => !string.IsNullOrEmpty(v.Value)));
}

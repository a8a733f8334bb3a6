using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry;

namespace RuralLedger.Web.Features.Assets;

public sealed class IndexModel(AssetListQuery list, RegistryOptions areas) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Township { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true)]
    public AssetClass? Class { get; set; }

    [BindProperty(SupportsGet = true)]
    public AssetKind? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public Industry? Industry { get; set; }

    [BindProperty(SupportsGet = true)]
    public AssetStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public HolderKind? OwnerKind { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int? PageNumber { get; set; }

    public AssetPage Result { get; private set; } = new([], new AssetTotals(0, Money.Zero), 1, 50, 1);

    public IReadOnlyList<SelectListItem> Townships { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "资产台账";
        ViewData["Active"] = "assets";
        Townships = await areas.TownshipsAsync(Township, ct);
        Villages = await areas.VillagesAsync(Township, Village, ct);
        try
        {
            Result = await list.RunAsync(Filter() with { Page = PageNumber }, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }

    public AssetFilter Filter() => new()
    {
        Township = Township, Village = Village, Class = Class, Kind = Kind, Industry = Industry, Status = Status, OwnerKind = OwnerKind, Year = Year, Q = Q,
    };

    public string QueryString(int? page) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("", new Dictionary<string, string?>
        {
            ["township"] = Township, ["village"] = Village, ["class"] = Class?.ToString(), ["kind"] = Kind?.ToString(), ["industry"] = Industry?.ToString(),
            ["status"] = Status?.ToString(), ["ownerKind"] = OwnerKind?.ToString(), ["year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["q"] = Q,
            ["page"] = page?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(v => !string.IsNullOrEmpty(v.Value)));
}

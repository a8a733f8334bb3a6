using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry;

public sealed class IndexModel(HouseholdListQuery list, RegistryOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Township { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true)]
    public PovertyStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public HouseholdType? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? P { get; set; }

    public HouseholdPage Result { get; private set; } = new([], 0, null);

    public IReadOnlyList<SelectListItem> Townships { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public string? Error { get; private set; }

    /// <summary>The filter form posts here and is redirected to its GET URL; a citizen ID goes along in TempData, not in the URL.</summary>
    public IActionResult OnPost()
    {
        if (PersonalDataInUrls.MustNotAppearInUrl(Q))
        {
            TempData[HeldQ] = SearchText.Identifier(Q);
            Q = null;
        }
        return Redirect("/registry" + QueryString(1));
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Q) && TempData[HeldQ] is string held)
        {
            Q = held;
            Held = true;
        }
        ViewData["Title"] = "一户一档";
        ViewData["Active"] = "registry";
        Townships = await options.TownshipsAsync(Township, ct);
        Villages = await options.VillagesAsync(Township, Village, ct);
        try
        {
            Result = await list.RunAsync(Filter() with { Page = P }, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }

    /// <summary>The search term came from TempData (a citizen ID): pager and export links leave it out.</summary>
    public bool Held { get; private set; }

    private const string HeldQ = "registry.held";

    public HouseholdFilter Filter() => new() { Township = Township, Village = Village, Status = Status, Type = Type, Q = Q };

    public string QueryString(int page) =>
        QueryHelpers(new Dictionary<string, string?>
        {
            ["township"] = Township, ["village"] = Village, ["status"] = Status?.ToString(), ["type"] = Type?.ToString(), ["q"] = Held ? null : Q,
            ["p"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        });

    private static string QueryHelpers(Dictionary<string, string?> values) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("", values.Where(v => !string.IsNullOrEmpty(v.Value)));
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Assets;
using RuralLedger.Web.Features.Contracts;
using RuralLedger.Web.Features.Registry;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Search;

/// <summary>
/// The top bar's search: households (name prefix, citizen ID, household number), assets (code or name) and contracts
/// (number, operator) at once, each through its own list query, so scope and matching are the lists' own.
/// </summary>
public sealed class IndexModel(HouseholdListQuery households, AssetListQuery assets, ContractQueries contracts) : PageModel
{
    public const int PerKind = 20;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public string Term { get; private set; } = "";

    public HouseholdPage Households { get; private set; } = new([], 0, null);

    public AssetPage Assets { get; private set; } = new([], new AssetTotals(0, Money.Zero), 1, PerKind, 1);

    public ContractPage Contracts { get; private set; } = new([], 0, 1, PerKind);

    /// <summary>The search form posts here: a citizen ID is carried to the results in TempData (an encrypted cookie), other terms in the URL.</summary>
    public IActionResult OnPost()
    {
        var term = SearchText.Normalise(Q);
        if (PersonalDataInUrls.MustNotAppearInUrl(term))
        {
            TempData[HeldTerm] = term;
            return Redirect("/search");
        }
        return Redirect(term.Length == 0 ? "/search" : "/search?q=" + Uri.EscapeDataString(term));
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "搜索";
        if (string.IsNullOrWhiteSpace(Q) && TempData[HeldTerm] is string held)
        {
            Q = held;
            Held = true;
        }
        Term = SearchText.Normalise(Q);
        if (Term.Length == 0)
        {
            return;
        }
        Households = await households.RunAsync(new HouseholdFilter { Q = Term, PageSize = PerKind }, ct);
        Assets = await assets.RunAsync(new AssetFilter { Q = Term, PageSize = PerKind }, ct);
        Contracts = await contracts.ListAsync(new ContractFilter { Q = Term, PageSize = PerKind }, ct);
    }

    public string Escaped => Uri.EscapeDataString(Term);

    /// <summary>The term came from TempData (a citizen ID): links must not carry it.</summary>
    public bool Held { get; private set; }

    internal const string HeldTerm = "search.held";
}

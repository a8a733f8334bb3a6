using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RuralLedger.Web.Features.Disclosure;

/// <summary>The boards' index: the counties, or one county's townships and villages (the only county directly).</summary>
[AllowAnonymous]
public sealed class IndexModel(BoardQueries queries) : PageModel
{
    public IReadOnlyList<BoardPlace> Counties { get; private set; } = [];

    public BoardCounty? County { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? county, CancellationToken ct)
    {
        Counties = await queries.CountiesAsync(ct);
        var code = county ?? (Counties.Count == 1 ? Counties[0].Code : null);
        if (code is not null)
        {
            County = await queries.CountyAsync(code, ct);
            if (County is null)
            {
                return NotFound();
            }
        }
        ViewData["Title"] = County?.Name ?? "各县公示栏";
        BoardCache.Apply(HttpContext);
        return Page();
    }
}

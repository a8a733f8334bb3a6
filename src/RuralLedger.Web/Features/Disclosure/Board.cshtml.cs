using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RuralLedger.Web.Features.Disclosure;

/// <summary>One village's board: no form on it (objections have their own page), so it sets no cookie and may be cached.</summary>
[AllowAnonymous]
public sealed class BoardModel(BoardQueries queries) : PageModel
{
    public VillageBoard Board { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string villageCode, CancellationToken ct)
    {
        if (await queries.VillageAsync(villageCode, ct) is not { } board)
        {
            return NotFound();
        }
        Board = board;
        ViewData["Title"] = board.Village.Name;
        BoardCache.Apply(HttpContext);
        return Page();
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Areas;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Disclosure;

/// <summary>The officer's inbox: objections on the plans of their scope still waiting for an answer, and their village boards.</summary>
public sealed class InboxModel(BoardObjections objections, RuralDbContext db) : PageModel
{
    public IReadOnlyList<PendingObjection> Pending { get; private set; } = [];

    /// <summary>The board of the officer's own village, or their county's index.</summary>
    public string BoardHref { get; private set; } = "/public";

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "公示公开";
        Pending = await objections.PendingAsync(ct);
        var scope = db.Access.Scope;
        BoardHref = scope.Kind switch
        {
            ScopeKind.Village => "/public/" + scope.Code!.Value.Value,
            ScopeKind.County or ScopeKind.Township => "/public?county=" + scope.CountyCode,
            _ => "/public",
        };
    }
}

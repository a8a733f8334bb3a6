using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Disclosure;

/// <summary>The officer's inbox: objections on the plans of their scope still waiting for an answer, and their village boards.</summary>
public sealed class InboxModel(BoardObjections objections, RuralDbContext db, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<PendingObjection> Pending { get; private set; } = [];

    public bool CanUnmask { get; private set; }

    /// <summary>Shown once, right after an audited reveal; never kept in the page otherwise.</summary>
    public RevealedObjectionPhone? Revealed { get; private set; }

    /// <summary>The board of the officer's own village, or their county's index.</summary>
    public string BoardHref { get; private set; } = "/public";

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "公示公开";
        CanUnmask = (await authorization.AuthorizeAsync(User, Policies.Unmask)).Succeeded;
        Pending = await objections.PendingAsync(ct);
        var scope = db.Access.Scope;
        BoardHref = scope.Kind switch
        {
            ScopeKind.Village => "/public/" + scope.Code!.Value.Value,
            ScopeKind.County or ScopeKind.Township => "/public?county=" + scope.CountyCode,
            _ => "/public",
        };
    }

    /// <summary>The officer calls the villager back: the full number, audited under the officer's name.</summary>
    public async Task<IActionResult> OnPostRevealPhoneAsync(long planId, long objectionId, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Unmask)).Succeeded)
        {
            return Forbid();
        }
        try
        {
            Revealed = await objections.RevealPhoneAsync(planId, objectionId, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        await OnGetAsync(ct);
        return Page();
    }
}

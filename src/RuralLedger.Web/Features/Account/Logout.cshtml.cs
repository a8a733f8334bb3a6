using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Account;

public sealed class LogoutModel(RuralDbContext db, AuditWriter audit, TimeProvider clock) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Home/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (db.Access.ActorId is { } id)
        {
            await audit.AppendAsync(db, [new AuditRecord(db.Access.Scope.CountyCode is { Length: 6 } c ? c : AuditWriter.SystemChain, "logout", nameof(User), id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null)], ct);
        }
        if (Authentication.SessionIdOf(User) is { } session)
        {
            await Sessions.RevokeAsync(db, session, SessionEnd.SignedOut, clock.GetUtcNow(), ct);
        }
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/login");
    }
}

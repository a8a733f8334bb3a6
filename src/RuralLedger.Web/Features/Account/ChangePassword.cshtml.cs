using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Account;

public sealed class ChangePasswordModel(RuralDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "请输入当前密码。")]
    [DataType(DataType.Password)]
    [Display(Name = "当前密码")]
    public string CurrentPassword { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "请输入新密码。")]
    [DataType(DataType.Password)]
    [Display(Name = "新密码")]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "请再次输入新密码。")]
    [DataType(DataType.Password)]
    [Compare(nameof(NewPassword), ErrorMessage = "两次输入的新密码不一致。")]
    [Display(Name = "确认新密码")]
    public string ConfirmPassword { get; set; } = "";

    public bool Forced => User.HasClaim(RuralClaims.MustChangePassword, "1");

    public void OnGet() => ViewData["Title"] = "修改密码";

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ViewData["Title"] = "修改密码";
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var id = new UserId(db.Access.ActorId!.Value);
        var user = await db.Users.SingleAsync(u => u.Id == id, ct);
        try
        {
            user.ChangePassword(CurrentPassword, NewPassword);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field == "currentPassword" ? nameof(CurrentPassword) : nameof(NewPassword), e.Message);
            return Page();
        }
        await db.SaveChangesAsync(ct);
        // Every other session of the user ends; this one carries the security version, so it gets a fresh cookie.
        var session = Authentication.SessionIdOf(User)!.Value;
        await Sessions.RevokeAllAsync(db, id, SessionEnd.PasswordChanged, clock.GetUtcNow(), except: session, ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Authentication.Principal(user, session));
        TempData["Flash"] = "密码已修改。";
        return Redirect("/");
    }
}

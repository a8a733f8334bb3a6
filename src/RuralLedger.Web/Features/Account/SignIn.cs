using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Account;

/// <summary>Checks a user name and password, counts failures (lockout), audits the attempt and issues the session cookie.</summary>
public sealed class SignInCommands(RuralDbContext db, TimeProvider clock, AuditWriter audit)
{
    public async Task<(SignInOutcome Result, User? User)> SignInAsync(HttpContext http, string userName, string password, CancellationToken ct)
    {
        var name = (userName ?? "").Trim().ToLowerInvariant();
        // Sign-in happens before there is a scope: the one lookup that must see every account.
        var user = await db.Users.IgnoreQueryFilters().SingleOrDefaultAsync(u => u.UserName == name, ct);
        if (user is null)
        {
            PasswordHashing.VerifyDecoy(password ?? "");
            await audit.AppendAsync(db, [new AuditRecord(AuditWriter.SystemChain, "login_failed", nameof(User), "?", null, Json.Object(("userName", name), ("reason", "unknown_user")))], ct);
            return (SignInOutcome.WrongPassword, null);
        }
        var now = clock.GetUtcNow();
        var result = user.SignIn(password ?? "", now);
        if (result is SignInOutcome.Success or SignInOutcome.MustChangePassword)
        {
            db.Access.SignedIn(user.Id.Value, user.UserName, user.Role, user.Scope, user.BankName);
            var session = Sessions.Start(db, http, user, now);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, [new AuditRecord(user.CountyCode, "login", nameof(User), user.Id.ToString(), null, null)], ct);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Authentication.Principal(user, session.Id),
                new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        }
        else
        {
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, [new AuditRecord(user.CountyCode, "login_failed", nameof(User), user.Id.ToString(), null, Json.Object(("reason", result.ToString())))], ct);
        }
        return (result, user);
    }

    public static string Message(SignInOutcome result) => result switch
    {
        SignInOutcome.Success or SignInOutcome.MustChangePassword => "",
        SignInOutcome.WrongPassword => "用户名或密码不正确。连续输错 5 次将锁定 15 分钟。",
        SignInOutcome.LockedOut => "账户已因多次输错密码被锁定，请 15 分钟后再试，或联系管理员解锁。",
        SignInOutcome.Inactive => "账户已停用，请联系县级管理员。",
    };
}

using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Data;

namespace RuralLedger.Web.Infrastructure;

internal static class Policies
{
    public const string EditRegistry = "registry.edit";
    public const string Unmask = "pii.unmask";
    public const string ManageUsers = "users.manage";
    public const string ReadAudit = "audit.read";

    /// <summary>Keep asset ledgers, rights, contracts, receipts, files and propose disposals (within the caller's scope).</summary>
    public const string EditAssets = "assets.edit";

    /// <summary>Fund sources, projects and their acceptance; issuing, reissuing and revoking certificates (county bureau).</summary>
    public const string ManageProjects = "projects.manage";

    /// <summary>A township's approval step (disposals, later distribution plans).</summary>
    public const string ApproveTownship = "approve.township";

    /// <summary>A county approval step (disposals).</summary>
    public const string ApproveCounty = "approve.county";

    /// <summary>Record inspections and findings, check rectifications, run and tune the anomaly rules (supervisors write only these).</summary>
    public const string Inspect = "supervision.inspect";

    /// <summary>Close a warning with a note: its owners (village, township, county) and the inspectors.</summary>
    public const string HandleWarnings = "supervision.warnings";
}

internal static class RuralClaims
{
    public const string UserId = "rl:uid";
    public const string Scope = "rl:scope";
    public const string Bank = "rl:bank";
    public const string BankCode = "rl:bankcode";
    public const string SecurityVersion = "rl:sv";
    public const string SessionId = "rl:sid";
    public const string MustChangePassword = "rl:mcp";
}

/// <summary>
/// Cookie sign-in with a 30-minute idle timeout; every page and endpoint requires a signed-in user unless it is
/// marked anonymous. The signed-in user becomes the request's <see cref="AccessContext"/>, which the data layer
/// uses to scope every query.
/// </summary>
internal static class Authentication
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    public static IServiceCollection AddRuralAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(ApiTokens.Selector).AddCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/forbidden";
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.Cookie.Name = "rl.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized, "auth.required", "请先登录。");
            o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden, "auth.forbidden", "您的角色无权进行此操作。");
            o.Events.OnValidatePrincipal = ValidateAsync;
        }).AddApiTokens();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.EditRegistry, p => p.RequireRole(Roles.CountyAdmin, Roles.CountyStaff, Roles.TownshipOfficer, Roles.VillageOfficer))
            .AddPolicy(Policies.Unmask, p => p.RequireRole(Roles.CountyAdmin, Roles.CountyStaff, Roles.VillageOfficer, Roles.BankOfficer))
            .AddPolicy(Policies.ManageUsers, p => p.RequireRole(Roles.CountyAdmin))
            .AddPolicy(Policies.ReadAudit, p => p.RequireRole(Roles.CountyAdmin, Roles.Supervisor))
            .AddPolicy(Policies.EditAssets, p => p.RequireRole(Roles.CountyAdmin, Roles.CountyStaff, Roles.TownshipOfficer, Roles.VillageOfficer))
            .AddPolicy(Policies.ManageProjects, p => p.RequireRole(Roles.CountyAdmin, Roles.CountyStaff))
            .AddPolicy(Policies.ApproveTownship, p => p.RequireRole(Roles.TownshipOfficer))
            .AddPolicy(Policies.ApproveCounty, p => p.RequireRole(Roles.CountyAdmin, Roles.CountyStaff))
            .AddPolicy(Policies.Inspect, p => p.RequireRole(Roles.Supervisor, Roles.CountyAdmin, Roles.CountyStaff, Roles.TownshipOfficer))
            .AddPolicy(Policies.HandleWarnings, p => p.RequireRole(Roles.Supervisor, Roles.CountyAdmin, Roles.CountyStaff, Roles.TownshipOfficer, Roles.VillageOfficer));
        return services;
    }

    public static ClaimsPrincipal Principal(User user, long sessionId)
    {
        var claims = AccountClaims(user);
        claims.Add(new Claim(RuralClaims.SecurityVersion, user.SecurityVersion.ToString(CultureInfo.InvariantCulture)));
        claims.Add(new Claim(RuralClaims.SessionId, sessionId.ToString(CultureInfo.InvariantCulture)));
        if (user.MustChangePassword)
        {
            claims.Add(new Claim(RuralClaims.MustChangePassword, "1"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>Who the account is and what it may see: the same for a session and an API token (decision 0032).</summary>
    public static List<Claim> AccountClaims(User user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.GivenName, user.DisplayName),
            new(ClaimTypes.Role, user.Role.ToString()),
            new(RuralClaims.UserId, user.Id.ToString()),
            new(RuralClaims.Scope, user.ScopeCode.Value),
        };
        if (user.BankName is not null)
        {
            claims.Add(new Claim(RuralClaims.Bank, user.BankName));
        }
        if (user.BankCode is not null)
        {
            claims.Add(new Claim(RuralClaims.BankCode, user.BankCode));
        }
        return claims;
    }

    /// <summary>Fills the request's AccessContext from the signed-in user, before any endpoint runs.</summary>
    public static IApplicationBuilder UseAccessContext(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var access = http.RequestServices.GetRequiredService<AccessContext>();
        access.RequestId = http.TraceIdentifier;
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true
            && long.TryParse(user.FindFirstValue(RuralClaims.UserId), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && Enum.TryParse<Role>(user.FindFirstValue(ClaimTypes.Role), out var role)
            && DivisionCode.TryParse(user.FindFirstValue(RuralClaims.Scope), out var scope, out _))
        {
            access.SignedIn(id, user.Identity.Name!, role, AreaScope.Of(scope), user.FindFirstValue(RuralClaims.Bank), user.FindFirstValue(RuralClaims.BankCode));
            if (user.HasClaim(RuralClaims.MustChangePassword, "1") && !AllowedBeforePasswordChange(http.Request.Path))
            {
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    await WriteProblemAsync(http, StatusCodes.Status403Forbidden, "account.password_change_required", "首次登录须先修改密码。");
                    return;
                }
                http.Response.Redirect("/account/password");
                return;
            }
        }
        await next();
    });

    private static bool AllowedBeforePasswordChange(PathString path) =>
        path.StartsWithSegments("/account/password") || path.StartsWithSegments("/logout") || path.StartsWithSegments("/lib") || path.StartsWithSegments("/css");

    /// <summary>The session id the request's cookie carries, if any.</summary>
    public static long? SessionIdOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(RuralClaims.SessionId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>
    /// Every request with a cookie reads its session row and its user (one indexed join, no cache): a revoked session,
    /// a deactivated account or a changed security version is refused on the very next request. A cookie without a
    /// session id (issued before sessions were recorded) is refused too.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var principal = ctx.Principal!;
        if (!long.TryParse(principal.FindFirstValue(RuralClaims.UserId), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || SessionIdOf(principal) is not { } sessionId)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        var services = ctx.HttpContext.RequestServices;
        var db = services.GetRequiredService<RuralDbContext>();
        var userId = new UserId(id);
        var state = await (
                from s in db.UserSessions.AsNoTracking()
                join u in db.Users.IgnoreQueryFilters() on s.UserId equals u.Id
                where s.Id == sessionId && s.UserId == userId
                select new { s.RevokedAt, s.LastSeenAt, u.Active, u.SecurityVersion })
            .SingleOrDefaultAsync(ctx.HttpContext.RequestAborted);
        if (state is null || state.RevokedAt is not null || !state.Active
            || state.SecurityVersion.ToString(CultureInfo.InvariantCulture) != principal.FindFirstValue(RuralClaims.SecurityVersion))
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (now - state.LastSeenAt >= UserSession.SeenGranularity)
        {
            // Bypasses the audit interceptor on purpose: "still here" is not a change anyone audits.
            await db.UserSessions.Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ctx.HttpContext.RequestAborted);
        }
    }

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> ctx, int status, string code, string detail)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            return WriteProblemAsync(ctx.HttpContext, status, code, detail);
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    internal static async Task WriteProblemAsync(HttpContext http, int status, string code, string detail)
    {
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        var problem = new ProblemDetails { Status = status, Title = ErrorHandling.TitleFor(status), Detail = detail };
        problem.Extensions["code"] = code;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}

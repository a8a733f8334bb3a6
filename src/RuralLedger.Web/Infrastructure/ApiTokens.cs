using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// <c>Authorization: Bearer rlt_…</c> for programs (decision 0032). A request carrying a bearer header is
/// authenticated by its token alone — never by a cookie riding along — and only under /api: pages are for people,
/// who sign in. The token acts as its account, read on every request (no cache), so a revocation, an expiry, a
/// deactivated account or a changed role or scope applies to the very next call. Each token has its own request
/// budget per minute (<see cref="ApiToken.PermitsPerMinute"/>).
/// </summary>
internal static class ApiTokens
{
    public const string Scheme = "ApiToken";
    public const string Selector = "CookieOrToken";

    private const string FailureKey = "rl:token-failure";

    /// <summary>The token id a bearer request was authenticated with; absent for cookie requests.</summary>
    public const string TokenIdClaim = "rl:tid";

    private const string PermitsClaim = "rl:tpm";

    public static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    public static AuthenticationBuilder AddApiTokens(this AuthenticationBuilder auth)
    {
        auth.AddPolicyScheme(Selector, "Cookie or API token", o =>
            o.ForwardDefaultSelector = http => IsBearer(http.Request) ? Scheme : CookieAuthenticationDefaults.AuthenticationScheme);
        auth.AddScheme<AuthenticationSchemeOptions, Handler>(Scheme, null);
        auth.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, long>(http =>
                TokenOf(http.User) is { } t
                    ? RateLimitPartition.GetFixedWindowLimiter(t.Id, _ => new FixedWindowRateLimiterOptions { PermitLimit = t.Permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(0L));
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                if (TokenOf(http.User) is not { } t)
                {
                    return;
                }
                http.Response.Headers.RetryAfter = "60";
                await Authentication.WriteProblemAsync(http, StatusCodes.Status429TooManyRequests, "auth.rate_limited",
                    $"该令牌每分钟最多 {t.Permits} 个请求，请稍后再试。");
            };
        });
        return auth;
    }

    public static ClaimsPrincipal Principal(User user, ApiToken token)
    {
        var claims = Authentication.AccountClaims(user);
        claims.Add(new Claim(TokenIdClaim, token.Id.ToString(CultureInfo.InvariantCulture)));
        claims.Add(new Claim(PermitsClaim, token.PermitsPerMinute.ToString(CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    private static (long Id, int Permits)? TokenOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(TokenIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && int.TryParse(user.FindFirstValue(PermitsClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var permits)
            ? (id, permits)
            : null;

    private sealed class Handler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!IsBearer(Request))
            {
                return AuthenticateResult.NoResult();
            }
            if (!Request.Path.StartsWithSegments("/api"))
            {
                return Refuse("auth.bearer_api_only", "令牌只能用于 /api 接口；使用网页请登录。");
            }
            if (!ApiToken.TryParse(Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim(), out var id, out var secret))
            {
                return Refuse("auth.token_invalid", "令牌无效。");
            }
            var db = Context.RequestServices.GetRequiredService<RuralDbContext>();
            var found = await (
                    from t in db.ApiTokens.AsNoTracking()
                    join u in db.Users.IgnoreQueryFilters().AsNoTracking() on t.UserId equals u.Id
                    where t.Id == id
                    select new { Token = t, User = u })
                .SingleOrDefaultAsync(Context.RequestAborted);
            if (found is null || !found.Token.Matches(secret))
            {
                return Refuse("auth.token_invalid", "令牌无效。");
            }
            var token = found.Token;
            var clock = Context.RequestServices.GetRequiredService<TimeProvider>();
            if (token.RevokedAt is not null)
            {
                return Refuse("auth.token_revoked", "该令牌已被吊销，请向县级管理员申请新令牌。");
            }
            if (token.IsExpired(BusinessCalendar.Today(clock)))
            {
                return Refuse("auth.token_expired", $"该令牌已于 {BusinessCalendar.Format(token.ExpiresOn)} 到期，请向县级管理员申请新令牌。");
            }
            if (!found.User.Active)
            {
                return Refuse("auth.token_account_inactive", "该令牌所属账户已停用。");
            }
            var now = clock.GetUtcNow();
            if (token.LastUsedAt is not { } last || now - last >= ApiToken.UseGranularity)
            {
                // Outside the audit trail on purpose, as a session's "last seen": use is not a change.
                var ip = Context.Connection.RemoteIpAddress?.ToString();
                // The row is sealed (decision 0031): the statement past EF is re-sealed in its own transaction.
                await using var tx = await db.Database.BeginTransactionAsync(Context.RequestAborted);
                await db.ApiTokens.Where(t => t.Id == id)
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now).SetProperty(t => t.LastUsedIp, ip), Context.RequestAborted);
                await RuralLedger.Data.Sealing.RowSeals.ResealAsync(db, "api_tokens", [id], Context.RequestAborted);
                await tx.CommitAsync(Context.RequestAborted);
            }
            return AuthenticateResult.Success(new AuthenticationTicket(Principal(found.User, token), ApiTokens.Scheme));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            var (code, detail) = Context.Items[FailureKey] as (string, string)? ?? ("auth.required", "请先登录或提供有效令牌。");
            Response.Headers.WWWAuthenticate = "Bearer";
            return Authentication.WriteProblemAsync(Context, StatusCodes.Status401Unauthorized, code, detail);
        }

        protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
            Authentication.WriteProblemAsync(Context, StatusCodes.Status403Forbidden, "auth.forbidden", "该令牌所属账户的角色无权进行此操作。");

        private AuthenticateResult Refuse(string code, string detail)
        {
            Context.Items[FailureKey] = (code, detail);
            return AuthenticateResult.Fail(code);
        }
    }
}

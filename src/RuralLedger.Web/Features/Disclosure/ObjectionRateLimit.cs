using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Disclosure;

/// <summary>
/// Objections filed per client address and window (Disclosure:ObjectionPermits per ObjectionWindowMinutes), for the
/// page form and the API together; reading the form is never limited. The board needs no sign-in, so this is what
/// keeps one address from flooding a village's inbox.
/// </summary>
internal sealed class ObjectionRateLimit(IOptions<DisclosureOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "board-objections";

    private TimeSpan Window => TimeSpan.FromMinutes(Math.Max(1, options.Value.ObjectionWindowMinutes));

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (HttpMethods.IsGet(httpContext.Request.Method) || HttpMethods.IsHead(httpContext.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("read");
        }
        return RateLimitPartition.GetFixedWindowLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.ObjectionPermits),
            Window = Window,
            QueueLimit = 0,
        });
    }

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var minutes = (int)Window.TotalMinutes;
        var detail = $"提交过于频繁，请 {minutes} 分钟后再试。";
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: ErrorHandling.TitleFor(429), detail: detail,
                extensions: new Dictionary<string, object?> { ["code"] = "too_many_requests" }).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>提交过于频繁</title></head><body><p id=\"too-many\">" + detail + "</p><p><a href=\"/public\">返回公示栏</a></p></body></html>", ct);
    }
}

namespace RuralLedger.Web.Infrastructure;

/// <summary>Conservative headers on every response: no framing, no sniffing, same-origin resources only, no caching of a signed-in user's pages.</summary>
internal static class SecurityHeaders
{
    private const string StrictPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self' data:; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    // The API reference page (Scalar) bootstraps itself with an inline script and inline styles.
    private const string ApiReferencePolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; font-src 'self' data:; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            // The usage-inspection form records where the inspector stood, from the phone, when the inspector allows it.
            headers["Permissions-Policy"] = context.Request.Path.StartsWithSegments("/credit/loan-inspections")
                ? "camera=(), microphone=(), geolocation=(self), payment=()"
                : "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Content-Security-Policy"] = context.Request.Path.StartsWithSegments("/scalar") ? ApiReferencePolicy : StrictPolicy;
            // What a signed-in user is shown is theirs alone (names, revealed IDs and accounts): no shared or disk cache
            // keeps it. Static files are served before sign-in is read and keep their own caching.
            if (context.User.Identity?.IsAuthenticated == true && !headers.ContainsKey("Cache-Control"))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        await next();
    });
}

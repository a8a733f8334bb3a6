using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Disclosure;

/// <summary>Public disclosure (公示公开): the village notice boards without sign-in, villagers' objections, the printable notice.</summary>
internal static class DisclosureModule
{
    public static IServiceCollection AddDisclosure(this IServiceCollection services)
    {
        services.AddOptions<DisclosureOptions>().BindConfiguration(DisclosureOptions.Section);
        services.AddScoped<BoardQueries>();
        services.AddScoped<BoardObjections>();
        services.AddSingleton<NoticePdf>();
        services.AddRateLimiter(o => o.AddPolicy<string, ObjectionRateLimit>(ObjectionRateLimit.Name));
        return services;
    }

    public static IEndpointRouteBuilder MapDisclosure(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/public/notices/{planId:long}/objections", async (long planId, BoardObjectionInput input, BoardObjections objections, CancellationToken ct) =>
            {
                var id = await objections.FileAsync(planId, input, ct);
                return TypedResults.Created($"/api/public/notices/{planId}/objections/{id}", new Infrastructure.Created(id));
            })
            .AllowAnonymous()
            .RequireRateLimiting(ObjectionRateLimit.Name)
            .WithTags("公示公开")
            .WithName("FileBoardObjection")
            .WithSummary("村民对公示提出异议（无需登录）")
            .WithDescription("只能在公示期内、方案仍处于公示阶段时提出。name 与 content 必填，phone 可不填（加密保存，不公开）。"
                + "每个来源地址在 Disclosure:ObjectionWindowMinutes 分钟内限 Disclosure:ObjectionPermits 次，超出返回 429 too_many_requests。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        app.MapPost("/api/plans/{planId:long}/objections/{objectionId:long}/reveal-phone",
                (long planId, long objectionId, BoardObjections objections, CancellationToken ct) => objections.RevealPhoneAsync(planId, objectionId, ct))
            .RequireAuthorization(Policies.Unmask)
            .WithTags("公示公开")
            .WithName("RevealObjectionPhone")
            .WithSummary("查看异议提出人的完整电话（记入审计日志；未留电话的为 null）")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/public/{villageCode}/notices/{planId:long}/pdf", PdfAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The printable notice: public data only, so no sign-in; cached like the board it mirrors.</summary>
    private static async Task<Results<FileContentHttpResult, NotFound>> PdfAsync(string villageCode, long planId, HttpContext http,
        BoardQueries queries, NoticePdf pdf, CancellationToken ct)
    {
        if (await queries.NoticeAsync(villageCode, planId, ct) is not var (village, notice))
        {
            return TypedResults.NotFound();
        }
        BoardCache.Apply(http);
        var bytes = pdf.Render(village, notice, pdf.NoticeUrl(village.Code, notice.Id, http.Request));
        return TypedResults.File(bytes, "application/pdf", string.Create(CultureInfo.InvariantCulture, $"公示-{notice.Number}.pdf"));
    }
}

/// <summary>Anonymous board responses may be kept briefly by browsers and proxies; a signed-in user's never are (SecurityHeaders).</summary>
internal static class BoardCache
{
    public static void Apply(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.User.Identity?.IsAuthenticated == true)
        {
            return;
        }
        var seconds = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<DisclosureOptions>>().Value.CacheSeconds;
        http.Response.Headers.CacheControl = seconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"public, max-age={seconds}") : "no-cache";
    }
}

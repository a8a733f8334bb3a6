using Microsoft.AspNetCore.Http.HttpResults;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Admin.Tokens;

internal static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tokens").WithTags("用户与权限").RequireAuthorization(Policies.ManageUsers);

        api.MapGet("/", (TokenCommands tokens, CancellationToken ct) => tokens.ListAsync(ct))
            .WithName("ListApiTokens")
            .WithSummary("本县账户的接口令牌（不含令牌本身）")
            .WithDescription("状态：有效、已到期、已吊销、账户已停用；含最近使用时间与 IP。");

        api.MapPost("/", async Task<Created<TokenIssued>> (TokenInput input, TokenCommands tokens, HttpContext http, CancellationToken ct) =>
            {
                var issued = await tokens.CreateAsync(input, ct);
                // The token is in this answer only: no cache keeps it, and an Idempotency-Key retry does not repeat it.
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Created($"/api/tokens/{issued.Id}", issued);
            })
            .WithName("CreateApiToken")
            .WithSummary("为服务账户签发接口令牌（令牌只在此响应中出现一次）")
            .WithDescription("令牌按所属账户的角色、区划范围和银行取数；expiresOn 为最后有效日（一年以内），permitsPerMinute 为每分钟请求上限（默认 600）。"
                             + "服务器只保存令牌密钥的 SHA-256 摘要，遗失后只能吊销并重新签发。")
            .ProducesValidationProblem();

        api.MapPost("/{id:long}/revoke", async (long id, TokenRevocation input, TokenCommands tokens, CancellationToken ct) =>
            {
                await tokens.RevokeAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("RevokeApiToken")
            .WithSummary("吊销接口令牌（不可恢复，须填写原因）")
            .WithDescription("吊销后该令牌的下一个请求即为 401 auth.token_revoked。重复吊销为 409 tokens.revoked。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static IServiceCollection AddTokens(this IServiceCollection services) => services.AddScoped<TokenCommands>();
}

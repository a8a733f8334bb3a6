using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RuralLedger.Web.Infrastructure;

/// <summary>The OpenAPI document says how a program signs its calls and how it retries them safely (decision 0032).</summary>
internal static class ApiAccessDocument
{
    public const string SchemeName = "Bearer";

    public static OpenApiOptions AddApiAccess(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "rlt_<id>_<secret>",
                Description = "县级管理员在“接口令牌”页为服务账户签发的令牌，只显示一次；以 Authorization: Bearer <令牌> 调用 /api。"
                              + "令牌按所属账户的角色、区划范围和银行取数；吊销或到期后为 401（code 为 auth.token_revoked / auth.token_expired），"
                              + "超过每分钟请求上限为 429（auth.rate_limited）。浏览器用户以登录后的 Cookie 调用。",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var description = context.Description;
            if (string.Equals(description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)
                && description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = Idempotency.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "可选。同一账户 24 小时内用同一个键（建议 UUID）重发同一请求，返回首次的状态与响应体（响应头 Idempotency-Replayed: true），不重复执行；"
                                  + "同一个键配不同请求为 422 idempotency.mismatch；首次请求仍在处理时为 409 idempotency.in_progress。",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 100 },
                });
            }
            return Task.CompletedTask;
        });
        return options;
    }
}

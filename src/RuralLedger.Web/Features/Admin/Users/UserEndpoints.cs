using Microsoft.AspNetCore.Http.HttpResults;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Admin.Users;

internal static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("用户与权限").RequireAuthorization(Policies.ManageUsers);

        api.MapGet("/", ([AsParameters] UserFilter filter, UserCommands users, CancellationToken ct) => users.ListAsync(filter, ct))
            .WithName("ListUsers")
            .WithSummary("本县用户列表")
            .WithDescription("仅县级管理员可用；只列出本县的账户。role 按角色筛选，q 为用户名或姓名的一部分。");

        api.MapGet("/{id:long}", (long id, UserCommands users, CancellationToken ct) => users.GetAsync(id, ct))
            .WithName("GetUser")
            .WithSummary("用户详情")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/", async Task<Created<TemporaryPasswordIssued>> (UserInput input, UserCommands users, HttpContext http, CancellationToken ct) =>
            {
                var issued = await users.CreateAsync(input, ct);
                NoStore(http);
                return TypedResults.Created($"/api/users/{issued.Id}", issued);
            })
            .WithName("CreateUser")
            .WithSummary("新建用户（返回一次性临时密码）")
            .WithDescription("权限范围须为本县内与角色相应层级的区划：县级角色为县，乡镇干部为乡镇，村干部为行政村；银行经办人员须填写所属银行。" +
                             "临时密码只在此响应中出现一次，用户首次登录须修改。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/{id:long}", async (long id, UserUpdate input, UserCommands users, CancellationToken ct) =>
            {
                await users.UpdateAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .WithName("UpdateUser")
            .WithSummary("修改用户（姓名、角色、权限范围、所属银行、启用状态）")
            .WithDescription("active 为 null 表示不变。更改角色、权限范围或停用账户后，该用户已登录的会话立即失效。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{id:long}/reset-password", async (long id, UserCommands users, HttpContext http, CancellationToken ct) =>
            {
                var issued = await users.ResetPasswordAsync(id, ct);
                NoStore(http);
                return TypedResults.Ok(issued);
            })
            .WithName("ResetUserPassword")
            .WithSummary("重置密码（返回一次性临时密码）")
            .WithDescription("同时解除锁定并使该用户的会话失效；用户下次登录须修改密码。")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{id:long}/unlock", async (long id, UserCommands users, CancellationToken ct) =>
            {
                await users.UnlockAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithName("UnlockUser")
            .WithSummary("解除因连续输错密码造成的锁定")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:long}/sessions", (long id, UserCommands users, CancellationToken ct) => users.SessionsAsync(id, ct))
            .WithName("ListUserSessions")
            .WithSummary("该用户最近 50 个会话（登录时间、最近活动、IP、浏览器、是否已结束）")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{id:long}/sessions/{sessionId:long}/revoke", async (long id, long sessionId, UserCommands users, CancellationToken ct) =>
            {
                await users.RevokeSessionAsync(id, sessionId, ct);
                return TypedResults.NoContent();
            })
            .WithName("RevokeUserSession")
            .WithSummary("结束该用户的一个会话（强制下线）")
            .WithDescription("该会话的下一个请求即被拒绝（须重新登录）。结束已结束的会话不改变任何记录。")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>A response carrying a temporary password must not be kept by any cache.</summary>
    internal static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}

using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Audit;

internal static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("审计日志").RequireAuthorization(Policies.ReadAudit);

        api.MapGet("/", ([AsParameters] AuditFilter filter, AuditLogQuery log, CancellationToken ct) => log.ListAsync(filter, ct))
            .WithName("ListAuditEntries")
            .WithSummary("审计日志（新的在前）")
            .WithDescription("县级管理员与纪检审计人员可用，只含本县的哈希链（县级管理员另含系统链 000000：未知用户名的登录失败）。" +
                             "按操作人 actor（用户名）、记录 entityType + entityId、动作 action、日期 from/to（yyyy-MM-dd，北京时间，含两端）、链 chain 筛选；" +
                             "按 id 游标分页：下一页传 before=nextBefore。")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/verify", (AuditLogQuery log, CancellationToken ct) => log.VerifyAsync(ct))
            .WithName("VerifyAuditChain")
            .WithSummary("校验哈希链")
            .WithDescription("逐条重算调用者可读的各条链的哈希，报告链头或第一条被修改、删除或调换顺序的记录。");
    }
}

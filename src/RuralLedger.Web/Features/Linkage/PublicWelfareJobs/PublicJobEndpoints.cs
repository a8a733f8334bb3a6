using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.PublicWelfareJobs;

internal static class PublicJobEndpoints
{
    public static void MapPublicJobEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/public-jobs").WithTags("利益联结");

        api.MapGet("/", (string? village, int? year, PublicJobCommands jobs, CancellationToken ct) => jobs.ListAsync(village, year, ct))
            .WithName("ListPublicJobs")
            .WithSummary($"公益岗位列表（可按行政村、年度筛选；年度指任职期与该年有交集；最多 {PublicJobCommands.Limit} 条）");

        api.MapPost("/", async (PublicJobInput input, PublicJobCommands jobs, CancellationToken ct) =>
            {
                var id = await jobs.RegisterAsync(input, ct);
                return TypedResults.Created($"/api/public-jobs/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("RegisterPublicJob")
            .WithSummary("登记公益岗位（按户编号在本辖区查户，成员按 ID 或姓名；月工资单位元；同一成员任职期间不能重叠，否则 409 jobs.overlap）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/end", async (long id, EndJobInput input, PublicJobCommands jobs, CancellationToken ct) =>
            {
                await jobs.EndAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("EndPublicJob")
            .WithSummary("离岗（离岗日期不早于上岗日期；已离岗的不能再次结束，409 jobs.ended）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

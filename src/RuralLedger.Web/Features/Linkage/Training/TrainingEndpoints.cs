using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Training;

internal static class TrainingEndpoints
{
    public static void MapTrainingEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/linkage/training").WithTags("利益联结");

        api.MapGet("/", (int year, TrainingCommands c, CancellationToken ct) => c.ListAsync(year, ct))
            .WithName("ListTrainingSessions")
            .WithSummary("技能培训班列表（本辖区，按年度）");

        api.MapGet("/totals", (int year, TrainingCommands c, CancellationToken ct) => c.TotalsAsync(year, ct))
            .WithName("TrainingTotals")
            .WithSummary("年度培训汇总：期数、人次（到课）、户数、结业与发证人数，按培训内容")
            .ProducesValidationProblem();

        api.MapGet("/{id:long}", (long id, TrainingCommands c, CancellationToken ct) => c.GetAsync(id, ct))
            .WithName("GetTrainingSession")
            .WithSummary("培训班详情与参训人员")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/", async (TrainingInput input, TrainingCommands c, CancellationToken ct) =>
            {
                var id = await c.CreateAsync(input, ct);
                return TypedResults.Created($"/api/linkage/training/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("CreateTrainingSession")
            .WithSummary("登记培训班（参训人员按户编号与姓名从一户一档中查找）")
            .ProducesValidationProblem();

        api.MapPost("/{id:long}/results", async (long id, TrainingResultsInput input, TrainingCommands c, CancellationToken ct) =>
            {
                await c.RecordResultsAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("RecordTrainingResults")
            .WithSummary("登记到课、结业与证书编号（结业须到课，证书须结业；须带读取时的版本）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

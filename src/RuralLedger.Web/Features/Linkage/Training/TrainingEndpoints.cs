using RuralLedger.Web.Features.Registry.Excel;
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

        api.MapGet("/export", async (int year, TrainingCommands c, CancellationToken ct) =>
            {
                var (content, name) = await c.ExportAsync(year, ct);
                return TypedResults.File(content, RegistryExcel.XlsxContentType, name);
            })
            .WithName("ExportTrainingSessions")
            .WithSummary("导出年度技能培训台账（xlsx，每班每人一行）")
            .Produces(StatusCodes.Status200OK, contentType: RegistryExcel.XlsxContentType);

        api.MapGet("/import/template", async (CancellationToken ct) => TypedResults.File(await TrainingImport.TemplateAsync(ct), RegistryExcel.XlsxContentType, "参训人员导入模板.xlsx"))
            .WithName("TrainingImportTemplate")
            .WithSummary("下载参训人员导入模板（xlsx）")
            .Produces(StatusCodes.Status200OK, contentType: RegistryExcel.XlsxContentType);

        api.MapPost("/{id:long}/import", async (long id, HttpRequest request, TrainingCommands training, ImportFileStore store, TrainingImport import, CancellationToken ct) =>
            {
                await training.GetAsync(id, ct);
                var file = await LinkageSheet.FileAsync(request, "training", ct);
                return LinkageSheet.Answer(await LinkageSheet.PreviewAsync(store, file, (f, t) => import.PreviewAsync(id, f, t), ct), "参训人员表", "training");
            })
            .RequireAuthorization(Policies.EditRegistry)
            .DisableAntiforgery()
            .WithName("PreviewTrainingImport")
            .WithSummary("预览参训人员表导入（户编号、姓名、到课、结业、证书编号；新成员加入名单，已在名单的更新结果；逐行逐列报错；无错误返回确认令牌）")
            .Produces<LinkageImportResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{id:long}/import/{token}/confirm", async (long id, string token, ImportFileStore store, TrainingImport import, CancellationToken ct) =>
                LinkageSheet.Answer(await LinkageSheet.ConfirmAsync(store, token, (f, t) => import.ImportAsync(id, f, t), ct), "参训人员表", "training"))
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("ConfirmTrainingImport")
            .WithSummary("确认导入参训人员表（重新校验，全部写入或全不写入；重复导入不改变任何数据；培训班被他人修改时 409 training.stale）")
            .Produces<LinkageImportResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

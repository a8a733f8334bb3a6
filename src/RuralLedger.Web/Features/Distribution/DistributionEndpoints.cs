using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Distribution;

internal static class DistributionEndpoints
{
    public static void MapDistributionEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/plans").WithTags("收益分配");

        api.MapGet("/", (string? village, int? year, DistributionQueries q, CancellationToken ct) => q.ListAsync(village, year, ct))
            .WithName("ListPlans").WithSummary("分配方案列表");
        api.MapGet("/{id:long}", (long id, DistributionQueries q, CancellationToken ct) => q.DetailAsync(id, ct))
            .WithName("GetPlan").WithSummary("分配方案详情（各部分、各户金额及其计算说明、会议、公示、异议、审批、代发批次、记账分录）")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/", async (PlanInput input, PlanCommands plans, CancellationToken ct) =>
            {
                var id = await plans.BuildAsync(input, ct);
                return TypedResults.Created($"/api/plans/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.EditAssets).WithName("BuildPlan")
            .WithSummary("测算分配方案：按规则与冻结日名单，将该村该年度待分配收益精确到分")
            .ProducesValidationProblem();
        api.MapPost("/{id:long}/meeting", async (long id, MeetingInput input, PlanCommands plans, CancellationToken ct) =>
            {
                await plans.RecordMeetingAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets).WithName("RecordPlanMeeting").WithSummary("记录四议会议（实到≥2/3，赞成>1/2）");
        api.MapPost("/{id:long}/notice", async (long id, NoticeInput input, PlanCommands plans, CancellationToken ct) =>
            {
                await plans.PublishNoticeAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets).WithName("PublishPlanNotice").WithSummary("公示（不少于 7 天）");
        api.MapPost("/{id:long}/objections", async (long id, ObjectionInput input, PlanCommands plans, CancellationToken ct) =>
            {
                var oid = await plans.FileObjectionAsync(id, input, ct);
                return TypedResults.Created($"/api/plans/{id}", new Created(oid));
            })
            .RequireAuthorization(Policies.EditAssets).WithName("FileObjection").WithSummary("登记公示期异议");
        api.MapPost("/{id:long}/objections/{objectionId:long}/answer", async (long id, long objectionId, AnswerInput input, PlanCommands plans, CancellationToken ct) =>
            {
                await plans.AnswerObjectionAsync(id, objectionId, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets).WithName("AnswerObjection").WithSummary("答复异议");
        api.MapPost("/{id:long}/approve", (long id, ApprovalInput input, PlanCommands plans, CancellationToken ct) => plans.ApproveAsync(id, input, ct))
            .RequireAuthorization(Policies.ApproveTownship).WithName("ApprovePlan")
            .WithSummary("乡镇审批（公示期满且异议均已答复；重复提交 409 plans.stale，状态不符 409 plans.bad_step）");
        api.MapPost("/{id:long}/return", async (long id, PlanReasonInput input, PlanCommands plans, CancellationToken ct) =>
            {
                await plans.ReturnAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ApproveTownship).WithName("ReturnPlan")
            .WithSummary("乡镇退回（须说明理由；方案回到“已测算”，村重新召开会议并公示）").ProducesValidationProblem();
        api.MapPost("/{id:long}/discard", async (long id, PlanReasonInput input, PlanCommands plans, CancellationToken ct) =>
            {
                await plans.DiscardAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets).WithName("DiscardPlan")
            .WithSummary("作废测算有误的方案（会议前；须说明原因；其收益可重新测算）").ProducesValidationProblem();
        api.MapPost("/{id:long}/post", (long id, PlanCommands plans, CancellationToken ct) => plans.PostAsync(id, ct))
            .RequireAuthorization(Policies.EditAssets).WithName("PostPlan")
            .WithSummary("记账（一个事务；重复提交、并发提交只记一次，其余 409 plans.bad_step）");
        api.MapPost("/{id:long}/reverse", async (long id, ReversalInput input, PlanCommands plans, CancellationToken ct) =>
            {
                var rid = await plans.ReverseAsync(id, input, ct);
                return TypedResults.Created($"/api/plans/{rid}", new Created(rid));
            })
            .RequireAuthorization(Policies.ApproveCounty).WithName("ReversePlan").WithSummary("生成冲销方案（已记账方案不修改，以冲销更正）");
        api.MapPost("/{id:long}/batches", (long id, PaymentCommands payments, CancellationToken ct) => payments.CreateBatchAsync(id, ct))
            .RequireAuthorization(Policies.EditAssets).WithName("CreatePaymentBatch")
            .WithSummary("生成代发批次（待发放及发放失败的户）");

        app.MapGet("/api/batches/{id:long}/file", async (long id, BankFileFormat? format, PaymentCommands payments, CancellationToken ct) =>
            {
                var (content, name, type) = await payments.BankFileAsync(id, format ?? BankFileFormat.Xlsx, ct);
                return TypedResults.File(content, type, name);
            })
            .WithTags("收益分配").RequireAuthorization(Policies.EditAssets).WithName("DownloadBankFile")
            .WithSummary("下载银行代发文件（xlsx 或 csv；含完整账号，记入审计）");
        // The form is read here rather than bound: a batch outside the scope must answer 404 whatever the body is.
        app.MapPost("/api/batches/{id:long}/result", async (long id, HttpRequest request, PaymentCommands payments, CancellationToken ct) =>
            {
                await payments.FindBatchAsync(id, ct);
                var file = request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files.GetFile("file") : null;
                if (file is null || file.Length == 0)
                {
                    throw new Core.Kernel.DomainException("payments.file_required", "请上传银行回盘文件（表单字段 file，.xlsx 或 .csv）。", "file");
                }
                await using var stream = file.OpenReadStream();
                return await payments.ImportResultAsync(id, stream, file.FileName, ct);
            })
            .WithTags("收益分配").RequireAuthorization(Policies.EditAssets).WithName("ImportBankResult")
            .WithSummary("导入银行回盘（multipart 字段 file；每行 成功/失败；逐行核对金额，有误则整批不记）").DisableAntiforgery();

        app.MapGet("/api/rules", (Rules rules, CancellationToken ct) => rules.ListAsync(ct))
            .WithTags("收益分配").WithName("ListRules").WithSummary("分配规则及其各版本");
        app.MapPost("/api/rules", async (RuleInput input, Rules rules, CancellationToken ct) =>
            {
                var id = await rules.CreateVersionAsync(input, ct);
                return TypedResults.Created("/api/rules", new Created(id));
            })
            .WithTags("收益分配").RequireAuthorization(Policies.ManageProjects).WithName("CreateRuleVersion")
            .WithSummary("新建规则或其新版本（各部分比例合计须恰好 100%）").ProducesValidationProblem();

        app.MapGet("/api/households/{id:long}/dividends", (long id, DistributionQueries q, CancellationToken ct) => q.StatementAsync(id, ct))
            .WithTags("收益分配").WithName("HouseholdDividends").WithSummary("户分红对账单（按年度）");
        app.MapGet("/api/plans/{id:long}/export", async (long id, DistributionExport export, CancellationToken ct) =>
            {
                var (content, name) = await export.PlanAsync(id, ct);
                return TypedResults.File(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
            })
            .WithTags("收益分配").WithName("ExportPlan").WithSummary("导出分配方案 Excel（构成、各户金额及计算说明、记账分录）");
        app.MapGet("/api/distribution/summary/export", async (int? year, DistributionExport export, CancellationToken ct) =>
            {
                var (content, name) = await export.SummaryAsync(year, ct);
                return TypedResults.File(content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
            })
            .WithTags("收益分配").WithName("ExportDistributionSummary").WithSummary("导出村级、县级收益分配汇总 Excel");
        app.MapGet("/api/distribution/summary", (int? year, DistributionQueries q, CancellationToken ct) => q.SummaryAsync(year, ct))
            .WithTags("收益分配").WithName("DistributionSummary").WithSummary("村、县收益分配汇总");
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using RuralLedger.Core.Supervision;
using RuralLedger.Web.Features.Supervision.Inspections;
using RuralLedger.Web.Features.Supervision.Warnings;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Supervision;

internal static class SupervisionEndpoints
{
    public static void MapSupervisionEndpoints(this IEndpointRouteBuilder app, long maxRequestBytes)
    {
        var campaigns = app.MapGroup("/api/campaigns").WithTags("监督检查");
        campaigns.MapGet("/", (InspectionCommands commands, CancellationToken ct) => commands.CampaignsAsync(ct))
            .WithName("ListCampaigns")
            .WithSummary("专项检查列表（含检查次数、问题数、未整改与逾期数、涉及金额合计）");
        campaigns.MapPost("/", async (CampaignInput input, InspectionCommands commands, CancellationToken ct) =>
                TypedResults.Created($"/api/campaigns", new Created(await commands.CreateCampaignAsync(input, ct))))
            .RequireAuthorization(Policies.Inspect)
            .WithName("CreateCampaign")
            .WithSummary("新建专项检查")
            .ProducesValidationProblem();

        var inspections = app.MapGroup("/api/inspections").WithTags("监督检查");
        inspections.MapGet("/", (long? campaignId, InspectionQueries queries, CancellationToken ct) => queries.ListAsync(campaignId, ct))
            .WithName("ListInspections")
            .WithSummary($"检查记录（可按专项检查筛选；最多 {InspectionCommands.Limit} 条）");
        inspections.MapGet("/{id:long}", (long id, InspectionQueries queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithName("GetInspection")
            .WithSummary("检查记录详情")
            .ProducesProblem(StatusCodes.Status404NotFound);
        inspections.MapPost("/", async (InspectionInput input, InspectionCommands commands, CancellationToken ct) =>
            {
                var id = await commands.InspectAsync(input, ct);
                return TypedResults.Created($"/api/inspections/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.Inspect)
            .WithName("CreateInspection")
            .WithSummary("登记检查（对象：资产、合同、分配方案、项目、信贷或行政村整体；须在本人权限范围内）")
            .WithDescription("target 为 Asset、Contract、Plan、Project、Loan 或 Village；targetId 为记录 ID，行政村为 12 位区划代码。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        inspections.MapPost("/{id:long}/findings", async (long id, HttpRequest request, InspectionCommands commands, CancellationToken ct) =>
            {
                var form = await FormAsync(request, ct);
                var input = new FindingInput(Enum.TryParse<FindingCategory>(form["category"], true, out var c) ? c : default,
                    MoneyField(form["amount"], "amount"), form["description"], form["responsibleUnit"], form["responsiblePerson"],
                    DateField(form["deadline"], "deadline"), IntField(form["version"]));
                var fid = await commands.AddFindingAsync(id, input, Photos(form), ct);
                return TypedResults.Created($"/api/findings/{fid}", new Created(fid));
            })
            .RequireAuthorization(Policies.Inspect)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: maxRequestBytes)
            .WithName("AddFinding")
            .WithSummary("登记问题（可附照片）")
            .WithDescription("multipart/form-data：category、amount（元）、description、responsibleUnit、responsiblePerson、deadline（yyyy-MM-dd）、version（检查记录的版本）；files 为照片（JPEG、PNG、WebP，按内容判定）。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var findings = app.MapGroup("/api/findings").WithTags("监督检查");
        findings.MapGet("/", ([AsParameters] FindingFilter filter, InspectionQueries queries, CancellationToken ct) => queries.FindingsAsync(filter, ct))
            .WithName("ListFindings")
            .WithSummary($"问题与整改（overdue=true 只列逾期未销号的；最多 {InspectionCommands.Limit} 条）");
        findings.MapGet("/{id:long}", (long id, InspectionQueries queries, CancellationToken ct) => queries.FindingAsync(id, ct))
            .WithName("GetFinding")
            .WithSummary("问题详情（含照片清单）")
            .ProducesProblem(StatusCodes.Status404NotFound);
        findings.MapPost("/{id:long}/rectification", async (long id, HttpRequest request, InspectionCommands commands, CancellationToken ct) =>
            {
                var form = await FormAsync(request, ct);
                await commands.SubmitAsync(id, new ProofInput(form["proof"], IntField(form["version"])), Photos(form), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: maxRequestBytes)
            .WithName("SubmitRectification")
            .WithSummary("提交整改（责任村、乡镇：整改情况与佐证照片）")
            .WithDescription("multipart/form-data：proof（整改情况）、version、files（照片）。只有“待整改”或“退回重改”的问题可以提交，否则 409 supervision.bad_step。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        findings.MapPost("/{id:long}/accept", async (long id, CheckInput input, InspectionCommands commands, CancellationToken ct) =>
            {
                await commands.AcceptAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Inspect)
            .WithName("AcceptRectification")
            .WithSummary("复核通过，问题销号")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        findings.MapPost("/{id:long}/return", async (long id, CheckInput input, InspectionCommands commands, CancellationToken ct) =>
            {
                await commands.ReturnAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Inspect)
            .WithName("ReturnRectification")
            .WithSummary("复核不通过，退回重改（reason 必填）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        findings.MapGet("/{id:long}/files/{fileId:long}", PhotoAsync)
            .WithName("DownloadFindingPhoto")
            .WithSummary("查看问题或整改照片")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/supervision/findings/{id:long}/files/{fileId:long}", PhotoAsync).ExcludeFromDescription();

        var warnings = app.MapGroup("/api/warnings").WithTags("预警");
        warnings.MapGet("/", ([AsParameters] WarningFilter filter, WarningCommands commands, CancellationToken ct) => commands.ListAsync(filter, ct))
            .WithName("ListWarnings")
            .WithSummary($"预警列表（本人权限范围内；最多 {WarningCommands.Limit} 条）");
        warnings.MapPost("/{id:long}/handle", async (long id, WarningNoteInput input, WarningCommands commands, CancellationToken ct) =>
            {
                await commands.HandleAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.HandleWarnings)
            .WithName("HandleWarning")
            .WithSummary("预警已处理（note 填写处理情况）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        warnings.MapPost("/{id:long}/dismiss", async (long id, WarningNoteInput input, WarningCommands commands, CancellationToken ct) =>
            {
                await commands.DismissAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Inspect)
            .WithName("DismissWarning")
            .WithSummary("排除预警（note 填写排除原因）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        warnings.MapPost("/{id:long}/finding", async (long id, WarningFindingInput input, WarningCommands commands, CancellationToken ct) =>
            {
                var fid = await commands.TurnIntoFindingAsync(id, input, ct);
                return TypedResults.Created($"/api/findings/{fid}", new Created(fid));
            })
            .RequireAuthorization(Policies.Inspect)
            .WithName("TurnWarningIntoFinding")
            .WithSummary("预警转为问题（登记对该记录的检查与问题，预警关闭）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        var rules = app.MapGroup("/api/anomaly-rules").WithTags("预警");
        rules.MapGet("/", (WarningCommands commands, CancellationToken ct) => commands.RulesAsync(ct))
            .WithName("ListAnomalyRules")
            .WithSummary("本县现行的预警规则（阈值、严重程度、是否启用、版本）");
        rules.MapPost("/", async (AnomalyRuleInput input, WarningCommands commands, CancellationToken ct) => TypedResults.Ok(await commands.PublishRuleAsync(input, ct)))
            .RequireAuthorization(Policies.Inspect)
            .WithName("PublishAnomalyRule")
            .WithSummary("发布预警规则新版本（自生效日期起用于运行）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        rules.MapPost("/run", (WarningCommands commands, CancellationToken ct) => commands.RunAsync(ct))
            .RequireAuthorization(Policies.Inspect)
            .WithName("RunAnomalyRules")
            .WithSummary("立即运行本县全部预警规则（已有未处理的同一预警不会重复生成）");
    }

    private static async Task<IResult> PhotoAsync(long id, long fileId, InspectionQueries queries, HttpContext http, CancellationToken ct)
    {
        var file = await queries.PhotoAsync(id, fileId, ct);
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(file.FileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(file.Content, file.ContentType);
    }

    /// <summary>The multipart form; any other body is a 400 naming it, not a failure.</summary>
    private static async Task<IFormCollection> FormAsync(HttpRequest request, CancellationToken ct) =>
        request.HasFormContentType
            ? await request.ReadFormAsync(ct)
            : throw new Core.Kernel.DomainException("input.form", "请以 multipart/form-data 表单提交（照片字段名 files）。", "body");

    private static List<PhotoUpload> Photos(IFormCollection form) =>
        form.Files.Where(f => f.Name is "files" or "file" && f.Length > 0).Select(f => new PhotoUpload(f.FileName, f.Length, f.OpenReadStream())).ToList();

    private static Core.Kernel.Money? MoneyField(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return decimal.TryParse(text, System.Globalization.NumberStyles.Number, Fmt.Culture, out var yuan)
            ? FormValues.Yuan(yuan, field)
            : throw new Core.Kernel.DomainException("input.number", "涉及金额应为数字（元）。", field);
    }

    private static DateOnly? DateField(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", Fmt.Culture, System.Globalization.DateTimeStyles.None, out var d) ? d
        : throw new Core.Kernel.DomainException("input.date", "日期应为 yyyy-MM-dd。", field);

    private static int? IntField(string? text) => int.TryParse(text, System.Globalization.NumberStyles.Integer, Fmt.Culture, out var n) ? n : null;
}

using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Supervision;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage.Inspections;

/// <summary>Loan usage inspections (issue #15): the plan's due list, the inspection records with photos, campaign totals.</summary>
internal static class LoanInspectionEndpoints
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Who records a usage inspection: the supervision inspectors and the lending banks' officers (贷后检查 is theirs too).</summary>
    public static readonly string[] Inspectors = [Roles.Supervisor, Roles.CountyAdmin, Roles.CountyStaff, Roles.TownshipOfficer, Roles.BankOfficer];

    public static IServiceCollection AddLoanInspections(this IServiceCollection services) =>
        services.AddScoped<LoanInspectionCommands>().AddScoped<LoanInspectionQueries>();

    public static IEndpointRouteBuilder MapLoanInspections(this IEndpointRouteBuilder app)
    {
        var maxRequestBytes = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SupervisionOptions>>().Value.MaxRequestBytes;
        var api = app.MapGroup("/api/loan-inspections").WithTags("贷款用途监管");

        api.MapGet("/due", ([AsParameters] InspectionDueFilter filter, LoanInspectionQueries q, CancellationToken ct) => q.DueAsync(filter, ct))
            .WithName("LoanInspectionsDue")
            .WithSummary($"贷后用途检查计划：应检查与逾期未检查的贷款（按检查计划版本；可按乡镇、行政村、银行筛选；按村、乡镇、银行计数；最多列 {LoanInspectionQueries.Limit} 笔）")
            .ProducesValidationProblem();

        api.MapGet("/due/export", async ([AsParameters] InspectionDueFilter filter, LoanInspectionQueries q, CancellationToken ct) =>
            {
                var (content, name) = await q.ExportDueAsync(filter, ct);
                return TypedResults.File(content, XlsxContentType, name);
            })
            .WithName("ExportLoanInspectionsDue")
            .WithSummary("贷后用途检查计划导出 Excel（全部应检查与逾期贷款）")
            .ProducesValidationProblem();

        api.MapGet("/", (string? loan, long? campaignId, LoanInspectionQueries q, CancellationToken ct) => q.ListAsync(loan, campaignId, ct))
            .WithName("ListLoanInspections")
            .WithSummary($"贷款用途检查记录（可按贷款编号、专项检查筛选；最多 {LoanInspectionQueries.Limit} 条）");

        api.MapGet("/{id:long}", (long id, LoanInspectionQueries q, CancellationToken ct) => q.GetAsync(id, ct))
            .WithName("GetLoanInspection")
            .WithSummary("检查记录详情（含照片清单）")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/", async (HttpRequest request, LoanInspectionCommands commands, CancellationToken ct) =>
            {
                var (input, photos) = await ReadAsync(request, ct);
                var done = await commands.RecordAsync(input, photos, ct);
                var location = $"/api/loan-inspections/{done.Id}";
                // A re-send of a queued inspection is answered with the inspection the first send made.
                return done.Repeated
                    ? Results.Ok(done)
                    : Results.Created(location, done);
            })
            .RequireAuthorization(p => p.RequireRole(Inspectors))
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: maxRequestBytes)
            .WithName("RecordLoanInspection")
            .WithSummary("登记贷款用途检查（可附照片；结论为挪用或户贷企用时并入该贷款未办结的线索，没有则新开一条）")
            .WithDescription("multipart/form-data：loanNumber、inspectedOn（yyyy-MM-dd）、inspectors、useCategory、conclusion（AsDeclared、PartlyDiverted、Diverted、" +
                "EnterpriseUse、Idle）、statement、followUp、latitude、longitude、campaignId、clientKey（手机生成的 GUID；同一 clientKey 再次提交时返回 200 与原记录，不重复登记）；" +
                "files 为照片（JPEG、PNG、WebP，按内容判定）。")
            .Produces<InspectionRecorded>(StatusCodes.Status201Created)
            .Produces<InspectionRecorded>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/{id:long}/photos/{photoId:long}", PhotoAsync)
            .WithName("DownloadLoanInspectionPhoto")
            .WithSummary("检查照片")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/credit/loan-inspections/{id:long}/photos/{photoId:long}", PhotoAsync).ExcludeFromDescription();

        api.MapGet("/campaigns", (LoanInspectionQueries q, CancellationToken ct) => q.CampaignsAsync(ct))
            .WithName("LoanInspectionCampaigns")
            .WithSummary("专项检查的用途检查合计：检查次数、涉及贷款笔数与金额、各结论次数、并入线索数");

        api.MapGet("/plan", (LoanInspectionQueries q, CancellationToken ct) => q.PlansAsync(ct))
            .WithName("ListLoanInspectionPlans")
            .WithSummary("贷后检查计划版本（首次检查期限、检查周期）");

        api.MapPost("/plan", async (InspectionPlanInput input, LoanInspectionCommands commands, CancellationToken ct) =>
                TypedResults.Created("/api/loan-inspections/plan", new Created(await commands.AddPlanAsync(input, ct))))
            .RequireAuthorization(Policies.ApproveCounty)
            .WithName("AddLoanInspectionPlan")
            .WithSummary("新增贷后检查计划版本（放款后 N 个月内首次检查，此后每 M 个月一次，至贷款结清）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>The multipart form of an inspection: every malformed field is named in one 400, nothing is half-read.</summary>
    public static async Task<(LoanInspectionInput Input, List<InspectionPhotoUpload> Photos)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType)
        {
            throw new DomainException("input.form", "请以 multipart/form-data 表单提交（照片字段名 files）。", "body");
        }
        var form = await request.ReadFormAsync(ct);
        var v = new Validation();
        string? Text(string name) => form[name].FirstOrDefault();
        var on = v.Try("inspectedOn", () => string.IsNullOrWhiteSpace(Text("inspectedOn")) ? (DateOnly?)null
            : DateOnly.TryParseExact(Text("inspectedOn"), "yyyy-MM-dd", Fmt.Culture, DateTimeStyles.None, out var d) ? d
            : throw new DomainException("input.date", "日期应为 yyyy-MM-dd。", "inspectedOn"));
        decimal? Degrees(string name) => string.IsNullOrWhiteSpace(Text(name)) ? null
            : decimal.TryParse(Text(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x
            : throw new DomainException("input.number", "经纬度应为数字。", name);
        var lat = v.Try("latitude", () => Degrees("latitude"));
        var lon = v.Try("longitude", () => Degrees("longitude"));
        var campaign = v.Try("campaignId", () => string.IsNullOrWhiteSpace(Text("campaignId")) ? (long?)null
            : long.TryParse(Text("campaignId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c
            : throw new DomainException("input.number", "专项检查编号应为数字。", "campaignId"));
        var key = v.Try("clientKey", () => string.IsNullOrWhiteSpace(Text("clientKey")) ? (Guid?)null
            : Guid.TryParse(Text("clientKey"), out var g) ? g
            : throw new DomainException("input.guid", "clientKey 应为 GUID。", "clientKey"));
        var conclusion = v.Try("conclusion", () => string.IsNullOrWhiteSpace(Text("conclusion")) ? (InspectionConclusion?)null
            : Enum.TryParse<InspectionConclusion>(Text("conclusion"), true, out var k) && Enum.IsDefined(k) && !int.TryParse(Text("conclusion"), out _) ? k
            : throw new DomainException("input.enum", "检查结论不是可选的值。", "conclusion"));
        v.ThrowIfAny();
        var photos = form.Files.Where(f => f.Name is "files" or "file" && f.Length > 0)
            .Select(f => new InspectionPhotoUpload(f.FileName, f.Length, f.OpenReadStream())).ToList();
        return (new LoanInspectionInput(Text("loanNumber"), campaign, key, on, Text("inspectors"), Text("useCategory"), lat, lon, Text("statement"), conclusion,
            Text("followUp")), photos);
    }

    private static async Task<IResult> PhotoAsync(long id, long photoId, LoanInspectionQueries queries, HttpContext http, CancellationToken ct)
    {
        var file = await queries.PhotoAsync(id, photoId, ct);
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(file.FileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(file.Content, file.ContentType);
    }
}

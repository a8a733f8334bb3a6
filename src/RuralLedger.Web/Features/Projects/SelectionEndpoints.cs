using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Features.Assets;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Projects;

/// <summary>The JSON API of project selection: assessments on the eight elements, linked households, evidence, policy, ranking.</summary>
internal static class SelectionEndpoints
{
    public static IEndpointRouteBuilder MapSelectionEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/projects").WithTags("项目遴选（八要素）");
        api.MapGet("/{id:long}/selection", (long id, SelectionQueries queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithName("GetProjectSelection")
            .WithSummary("项目的“八要素”评估、联结农户与依据材料")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:long}/assessments", async (long id, AssessInput input, SelectionCommands writer, CancellationToken ct) =>
            {
                var result = await writer.AssessAsync(id, input, ct);
                return TypedResults.Created($"/api/projects/{id}/assessments/{result.Id}", result);
            })
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("AssessProject")
            .WithSummary("按产业发展“八要素”评估计划项目")
            .WithDescription("scores 按八要素逐项给出 0–10 的整数得分与评分依据（evidence）。总分 = Σ(得分×权重)×10÷Σ权重，保留两位小数、四舍五入，是否及格按未舍入的值判定。"
                + "未通过时 passed=false、code=selection.failed，message 列出弱项。缺项 400 selection.element_missing，越界 400 selection.score_range，"
                + "非计划状态 409 selection.not_planned，version 不符 409 projects.stale。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id:long}/assessments/{assessmentId:long}", (long id, long assessmentId, SelectionQueries queries, CancellationToken ct) => queries.AssessmentAsync(id, assessmentId, ct))
            .WithName("GetProjectAssessment")
            .WithSummary("一次评估的详情")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:long}/assessments/{assessmentId:long}/pdf", PdfAsync)
            .WithName("GetProjectAssessmentPdf")
            .WithSummary("评估表 PDF（A4）")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/projects/{id:long}/assessments/{assessmentId:long}/pdf", PdfAsync).ExcludeFromDescription();

        api.MapGet("/{id:long}/households", (long id, SelectionQueries queries, CancellationToken ct) => queries.HouseholdsAsync(id, ct))
            .WithName("ListProjectHouseholds")
            .WithSummary("项目联结的农户及计划收益")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:long}/households/candidates", (long id, string? q, SelectionQueries queries, CancellationToken ct) => queries.CandidatesAsync(id, q, ct))
            .WithName("SearchProjectHouseholdCandidates")
            .WithSummary("可联结的登记农户（按户编号或户主姓名查找）")
            .WithDescription($"q 为空时列出项目受益村的农户；q 按户编号或户主姓名前缀在本县查找。最多 {SelectionQueries.CandidatePageSize} 条。")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:long}/households", async (long id, LinkInput input, SelectionCommands writer, CancellationToken ct) =>
                TypedResults.Ok(new LinkResult(await writer.LinkAsync(id, input, ct))))
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("LinkProjectHouseholds")
            .WithSummary("为项目联结登记农户（联结方式与计划年收益）")
            .WithDescription("每户一行：householdId、benefitKind（Job 务工、Dividend 分红、Order 订单、LandRent 土地租金）、plannedBenefit（元）。"
                + "外县农户 400 selection.household_county，未登记农户 400 selection.household_unknown，已联结 409 selection.household_linked。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{id:long}/households/{householdId:long}", async (long id, long householdId, int? version, SelectionCommands writer, CancellationToken ct) =>
            {
                await writer.UnlinkAsync(id, householdId, version, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("UnlinkProjectHousehold")
            .WithSummary("取消联结一户（查询参数 version 为项目版本）")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // Multipart read by hand, as for asset files: a request without a form is still answered by scope or a field error.
        api.MapPost("/{id:long}/evidence", async (long id, HttpRequest request, SelectionCommands writer, CancellationToken ct) =>
            {
                var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
                var file = form?.Files.GetFile("file");
                var element = Enum.TryParse<SelectionElement>(form?["element"].ToString(), ignoreCase: true, out var e) ? e : default;
                await using var content = file?.OpenReadStream();
                var fileId = await writer.UploadEvidenceAsync(id, element, file?.FileName, file?.Length ?? 0, content, form?["caption"].ToString(), ct);
                return TypedResults.Created($"/api/projects/{id}/evidence/{fileId}", new Created(fileId));
            })
            .RequireAuthorization(Policies.ManageProjects)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(AssetAttachments.MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: AssetAttachments.MaxRequestBytes)
            .WithName("UploadProjectEvidence")
            .WithSummary("上传评估依据材料（JPEG、PNG、PDF，不超过 5 MB）")
            .WithDescription("multipart/form-data：file 为文件，element 为所证明的要素（如 MarketLinkage），caption 为说明（可选）。类型按文件内容判定。")
            .ProducesValidationProblem();
        api.MapGet("/{id:long}/evidence/{fileId:long}", EvidenceAsync)
            .WithName("DownloadProjectEvidence")
            .WithSummary("下载评估依据材料")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/projects/{id:long}/evidence/{fileId:long}", EvidenceAsync).ExcludeFromDescription();
        api.MapDelete("/{id:long}/evidence/{fileId:long}", async (long id, long fileId, string? reason, SelectionCommands writer, CancellationToken ct) =>
            {
                await writer.DeleteEvidenceAsync(id, fileId, reason, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("DeleteProjectEvidence")
            .WithSummary("删除评估依据材料（查询参数 reason 为删除原因，必填；记入审计日志）")
            .WithDescription("仅计划状态的项目可删除依据材料（否则 409 selection.not_planned）；缺少原因 400 selection.reason_required；文件连同内容一并删除，审计日志记录文件名、摘要与原因。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var selection = app.MapGroup("/api/selection").WithTags("项目遴选（八要素）");
        selection.MapGet("/policy", (SelectionQueries queries, CancellationToken ct) => queries.PolicyAsync(ct))
            .WithName("GetSelectionPolicy")
            .WithSummary("本县现行的“八要素”评估办法（权重、及格分、单项最低分、免评估类别）");
        selection.MapPost("/policies", async (PolicyInput input, SelectionCommands writer, CancellationToken ct) =>
                TypedResults.Ok(new PolicyVersionResult(await writer.PublishPolicyAsync(input, ct))))
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("PublishSelectionPolicy")
            .WithSummary("发布评估办法新版本（自生效日期起用于新的评估）")
            .WithDescription("weights 为八个要素的权重（1–100 的整数，按 产业选择…基层党建 顺序）；passingScore 0–100；leastElementScore（单项最低分）0–10；exemptIndustries 为免评估的项目产业类别。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        selection.MapGet("/ranking", (int year, SelectionQueries queries, CancellationToken ct) => queries.RankingAsync(year, ct))
            .WithName("GetSelectionRanking")
            .WithSummary("年度候选项目按评估得分排序，对照各资金来源可用资金")
            .WithDescription("候选项目为该年度计划与已批复的项目；按得分从高到低累计各资金来源的预算，与（下达金额 − 在建与已验收项目占用）比较，covered 表示资金可覆盖。");
        return app;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult> PdfAsync(long id, long assessmentId, SelectionQueries queries, AssessmentPdf pdf, CancellationToken ct)
    {
        var assessment = await queries.AssessmentAsync(id, assessmentId, ct);
        return TypedResults.File(pdf.Render(assessment), "application/pdf", $"八要素评估表-{assessment.ProjectCode}-{assessment.Id}.pdf");
    }

    private static async Task<IResult> EvidenceAsync(long id, long fileId, SelectionQueries queries, HttpContext http, CancellationToken ct)
    {
        var file = await queries.EvidenceAsync(id, fileId, ct);
        var disposition = new ContentDispositionHeaderValue(file.IsImage ? "inline" : "attachment");
        disposition.SetHttpFileName(file.FileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(file.Content, file.ContentType);
    }
}

public sealed record LinkResult(int Linked);

public sealed record PolicyVersionResult(int Version);

using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Assets.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets;

/// <summary>The asset ledger (资产台账): its services, its JSON API and the file download link the pages use.</summary>
public static class AssetsModule
{
    public static IServiceCollection AddAssets(this IServiceCollection services)
    {
        services.AddScoped<AssetListQuery>();
        services.AddScoped<AssetQuery>();
        services.AddScoped<AssetCommands>();
        services.AddScoped<AssetAttachments>();
        services.AddScoped<AssetOptions>();
        services.AddScoped<Numbering>();
        services.AddAssetsExcel();
        return services;
    }

    public static IEndpointRouteBuilder MapAssets(this IEndpointRouteBuilder app)
    {
        app.MapAssetsExcel();
        app.MapGet("/assets/{id:long}/files/{fileId:long}", DownloadAsync).ExcludeFromDescription();

        var api = app.MapGroup("/api/assets").WithTags("资产台账");

        api.MapGet("/", ([AsParameters] AssetFilter filter, AssetListQuery list, CancellationToken ct) => list.RunAsync(filter, ct))
            .WithName("ListAssets")
            .WithSummary("资产台账列表（含筛选合计）")
            .WithDescription("按乡镇、村、类别、种类、产业、状态、所有权人类别、形成年度筛选；q 为资产编号或名称的一部分。按编号排序分页（page 从 1 起，pageSize 1–200）。" +
                             "totals 为全部符合条件资产的数量与原值合计（以分为单位的 fen 精确到分）。");

        api.MapPost("/", async (AssetInput input, AssetCommands writer, CancellationToken ct) =>
            {
                var id = await writer.CreateAsync(input, ct);
                return TypedResults.Created($"/api/assets/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("CreateAsset")
            .WithSummary("登记资产（系统建成前或项目外形成的资产）")
            .WithDescription("areaCode 为所在村（县、乡镇人员也可为本乡镇或本县）；funding 为 [{fundSourceId, amount}]，amount 以元计、最多两位小数，原值为其合计；" +
                             "shares 为 [{kind, name, code, householdId, percent}]，percent 最多两位小数，合计须恰好为 100。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/{id:long}", (long id, AssetQuery assets, CancellationToken ct) => assets.GetAsync(id, ct))
            .WithName("GetAsset")
            .WithSummary("资产档案（四权、资金构成、状态与所有权历史、合同、证书、收益、处置、附件）")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/{id:long}", async (long id, AssetUpdate input, AssetCommands writer, CancellationToken ct) =>
            {
                await writer.UpdateAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("UpdateAsset")
            .WithSummary("修改资产基本信息与资金构成")
            .WithDescription("funding 为 null 表示资金构成不变；version 须为读取时的版本号，否则返回 409 assets.stale。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/status", async (long id, AssetStatusInput input, AssetCommands writer, CancellationToken ct) =>
            {
                await writer.ChangeStatusAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("ChangeAssetStatus")
            .WithSummary("变更资产状态（在用、闲置、毁损；处置须走处置流程）")
            .ProducesValidationProblem();

        api.MapPut("/{id:long}/rights", async (long id, RightsInput input, AssetCommands writer, CancellationToken ct) =>
            {
                await writer.SetRightsAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("SetAssetRights")
            .WithSummary("设置监管单位与责任人、受益对象、收益分配规则")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/transfer", async (long id, TransferInput input, AssetCommands writer, CancellationToken ct) =>
            {
                await writer.TransferAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("TransferAssetOwnership")
            .WithSummary("所有权转移（新的所有权人及份额，记入所有权变更历史）")
            .WithDescription("转移后原所有权证不再反映现状，应换发新证（/certificates）。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/{id:long}/files", (long id, AssetAttachments files, CancellationToken ct) => files.ListAsync(id, ct))
            .WithName("ListAssetFiles")
            .WithSummary("资产附件列表");

        // Multipart with the session cookie: the cookie is SameSite=Strict, so another site can't post here as the user,
        // which is what the antiforgery token would guard against.
        // The form is read by hand rather than bound: a request without one must still be answered by the asset's
        // scope (404) or a named field error (400), not by the binder's 415.
        api.MapPost("/{id:long}/files", async (long id, HttpRequest request, AssetAttachments files, CancellationToken ct) =>
            {
                var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
                var file = form?.Files.GetFile("file");
                await using var content = file?.OpenReadStream();
                var fileId = await files.UploadAsync(id, file?.FileName, file?.Length ?? 0, content, form?["caption"].ToString(), ct);
                return TypedResults.Created($"/api/assets/{id}/files/{fileId}", new Created(fileId));
            })
            .RequireAuthorization(Policies.EditAssets)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(AssetAttachments.MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: AssetAttachments.MaxRequestBytes)
            .WithName("UploadAssetFile")
            .WithSummary("上传资产照片或文件（JPEG、PNG、PDF，不超过 5 MB）")
            .WithDescription("multipart/form-data：file 为文件，caption 为说明（可选）。类型按文件内容判定，与扩展名无关；不符返回 400 files.type。")
            .ProducesValidationProblem();

        api.MapGet("/{id:long}/files/{fileId:long}", DownloadAsync)
            .WithName("DownloadAssetFile")
            .WithSummary("下载资产附件（图片以 inline 方式返回）")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/{id:long}/files/{fileId:long}", async (long id, long fileId, AssetAttachments files, CancellationToken ct) =>
            {
                await files.DeleteAsync(id, fileId, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("DeleteAssetFile")
            .WithSummary("删除资产附件（记入审计日志）")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> DownloadAsync(long id, long fileId, AssetAttachments files, HttpContext http, CancellationToken ct)
    {
        var file = await files.GetAsync(id, fileId, ct);
        var disposition = new ContentDispositionHeaderValue(file.IsImage ? "inline" : "attachment");
        disposition.SetHttpFileName(file.FileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(file.Content, file.ContentType);
    }
}

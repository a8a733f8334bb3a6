using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets.Excel;

/// <summary>
/// Ledger exports (assets, projects, contracts, certificates), the asset import with its template, and the two reports
/// (ledger reconciliation, idle assets): services and HTTP endpoints. The pages are Import.cshtml, Ledgers.cshtml, Idle.cshtml.
/// </summary>
public static class AssetsExcelModule
{
    public const string XlsxContentType = RegistryExcel.XlsxContentType;

    public static IServiceCollection AddAssetsExcel(this IServiceCollection services)
    {
        services.AddScoped<LedgerExportWriter>();
        services.AddScoped<AssetExport>();
        services.AddScoped<ProjectExport>();
        services.AddScoped<ContractExport>();
        services.AddScoped<CertificateExport>();
        services.AddScoped<AssetImport>();
        services.AddScoped<AssetImportTemplate>();
        services.AddScoped<LedgersQuery>();
        services.AddScoped<IdleAssetsQuery>();
        return services;
    }

    public static void MapAssetsExcel(this IEndpointRouteBuilder app)
    {
        // The list pages' export buttons: plain links, the same handlers as the API.
        app.MapGet("/assets/export", ExportAssetsAsync).ExcludeFromDescription();
        app.MapGet("/projects/export", ExportProjectsAsync).ExcludeFromDescription();
        app.MapGet("/contracts/export", ExportContractsAsync).ExcludeFromDescription();
        app.MapGet("/certificates/export", ExportCertificatesAsync).ExcludeFromDescription();
        app.MapGet("/assets/import/template", TemplateAsync).RequireAuthorization(Policies.EditAssets).ExcludeFromDescription();

        const string filters = "筛选条件与列表相同，范围限于当前用户的权限；金额列为数值（#,##0.00），每次导出记入审计日志。";
        app.MapGet("/api/assets/export", ExportAssetsAsync).WithTags("资产台账").WithName("ExportAssets")
            .WithSummary("导出资产台账 Excel（资产台账、资金构成两个工作表）")
            .WithDescription("township、village、class、kind、industry、status、ownerKind、year（形成年度）、q（名称或编码）。" + filters)
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType);
        app.MapGet("/api/projects/export", ExportProjectsAsync).WithTags("资金与项目").WithName("ExportProjects")
            .WithSummary("导出项目台账 Excel（项目、预算构成两个工作表）")
            .WithDescription("township、village、status、industry、year。" + filters)
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType);
        app.MapGet("/api/contracts/export", ExportContractsAsync).WithTags("经营合同").WithName("ExportContracts")
            .WithSummary("导出经营合同台账 Excel（含应收、已收、欠款）")
            .WithDescription("township、village、status、year（签订年度）。" + filters)
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType);
        app.MapGet("/api/certificates/export", ExportCertificatesAsync).WithTags("四权与所有权证").WithName("ExportCertificates")
            .WithSummary("导出所有权证台账 Excel")
            .WithDescription("township、village、status、class、year（发证年度）。" + filters)
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType);

        var api = app.MapGroup("/api/assets").WithTags("资产台账");
        api.MapGet("/import/template", TemplateAsync)
            .RequireAuthorization(Policies.EditAssets)
            .WithName("AssetImportTemplate")
            .WithSummary("下载资产台账导入模板（含示例行与说明工作表）")
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType);
        // Multipart with the session cookie, which is SameSite=Strict: another site can't post here as the user.
        api.MapPost("/import", PreviewAsync)
            .RequireAuthorization(Policies.EditAssets)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(RegistryExcel.MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: RegistryExcel.MaxRequestBytes)
            .WithName("PreviewAssetImport")
            .WithSummary("上传资产台账 Excel 并预览（不写入）")
            .WithDescription("multipart/form-data，文件字段名 file（.xlsx）。检查全部行：有错误时返回 400，errors 为 [{row, column, code, message}]（row 为 Excel 行号），不保留文件；" +
                             "无错误时返回将新建的资产与 token，凭 token 调用 POST /api/assets/import/{token}/confirm 一次性写入。已登记的资产（按编码或所在地+名称+形成日期）计入 existing，不会重复登记。")
            .Produces<AssetImportResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/import/{token}/confirm", ConfirmAsync)
            .RequireAuthorization(Policies.EditAssets)
            .WithName("ConfirmAssetImport")
            .WithSummary("确认导入：重新检查后在一个事务中写入全部新资产，或不写入任何数据")
            .Produces<AssetImportResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/ledgers", (LedgersQuery q, CancellationToken ct) => q.RunAsync(ct))
            .WithName("AssetLedgers")
            .WithSummary("县级总账与乡镇、村明细账对账（按类别的数量与原值，账账相符校验）")
            .Produces<LedgersReport>();
        api.MapGet("/idle", (int? months, IdleAssetsQuery q, CancellationToken ct) => q.RunAsync(months, ct))
            .WithName("IdleAssets")
            .WithSummary("闲置资产：无有效合同或 N 个月无收益的经营性资产")
            .WithDescription("months 缺省取配置 Assets:IdleMonths（默认 12）。")
            .Produces<IdleReport>();
    }

    private static async Task<IResult> ExportAssetsAsync([AsParameters] AssetExportQuery query, AssetExport export, CancellationToken ct) =>
        File(await export.WriteAsync(query, ct));

    private static async Task<IResult> ExportProjectsAsync([AsParameters] ProjectExportQuery query, ProjectExport export, CancellationToken ct) =>
        File(await export.WriteAsync(query, ct));

    private static async Task<IResult> ExportContractsAsync([AsParameters] ContractExportQuery query, ContractExport export, CancellationToken ct) =>
        File(await export.WriteAsync(query, ct));

    private static async Task<IResult> ExportCertificatesAsync([AsParameters] CertificateExportQuery query, CertificateExport export, CancellationToken ct) =>
        File(await export.WriteAsync(query, ct));

    private static IResult File(LedgerFile file) => TypedResults.File(file.Content, XlsxContentType, file.FileName);

    private static async Task<IResult> TemplateAsync(AssetImportTemplate template, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await template.WriteAsync(buffer, ct);
        return TypedResults.File(buffer.ToArray(), XlsxContentType, AssetImportTemplate.FileName);
    }

    private static async Task<IResult> PreviewAsync(IFormFile? file, ImportFileStore store, AssetImport import, CancellationToken ct)
    {
        if (file is null)
        {
            throw new DomainException("assets.import_no_file", "请以 multipart/form-data 上传文件，字段名为 file。", "file");
        }
        StoredImport stored;
        await using (var content = file.OpenReadStream())
        {
            stored = await store.SaveAsync(content, file.FileName, file.Length, ct);
        }
        var result = await import.PreviewAsync(stored, ct);
        if (!result.Valid || result.NothingToCreate)
        {
            store.Delete(stored.Id);
            result = result with { Token = null };
        }
        return result.Valid ? TypedResults.Ok(result) : Invalid(result);
    }

    private static async Task<IResult> ConfirmAsync(string token, ImportFileStore store, AssetImport import, CancellationToken ct)
    {
        var stored = store.Get(token);
        try
        {
            var result = await import.ImportAsync(stored, ct) with { Token = null };
            return result.Valid ? TypedResults.Ok(result) : Invalid(result);
        }
        finally
        {
            store.Delete(stored.Id);
        }
    }

    private static IResult Invalid(AssetImportResult result) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: ErrorHandling.TitleFor(StatusCodes.Status400BadRequest),
        detail: $"导入文件有 {result.Errors.Count} 处错误，未写入任何数据。",
        extensions: new Dictionary<string, object?>
        {
            ["code"] = "assets.import_invalid",
            ["errors"] = result.Errors,
            ["counts"] = result.Counts,
            ["sha256"] = result.Sha256,
        });
}

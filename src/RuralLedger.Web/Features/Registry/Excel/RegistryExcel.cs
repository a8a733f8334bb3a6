using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry.Excel;

/// <summary>The list's filters without its paging (an export has every row): what the list page's export link sends.</summary>
public sealed record ExportQuery(string? Township, string? Village, PovertyStatus? Status, HouseholdType? Type, DateOnly? StatusOn, string? Q)
{
    public HouseholdFilter ToFilter() => new() { Township = Township, Village = Village, Status = Status, Type = Type, StatusOn = StatusOn, Q = Q };
}

public sealed record ImportResponse(bool Valid, bool Written, string FileName, string Sha256, ImportCounts Counts, IReadOnlyList<ImportError> Errors)
{
    public static ImportResponse Of(ImportPreview p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Valid, p.Written, p.FileName, p.Sha256, p.Counts, p.Errors);
    }
}

/// <summary>Excel export, import template and import of the registry: services and HTTP endpoints (the page is Import.cshtml).</summary>
internal static class RegistryExcel
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The upload limit plus room for the multipart envelope.</summary>
    public const long MaxRequestBytes = ImportFileStore.MaxBytes + 1024 * 1024;

    public static IServiceCollection AddRegistryExcel(this IServiceCollection services, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var folder = Path.GetFullPath(Path.Combine(storage.DataFolder, "imports"));
        services.AddScoped<HouseholdExport>();
        services.AddScoped<HouseholdImport>();
        services.AddScoped(sp => new ImportFileStore(folder, sp.GetRequiredService<AccessContext>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PersonalDataVault>()));
        return services;
    }

    public static void MapRegistryExcelEndpoints(this IEndpointRouteBuilder app)
    {
        // The list page's buttons: same handlers as the API, plain links for the browser.
        app.MapGet("/registry/export", ExportAsync).ExcludeFromDescription();
        app.MapGet("/registry/import/template", TemplateAsync).RequireAuthorization(Policies.EditRegistry).ExcludeFromDescription();

        var api = app.MapGroup("/api/households").WithTags("一户一档");

        api.MapGet("/export", ExportAsync)
            .WithName("ExportHouseholds")
            .WithSummary("导出户档案 Excel（户、成员两个工作表，脱敏）")
            .WithDescription("筛选条件与列表相同（township、village、status、statusOn、type、q），范围限于当前用户的权限；每次导出记入审计日志。")
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType);

        api.MapGet("/import/template", TemplateAsync)
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("HouseholdImportTemplate")
            .WithSummary("下载成员导入模板（含示例行与说明工作表）")
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType);

        // Multipart with the session cookie: the cookie is SameSite=Strict, so another site can't post here as the user,
        // which is what the antiforgery token would guard against.
        api.MapPost("/import", ImportAsync)
            .RequireAuthorization(Policies.EditRegistry)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: MaxRequestBytes)
            .WithName("ImportHouseholds")
            .WithSummary("导入成员 Excel（先全部校验，无误才一次性写入）")
            .WithDescription("multipart/form-data，文件字段名 file（.xlsx，不超过 20 MB）。dryRun=true 只校验并返回预览；dryRun=false 校验无误后在一个事务中写入。" +
                             "有错误时返回 400，errors 为 [{row, column, code, message}]，row 为 Excel 行号（列名行为第 1 行），不写入任何数据。重复导入同一文件不产生变化。")
            .Produces<ImportResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ExportAsync([AsParameters] ExportQuery query, HouseholdExport export, CancellationToken ct)
    {
        var file = await export.WriteAsync(query.ToFilter(), ct);
        return TypedResults.File(file.Content, XlsxContentType, file.FileName);
    }

    private static async Task<IResult> TemplateAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await ImportTemplate.WriteAsync(buffer, ct);
        return TypedResults.File(buffer.ToArray(), XlsxContentType, ImportTemplate.FileName);
    }

    private static async Task<IResult> ImportAsync(IFormFile? file, bool? dryRun, ImportFileStore store, HouseholdImport import, CancellationToken ct)
    {
        if (file is null)
        {
            throw new DomainException("registry.import_no_file", "请以 multipart/form-data 上传文件，字段名为 file。", "file");
        }
        StoredImport stored;
        await using (var content = file.OpenReadStream())
        {
            stored = await store.SaveAsync(content, file.FileName, file.Length, ct);
        }
        try
        {
            var result = dryRun == true ? await import.PreviewAsync(stored, ct) : await import.ImportAsync(stored, ct);
            if (!result.Valid)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: ErrorHandling.TitleFor(StatusCodes.Status400BadRequest),
                    detail: $"导入文件有 {result.Errors.Count} 处错误，未写入任何数据。",
                    extensions: new Dictionary<string, object?>
                    {
                        ["code"] = "registry.import_invalid",
                        ["errors"] = result.Errors,
                        ["counts"] = result.Counts,
                        ["sha256"] = result.Sha256,
                    });
            }
            return TypedResults.Ok(ImportResponse.Of(result));
        }
        finally
        {
            store.Delete(stored.Id);
        }
    }
}

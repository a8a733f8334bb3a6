using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Wages;

internal static class WageEndpoints
{
    public static void MapWageEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/linkage/wages").WithTags("利益联结");

        api.MapGet("/summary", (int year, WageQueries q, CancellationToken ct) => q.SummaryAsync(year, ct))
            .WithName("WageSummary")
            .WithSummary("务工工资汇总：按用工单位（工资表）、经营合同（带贫成效）与公益岗位，工资总额、其中脱贫户及占比（基点，四舍五入到 0.01%）")
            .ProducesValidationProblem();

        api.MapGet("/", (int year, string? employer, WageQueries q, CancellationToken ct) => q.ListAsync(year, employer, ct))
            .WithName("ListWages")
            .WithSummary($"工资明细（按年度、可按用工单位统一社会信用代码；最多 {WageQueries.Limit} 条）");

        api.MapGet("/import/template", async (CancellationToken ct) => TypedResults.File(await PayrollImport.TemplateAsync(ct), RegistryExcel.XlsxContentType, "工资表模板.xlsx"))
            .WithName("PayrollImportTemplate")
            .WithSummary("下载工资表模板（xlsx）")
            .Produces(StatusCodes.Status200OK, contentType: RegistryExcel.XlsxContentType);

        api.MapPost("/import", async (IFormFile? file, ImportFileStore store, PayrollImport import, CancellationToken ct) =>
            {
                if (file is null)
                {
                    throw new DomainException("wages.import_no_file", "请以 multipart/form-data 上传文件，字段名为 file。", "file");
                }
                StoredImport stored;
                await using (var content = file.OpenReadStream())
                {
                    stored = await store.SaveAsync(content, file.FileName, file.Length, ct);
                }
                var result = await import.PreviewAsync(stored, ct);
                if (!result.Valid || result.New == 0)
                {
                    store.Delete(stored.Id);
                    result = result with { Token = null };
                }
                return Answer(result);
            })
            .RequireAuthorization(Policies.EditRegistry)
            .DisableAntiforgery()
            .WithName("PreviewPayrollImport")
            .WithSummary("预览工资表导入（逐行逐列校验；有错误则 400 并列出行、列与原因；无错误返回确认令牌）")
            .Produces<PayrollImportResult>()
            .ProducesValidationProblem();

        api.MapPost("/import/{token}/confirm", async (string token, ImportFileStore store, PayrollImport import, CancellationToken ct) =>
            {
                var stored = store.Get(token);
                try
                {
                    return Answer(await import.ImportAsync(stored, ct) with { Token = null });
                }
                finally
                {
                    store.Delete(stored.Id);
                }
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("ConfirmPayrollImport")
            .WithSummary("确认导入工资表（全部写入或全部不写；已登记的同人同单位同月且数额相同的行跳过，重复导入不改变任何数据）")
            .Produces<PayrollImportResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static IResult Answer(PayrollImportResult result) => result.Valid
        ? TypedResults.Ok(result)
        : TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: ErrorHandling.TitleFor(StatusCodes.Status400BadRequest),
            detail: $"工资表有 {result.Errors.Count} 处错误，未写入任何数据。",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = "wages.import_invalid",
                ["errors"] = result.Errors,
                ["rows"] = result.Rows,
                ["sha256"] = result.Sha256,
            });
}

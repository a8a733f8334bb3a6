using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage.Flows;

internal static class AccountFlowEndpoints
{
    public static readonly string[] Importers = [Roles.BankOfficer, Roles.CountyAdmin, Roles.CountyStaff];

    public static IEndpointRouteBuilder MapAccountFlows(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/loan-usage/flows/import", async (IFormFile? file, ImportFileStore store, AccountFlowImport import, CancellationToken ct) =>
                Answer(await ImportAsync(file, store, import, ct)))
            .RequireAuthorization(p => p.RequireRole(Importers))
            .DisableAntiforgery()
            .WithTags("贷款用途监管")
            .WithName("ImportAccountFlows")
            .WithSummary("导入银行账户流水（xlsx，或 UTF-8/GBK 编码的 csv；逐行逐列报错，全部写入或全不写入；已登记的行计入 existing，不重复登记）；供“放款后资金随即转给第三方”规则使用")
            .Produces<AccountFlowImportResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>The upload kept only while it is read: the import is one step, all or nothing.</summary>
    internal static async Task<AccountFlowImportResult> ImportAsync(IFormFile? file, ImportFileStore store, AccountFlowImport import, CancellationToken ct)
    {
        if (file is null)
        {
            throw new DomainException("flows.import_no_file", "请以 multipart/form-data 上传文件，字段名为 file。", "file");
        }
        StoredImport stored;
        await using (var content = file.OpenReadStream())
        {
            stored = await store.SaveAsync(content, file.FileName, file.Length, ct, allowCsv: true);
        }
        try
        {
            return await import.ImportAsync(stored, ct);
        }
        finally
        {
            store.Delete(stored.Id);
        }
    }

    private static IResult Answer(AccountFlowImportResult result) => result.Valid
        ? TypedResults.Ok(result)
        : TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: ErrorHandling.TitleFor(StatusCodes.Status400BadRequest),
            detail: $"流水文件有 {result.Errors.Count} 处错误，未写入任何数据。",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = "flows.import_invalid",
                ["errors"] = result.Errors,
                ["rows"] = result.Rows,
                ["sha256"] = result.Sha256,
            });
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Training;

/// <summary>参训人员导入: a class's sign-in and results sheet; preview, then all or nothing.</summary>
[Authorize(Policy = Policies.EditRegistry)]
public sealed class TrainingImportModel(ImportFileStore store, TrainingImport import, TrainingCommands training)
    : LinkageImportPage(store, "参训人员导入", "请选择参训人员表（xlsx 或 csv）。")
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    /// <summary>The class is found in the caller's scope before any handler runs: outside it the page is not found (404).</summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await training.GetAsync(Id, HttpContext.RequestAborted);
        await next();
    }

    protected override Task<LinkageImportResult> PreviewAsync(StoredImport file, CancellationToken ct) => import.PreviewAsync(Id, file, ct);

    protected override Task<LinkageImportResult> ImportAsync(StoredImport file, CancellationToken ct) => import.ImportAsync(Id, file, ct);
}

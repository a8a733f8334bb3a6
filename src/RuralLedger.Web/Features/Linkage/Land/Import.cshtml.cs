using Microsoft.AspNetCore.Authorization;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Land;

/// <summary>土地流转导入: one row per plot let; preview, then all or nothing.</summary>
[Authorize(Policy = Policies.EditRegistry)]
public sealed class LandImportModel(ImportFileStore store, LandImport import)
    : LinkageImportPage(store, "土地流转导入", "请选择流转表（xlsx 或 csv）。")
{
    protected override Task<LinkageImportResult> PreviewAsync(StoredImport file, CancellationToken ct) => import.PreviewAsync(file, ct);

    protected override Task<LinkageImportResult> ImportAsync(StoredImport file, CancellationToken ct) => import.ImportAsync(file, ct);
}

using Microsoft.AspNetCore.Authorization;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Agreements;

/// <summary>联结协议导入: an enterprise's or cooperative's sheet, one row per household; preview, then all or nothing.</summary>
[Authorize(Policy = Policies.EditRegistry)]
public sealed class AgreementImportModel(ImportFileStore store, AgreementImport import)
    : LinkageImportPage(store, "联结协议导入", "请选择协议表（xlsx 或 csv）。")
{
    protected override Task<LinkageImportResult> PreviewAsync(StoredImport file, CancellationToken ct) => import.PreviewAsync(file, ct);

    protected override Task<LinkageImportResult> ImportAsync(StoredImport file, CancellationToken ct) => import.ImportAsync(file, ct);
}

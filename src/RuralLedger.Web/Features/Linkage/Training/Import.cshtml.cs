using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Web.Features.Credit;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Training;

/// <summary>参训人员导入: a class's sign-in and results sheet; preview, then all or nothing.</summary>
[Authorize(Policy = Policies.EditRegistry)]
public sealed class TrainingImportModel(ImportFileStore store, TrainingImport import)
    : StagedImportPage<LinkageImportResult>(store, "参训人员导入", "请选择参训人员表（xlsx 或 csv）。", "linkage")
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    protected override Task<LinkageImportResult> PreviewAsync(StoredImport file, CancellationToken ct) => import.PreviewAsync(Id, file, ct);

    protected override Task<LinkageImportResult> ImportAsync(StoredImport file, CancellationToken ct) => import.ImportAsync(Id, file, ct);

    protected override bool AwaitsConfirmation(LinkageImportResult result) => result.Valid && result.New > 0;

    protected override LinkageImportResult WithoutToken(LinkageImportResult result) => result with { Token = null };
}

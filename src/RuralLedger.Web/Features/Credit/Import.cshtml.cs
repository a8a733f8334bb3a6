using Microsoft.AspNetCore.Authorization;
using RuralLedger.Core.Accounts;
using RuralLedger.Data.Credit;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Credit;

/// <summary>还款文件导入: upload, preview with row and column errors, confirm to write all rows or none.</summary>
[Authorize(Roles = Roles.BankOfficer)]
public sealed class ImportModel(ImportFileStore store, RepaymentImport import)
    : StagedImportPage<RepaymentImportResult>(store, "还款文件导入", "请选择银行还款文件（xlsx 或 csv）。")
{
    protected override Task<RepaymentImportResult> PreviewAsync(StoredImport file, CancellationToken ct) => import.PreviewAsync(file, ct);

    protected override Task<RepaymentImportResult> ImportAsync(StoredImport file, CancellationToken ct) => import.ImportAsync(file, ct);

    protected override bool AwaitsConfirmation(RepaymentImportResult result) => result.Valid && result.New > 0;

    protected override RepaymentImportResult WithoutToken(RepaymentImportResult result) => result with { Token = null };
}

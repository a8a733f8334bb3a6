using Microsoft.AspNetCore.Authorization;
using RuralLedger.Core.Accounts;
using RuralLedger.Data.Credit;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Credit;

/// <summary>存量贷款导入: upload a bank's sheet, preview with row and column errors, confirm to enter all loans or none.</summary>
[Authorize(Roles = Roles.BankOfficer + "," + Roles.CountyAdmin + "," + Roles.CountyStaff)]
public sealed class ImportLoansModel(ImportFileStore store, LoanImport import)
    : StagedImportPage<LoanImportResult>(store, "存量贷款导入", "请选择银行存量贷款表（xlsx 或 csv）。")
{
    protected override Task<LoanImportResult> PreviewAsync(StoredImport file, CancellationToken ct) => import.PreviewAsync(file, ct);

    protected override Task<LoanImportResult> ImportAsync(StoredImport file, CancellationToken ct) => import.ImportAsync(file, ct);

    protected override bool AwaitsConfirmation(LoanImportResult result) => result.Valid && result.New > 0;

    protected override LoanImportResult WithoutToken(LoanImportResult result) => result with { Token = null };
}

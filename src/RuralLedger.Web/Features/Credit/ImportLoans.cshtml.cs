using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Credit;

/// <summary>存量贷款导入: upload a bank's sheet, preview with row and column errors, confirm to enter all loans or none.</summary>
[Authorize(Roles = Roles.BankOfficer + "," + Roles.CountyAdmin + "," + Roles.CountyStaff)]
public sealed class ImportLoansModel(ImportFileStore store, LoanImport import) : PageModel
{
    public LoanImportResult? Result { get; private set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
        ViewData["Title"] = "存量贷款导入";
        ViewData["Active"] = "credit";
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        OnGet();
        if (file is null)
        {
            Error = "请选择银行存量贷款表（xlsx 或 csv）。";
            return Page();
        }
        try
        {
            StoredImport stored;
            await using (var content = file.OpenReadStream())
            {
                stored = await store.SaveAsync(content, file.FileName, file.Length, ct, allowCsv: true);
            }
            Result = await import.PreviewAsync(stored, ct);
            if (!Result.Valid || Result.New == 0)
            {
                store.Delete(stored.Id);
                Result = Result with { Token = null };
            }
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string token, CancellationToken ct)
    {
        OnGet();
        try
        {
            var stored = store.Get(token);
            try
            {
                Result = await import.ImportAsync(stored, ct) with { Token = null };
            }
            finally
            {
                store.Delete(stored.Id);
            }
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        return Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Wages;

/// <summary>工资表导入: upload, preview with row and column errors, confirm to write all rows or none.</summary>
[Authorize(Policy = Policies.EditRegistry)]
public sealed class PayrollImportModel(ImportFileStore store, PayrollImport import) : PageModel
{
    public PayrollImportResult? Result { get; private set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
        ViewData["Title"] = "工资表导入";
        ViewData["Active"] = "linkage";
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        OnGet();
        if (file is null)
        {
            Error = "请选择用工单位的工资表（xlsx）。";
            return Page();
        }
        try
        {
            StoredImport stored;
            await using (var content = file.OpenReadStream())
            {
                stored = await store.SaveAsync(content, file.FileName, file.Length, ct);
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

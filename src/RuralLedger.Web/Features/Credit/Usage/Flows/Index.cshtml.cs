using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Credit.Usage.Flows;

/// <summary>Uploading a bank's account-flow sheet: the lines recorded and skipped, or every error by row and column.</summary>
public sealed class AccountFlowPageModel(ImportFileStore store, AccountFlowImport import) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    public AccountFlowImportResult? Result { get; private set; }

    public IActionResult OnGet()
    {
        ViewData["Title"] = "导入账户流水";
        ViewData["Active"] = "credit";
        return AccountFlowEndpoints.Importers.Any(User.IsInRole) ? Page() : Forbid();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (OnGet() is not PageResult page)
        {
            return Forbid();
        }
        try
        {
            Result = await AccountFlowEndpoints.ImportAsync(Upload, store, import, ct);
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            ModelState.AddModelError("Upload", e.Message);
        }
        return page;
    }
}

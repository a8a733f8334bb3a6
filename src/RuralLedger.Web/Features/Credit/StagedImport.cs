using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Credit;

/// <summary>
/// Upload → preview → confirm of the staged imports (repayment files, existing loans; linkage agreements, land, training),
/// the same for the pages and the API: the upload is kept under its token only while a valid preview with new rows awaits confirmation; a
/// confirmation runs the kept file again and removes it, whatever the outcome.
/// </summary>
public static class StagedImport
{
    public static async Task<T> PreviewAsync<T>(ImportFileStore store, IFormFile file, Func<StoredImport, CancellationToken, Task<T>> preview,
        Func<T, bool> awaitsConfirmation, Func<T, T> withoutToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(file);
        StoredImport stored;
        await using (var content = file.OpenReadStream())
        {
            stored = await store.SaveAsync(content, file.FileName, file.Length, ct, allowCsv: true);
        }
        var result = await preview(stored, ct);
        if (awaitsConfirmation(result))
        {
            return result;
        }
        store.Delete(stored.Id);
        return withoutToken(result);
    }

    public static async Task<T> ConfirmAsync<T>(ImportFileStore store, string? token, Func<StoredImport, CancellationToken, Task<T>> import, Func<T, T> withoutToken,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = store.Get(token);
        try
        {
            return withoutToken(await import(stored, ct));
        }
        finally
        {
            store.Delete(stored.Id);
        }
    }
}

/// <summary>The page of a staged import: upload, preview with row and column errors, confirm to write all rows or none.</summary>
public abstract class StagedImportPage<TResult>(ImportFileStore store, string title, string noFile, string active = "credit") : PageModel
{
    public TResult? Result { get; private set; }

    public string? Error { get; private set; }

    protected abstract Task<TResult> PreviewAsync(StoredImport file, CancellationToken ct);

    protected abstract Task<TResult> ImportAsync(StoredImport file, CancellationToken ct);

    protected abstract bool AwaitsConfirmation(TResult result);

    protected abstract TResult WithoutToken(TResult result);

    public void OnGet()
    {
        ViewData["Title"] = title;
        ViewData["Active"] = active;
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct)
    {
        OnGet();
        if (file is null)
        {
            Error = noFile;
            return Page();
        }
        try
        {
            Result = await StagedImport.PreviewAsync(store, file, PreviewAsync, AwaitsConfirmation, WithoutToken, ct);
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
            Result = await StagedImport.ConfirmAsync(store, token, ImportAsync, WithoutToken, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        return Page();
    }
}

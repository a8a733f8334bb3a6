using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry.Excel;

/// <summary>
/// Upload → preview (counts and every bad cell) → confirm. The uploaded file stays on the server under a random id
/// between the two steps; confirming re-reads and re-validates it, and writes all of it or nothing.
/// </summary>
[Authorize(Policy = Policies.EditRegistry)]
[RequestSizeLimit(RegistryExcel.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = RegistryExcel.MaxRequestBytes)]
public sealed class ImportModel(ImportFileStore store, HouseholdImport import) : PageModel
{
    public ImportPreview? Preview { get; private set; }

    public string? Error { get; private set; }

    public void OnGet() => Title();

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken ct)
    {
        Title();
        if (file is null || file.Length == 0)
        {
            Error = "请选择要上传的 .xlsx 文件。";
            return Page();
        }
        try
        {
            StoredImport stored;
            await using (var content = file.OpenReadStream())
            {
                stored = await store.SaveAsync(content, file.FileName, file.Length, ct);
            }
            Preview = await import.PreviewAsync(stored, ct);
            if (!Preview.Valid || Preview.Counts.NothingToChange)
            {
                // Nothing to confirm: the file is not kept.
                store.Delete(stored.Id);
            }
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            Error = e.Message;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? id, CancellationToken ct)
    {
        Title();
        try
        {
            var stored = store.Get(id);
            var result = await import.ImportAsync(stored, ct);
            if (!result.Written)
            {
                // The data changed since the preview: show what the file would do now.
                store.Delete(stored.Id);
                Preview = result with { FileId = null };
                Error = result.Valid ? "按当前数据，此文件已没有需要写入的内容。" : "自预览以来数据已有变化，文件现在有错误，未写入任何数据。";
                return Page();
            }
            store.Delete(stored.Id);
            var c = result.Counts;
            TempData["Flash"] = $"导入完成：新建 {c.HouseholdsNew:N0} 户，修改 {c.HouseholdsChanged:N0} 户；新增成员 {c.MembersNew:N0} 人，更新 {c.MembersChanged:N0} 人，未变 {c.MembersUnchanged:N0} 人。";
            return Redirect("/registry");
        }
        catch (DomainException e)
        {
            Error = e.Message;
            return Page();
        }
    }

    public IActionResult OnPostCancel(string? id)
    {
        try
        {
            store.Delete(store.Get(id).Id);
        }
        catch (NotFoundException)
        {
            // Already gone.
        }
        return Redirect("/registry/import");
    }

    private void Title()
    {
        ViewData["Title"] = "Excel 导入户档案";
        ViewData["Active"] = "registry";
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets.Excel;

/// <summary>
/// Upload → preview (what would be created, and every bad cell by row and column) → confirm. The file stays on the server
/// under a random token between the two steps; confirming re-reads and re-checks it and writes all new assets or none.
/// </summary>
[Authorize(Policy = Policies.EditAssets)]
[RequestSizeLimit(RegistryExcel.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = RegistryExcel.MaxRequestBytes)]
public sealed class ImportModel(ImportFileStore store, AssetImport import) : PageModel
{
    public const int ShownItems = 200;

    public AssetImportResult? Preview { get; private set; }

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
            if (!Preview.Valid || Preview.NothingToCreate)
            {
                store.Delete(stored.Id);
                Preview = Preview with { Token = null };
            }
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            Error = e.Message;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? token, CancellationToken ct)
    {
        Title();
        try
        {
            var stored = store.Get(token);
            try
            {
                var result = await import.ImportAsync(stored, ct);
                if (!result.Written)
                {
                    Preview = result with { Token = null };
                    Error = result.Valid ? "按当前台账，此文件已没有需要新建的资产。" : "自预览以来台账已有变化，文件现在有错误，未写入任何数据。";
                    return Page();
                }
                TempData["Flash"] = $"导入完成：新建资产 {result.Counts.New:N0} 项，原值合计 {result.Counts.NewValue}；已登记而跳过 {result.Counts.Existing:N0} 项。";
                return Redirect("/assets");
            }
            finally
            {
                store.Delete(stored.Id);
            }
        }
        catch (DomainException e)
        {
            Error = e.Message;
            return Page();
        }
    }

    public IActionResult OnPostCancel(string? token)
    {
        try
        {
            store.Delete(store.Get(token).Id);
        }
        catch (NotFoundException)
        {
            // Already gone.
        }
        return Redirect("/assets/import");
    }

    private void Title()
    {
        ViewData["Title"] = "Excel 导入资产台账";
        ViewData["Active"] = "assets";
    }
}

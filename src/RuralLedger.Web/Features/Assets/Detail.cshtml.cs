using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets;

[RequestSizeLimit(AssetAttachments.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = AssetAttachments.MaxRequestBytes)]
public sealed class DetailModel(AssetQuery assets, AssetAttachments files, IAuthorizationService authorization) : PageModel
{
    public AssetView Asset { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public bool CanManageProjects { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostUploadAsync(long id, IFormFile? file, string? caption, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.EditAssets)).Succeeded)
        {
            return Forbid();
        }
        try
        {
            await using var content = file?.OpenReadStream();
            await files.UploadAsync(id, file?.FileName, file?.Length ?? 0, content, caption, ct);
            TempData["Flash"] = "文件已上传。";
            return Redirect($"/assets/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            return await LoadAsync(id, ct);
        }
    }

    public async Task<IActionResult> OnPostDeleteFileAsync(long id, long fileId, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.EditAssets)).Succeeded)
        {
            return Forbid();
        }
        await files.DeleteAsync(id, fileId, ct);
        TempData["Flash"] = "文件已删除。";
        return Redirect($"/assets/{id}");
    }

    private async Task<IActionResult> LoadAsync(long id, CancellationToken ct)
    {
        Asset = await assets.GetAsync(id, ct);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditAssets)).Succeeded;
        CanManageProjects = (await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded;
        ViewData["Title"] = $"资产档案 {Asset.Code}";
        ViewData["Active"] = "assets";
        return Page();
    }
}

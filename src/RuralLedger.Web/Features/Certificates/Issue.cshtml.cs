using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Certificates;

[Authorize(Policy = Policies.ManageProjects)]
public sealed class IssueModel(CertificateQueries queries, CertificateCommands issuer, RuralDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? AssetId { get; set; }

    /// <summary>An asset code typed on the page when it was opened without an asset.</summary>
    [BindProperty(SupportsGet = true)]
    public string? AssetCode { get; set; }

    public IssuePreview? Asset { get; private set; }

    public string? LookupError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "颁发所有权证";
        ViewData["Active"] = "rights";
        if (AssetId is null && !string.IsNullOrWhiteSpace(AssetCode))
        {
            var code = AssetCode.Trim();
            var found = await db.Assets.AsNoTracking().Where(a => a.Code == code).Select(a => (long?)a.Id.Value).FirstOrDefaultAsync(ct);
            if (found is null)
            {
                LookupError = $"资产编号 {code} 不存在或不在您的权限范围内。";
                return Page();
            }
            return Redirect($"/certificates/issue?assetId={found}");
        }
        if (AssetId is { } id)
        {
            Asset = await queries.PreviewAsync(id, ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ViewData["Title"] = "颁发所有权证";
        ViewData["Active"] = "rights";
        if (AssetId is not { } id)
        {
            return Redirect("/certificates/issue");
        }
        try
        {
            var issued = await issuer.IssueAsync(id, ct);
            TempData["Flash"] = $"已颁发所有权证 {issued.Number}。";
            return Redirect($"/certificates/{issued.Id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            Asset = await queries.PreviewAsync(id, ct);
            return Page();
        }
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Certificates;

public sealed class DetailModel(CertificateQueries queries, CertificateCommands issuer, CertificatePdf pdf, IAuthorizationService authorization) : PageModel
{
    public CertificateView Certificate { get; private set; } = null!;

    public bool CanManage { get; private set; }

    public string VerificationUrl { get; private set; } = "";

    public string QrDataUri { get; private set; } = "";

    [BindProperty]
    public ReasonForm Reissue { get; set; } = new();

    [BindProperty]
    public ReasonForm Revoke { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostReissueAsync(long id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded)
        {
            return Forbid();
        }
        try
        {
            var issued = await issuer.ReissueAsync(id, new ReasonInput(Reissue.Reason), ct);
            TempData["Flash"] = $"已换发新证 {issued.Number}，原证已作废。";
            return Redirect($"/certificates/{issued.Id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            Show(e, "Reissue");
            return await LoadAsync(id, ct);
        }
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded)
        {
            return Forbid();
        }
        try
        {
            await issuer.RevokeAsync(id, new ReasonInput(Revoke.Reason), ct);
            TempData["Flash"] = "所有权证已注销。";
            return Redirect($"/certificates/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            Show(e, "Revoke");
            return await LoadAsync(id, ct);
        }
    }

    /// <summary>A missing reason goes next to its field; anything else (already reissued meanwhile, asset disposed) above the page.</summary>
    private void Show(DomainException e, string form)
    {
        if (e.Field == "reason")
        {
            FormErrors.Apply(ModelState, e, form);
        }
        else
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }
    }

    private async Task<IActionResult> LoadAsync(long id, CancellationToken ct)
    {
        Certificate = await queries.GetAsync(id, ct);
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded;
        VerificationUrl = pdf.VerificationUrl(Certificate, Request);
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(CertificatePdf.QrPng(VerificationUrl, 4));
        ViewData["Title"] = $"所有权证 {Certificate.Number}";
        ViewData["Active"] = "rights";
        return Page();
    }
}

public sealed class ReasonForm
{
    public string? Reason { get; set; }
}

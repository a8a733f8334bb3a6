using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Land;

public sealed class LandForm
{
    public string? HouseholdNo { get; set; }

    public string? TenantName { get; set; }

    public string? TenantCode { get; set; }

    public string? Location { get; set; }

    public decimal? AreaMu { get; set; }

    public decimal? RentPerMu { get; set; }

    public DateOnly? StartOn { get; set; }

    public DateOnly? EndOn { get; set; }
}

/// <summary>土地流转: every transfer with rent due, paid and in arrears; the ledger; the form to record one.</summary>
public sealed class LandPageModel(LandCommands land, IAuthorizationService authorization) : PageModel
{
    [BindProperty]
    public LandForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? Household { get; set; }

    public LandSummary Summary { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        long id = 0;
        var result = await this.StepAsync(authorization, Policies.EditRegistry, "Input",
            async () =>
            {
                id = await land.CreateAsync(new LandTransferInput(Input.HouseholdNo, Input.TenantName, Input.TenantCode, Input.Location, Input.AreaMu,
                    FormValues.Yuan(Input.RentPerMu, "rentPerMu"), Input.StartOn, Input.EndOn, null), ct);
                return "土地流转已登记。";
            },
            "/linkage/land", () => LoadAsync(ct));
        return result is RedirectResult ? Redirect($"/linkage/land/{id}") : result;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "土地流转";
        ViewData["Active"] = "linkage";
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
        Summary = await land.ListAsync(Household, ct);
    }
}

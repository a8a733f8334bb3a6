using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Land;

public sealed class RentForm
{
    public DateOnly? PaidOn { get; set; }

    public decimal? Amount { get; set; }

    public string? Note { get; set; }
}

public sealed class EndForm
{
    public DateOnly? On { get; set; }

    public string? Reason { get; set; }
}

/// <summary>One land transfer: terms, rent due, payments and arrears; a payment to record.</summary>
public sealed class LandDetailModel(LandCommands land, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public RentForm Payment { get; set; } = new();

    [BindProperty]
    public EndForm Ending { get; set; } = new();

    public LandTransferView Transfer { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Payment.PaidOn = BusinessCalendar.Today(clock);
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.EditRegistry, "Payment",
            () => land.PayAsync(Id, new RentPaymentInput(Payment.PaidOn, FormValues.Yuan(Payment.Amount, "amount"), Payment.Note, Version), ct),
            "租金已登记。", $"/linkage/land/{Id}", () => LoadAsync(ct));

    public Task<IActionResult> OnPostEndAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.EditRegistry, "Ending",
            () => land.EndAsync(Id, new EndLandTransferInput(Ending.On, Ending.Reason, Version), ct),
            "流转已终止，租金计至终止日。", $"/linkage/land/{Id}", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Transfer = await land.GetAsync(Id, ct);
        Version = Transfer.Version;
        ViewData["Title"] = "土地流转 " + Transfer.HouseholdNo;
        ViewData["Active"] = "linkage";
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Agreements;

public sealed class AgreementForm
{
    public string? PartnerName { get; set; }

    public string? PartnerCode { get; set; }

    public AgreementType Type { get; set; } = AgreementType.Employment;

    public DateOnly? SignedOn { get; set; }

    public DateOnly? StartOn { get; set; }

    public DateOnly? EndOn { get; set; }

    public decimal? MonthlyWage { get; set; }

    public decimal? GuaranteedPrice { get; set; }

    public decimal? RentPerMu { get; set; }

    public decimal? Dividend { get; set; }

    public string? Projects { get; set; }

    /// <summary>Household numbers, one a line (or separated by commas or spaces).</summary>
    public string? Households { get; set; }
}

/// <summary>利益联结协议: the list, the xlsx ledger and the form to sign one.</summary>
public sealed class AgreementsPageModel(AgreementCommands agreements, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty]
    public AgreementForm Input { get; set; } = new();

    public IReadOnlyList<AgreementListItem> Items { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.SignedOn = Input.StartOn = BusinessCalendar.Today(clock);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        long id = 0;
        var households = (Input.Households ?? "").Split(['\n', '\r', ',', '，', ' ', '\t', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return await this.StepAsync(authorization, Policies.EditRegistry, "Input",
            async () =>
            {
                id = await agreements.SignAsync(new AgreementInput(Input.PartnerName, Input.PartnerCode, Input.Type, Input.SignedOn, Input.StartOn, Input.EndOn,
                    FormValues.Yuan(Input.MonthlyWage, "monthlyWage"), FormValues.Yuan(Input.GuaranteedPrice, "guaranteedPrice"),
                    FormValues.Yuan(Input.RentPerMu, "rentPerMu"), FormValues.Yuan(Input.Dividend, "dividend"), Input.Projects, households), ct);
                return $"协议已登记，联结 {households.Length} 户。";
            },
            "/linkage/agreements", () => LoadAsync(ct), f => f.StartsWith("households", StringComparison.Ordinal) ? "households" : null);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "利益联结协议";
        ViewData["Active"] = "linkage";
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
        Items = await agreements.ListAsync(ct);
    }
}

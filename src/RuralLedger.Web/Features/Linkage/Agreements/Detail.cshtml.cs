using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Agreements;

public sealed class AgreementStepForm
{
    public DateOnly? On { get; set; }

    public string? Reason { get; set; }
}

/// <summary>One agreement: terms, promised benefits, households; renewal and termination with a reason.</summary>
public sealed class AgreementDetailModel(AgreementCommands agreements, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public AgreementStepForm Renewal { get; set; } = new();

    [BindProperty]
    public AgreementStepForm Termination { get; set; } = new();

    [BindProperty]
    public AgreementForm Draft { get; set; } = new();

    public AgreementView Agreement { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var a = Agreement;
        Draft = new AgreementForm
        {
            PartnerName = a.PartnerName, PartnerCode = a.PartnerCode, Type = a.Type, SignedOn = a.SignedOn, StartOn = a.StartOn, EndOn = a.EndOn,
            MonthlyWage = a.MonthlyWage.Yuan, GuaranteedPrice = a.GuaranteedPrice.Yuan, RentPerMu = a.RentPerMu.Yuan, Dividend = a.Dividend.Yuan, Projects = a.Projects,
        };
    }

    public Task<IActionResult> OnPostEditDraftAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.EditRegistry, "Draft",
            () => agreements.EditDraftAsync(Id, new DraftAgreementInput(Draft.PartnerName, Draft.PartnerCode, Draft.Type, Draft.SignedOn, Draft.StartOn, Draft.EndOn,
                FormValues.Yuan(Draft.MonthlyWage, "monthlyWage"), FormValues.Yuan(Draft.GuaranteedPrice, "guaranteedPrice"), FormValues.Yuan(Draft.RentPerMu, "rentPerMu"),
                FormValues.Yuan(Draft.Dividend, "dividend"), Draft.Projects, Version), ct),
            "草稿已保存。", $"/linkage/agreements/{Id}", () => LoadAsync(ct));

    public Task<IActionResult> OnPostActivateAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.EditRegistry, "Draft",
            () => agreements.ActivateAsync(Id, new ActivateAgreementInput(Version), ct),
            "协议已签订生效。", $"/linkage/agreements/{Id}", () => LoadAsync(ct));

    public Task<IActionResult> OnPostDiscardAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.EditRegistry, "Termination",
            () => agreements.DiscardAsync(Id, new DiscardAgreementInput(Termination.Reason, Version), ct),
            "草稿已作废。", $"/linkage/agreements/{Id}", () => LoadAsync(ct));

    public Task<IActionResult> OnPostRenewAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.EditRegistry, "Renewal",
            () => agreements.RenewAsync(Id, new RenewAgreementInput(Renewal.On, Renewal.Reason, Version), ct),
            "协议已续签。", $"/linkage/agreements/{Id}", () => LoadAsync(ct), f => f == "endOn" ? "on" : null);

    public Task<IActionResult> OnPostTerminateAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.EditRegistry, "Termination",
            () => agreements.TerminateAsync(Id, new TerminateAgreementInput(Termination.On, Termination.Reason, Version), ct),
            "协议已终止。", $"/linkage/agreements/{Id}", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Agreement = await agreements.GetAsync(Id, ct);
        Version = Agreement.Version;
        ViewData["Title"] = "协议 " + Agreement.Number;
        ViewData["Active"] = "linkage";
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Contracts;

public sealed class ContractDetailModel(ContractQueries queries, ContractCommands writer, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    public ContractView Contract { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public DateOnly Today { get; private set; }

    [BindProperty]
    public ReceiptForm Receipt { get; set; } = new();

    [BindProperty]
    public ProfitForm Profit { get; set; } = new();

    [BindProperty]
    public EmploymentForm Employment { get; set; } = new();

    [BindProperty]
    public TerminationForm Termination { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    /// <summary>Which form the last post came from, so its errors show with it.</summary>
    public string? Posted { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Receipt.ReceivedOn = Today;
        Profit.Year = Today.Year - 1;
        Employment.Year = Today.Year;
        Termination.TerminatedOn = Today;
        var last = Contract.Employment.LastOrDefault();
        if (last is not null)
        {
            Employment = new EmploymentForm { Year = Today.Year, Jobs = last.Jobs, PoorPeople = last.PoorPeople, PoorHouseholds = last.PoorHouseholds };
        }
        return Page();
    }

    public Task<IActionResult> OnPostReceiptAsync(long id, CancellationToken ct) =>
        PostAsync(id, "Receipt", "收款已登记，并已按资产价值分摊为资产收益。",
            () => writer.ReceiveAsync(id, new ReceiptInput(Receipt.ReceivedOn, FormValues.Yuan(Receipt.Amount, "amount"), Receipt.Reference, Version), ct), ct);

    public Task<IActionResult> OnPostProfitAsync(long id, CancellationToken ct) =>
        PostAsync(id, "Profit", "年度利润已申报，分成已计入应收。",
            () => writer.DeclareProfitAsync(id, new ProfitInput(Profit.Year, FormValues.Yuan(Profit.Profit, "profit"), Profit.DueOn, Version), ct), ct);

    public Task<IActionResult> OnPostEmploymentAsync(long id, CancellationToken ct) =>
        PostAsync(id, "Employment", "带贫成效已填报。",
            async () =>
            {
                var v = new Validation();
                var input = new EmploymentInput(Employment.Year, Employment.Jobs, Employment.PoorPeople, Employment.PoorHouseholds,
                    FormValues.Yuan(Employment.Wages, v, "wages"), FormValues.Yuan(Employment.WagesToPoor, v, "wagesToPoor"), Version);
                v.ThrowIfAny();
                await writer.ReportEmploymentAsync(id, input, ct);
                return 0;
            }, ct);

    public Task<IActionResult> OnPostTerminateAsync(long id, CancellationToken ct) =>
        PostAsync(id, "Termination", "合同已终止，终止日后的未付期次已作废。",
            async () =>
            {
                await writer.TerminateAsync(id, new TerminationInput(Termination.TerminatedOn, Termination.Reason, Termination.Breach, Termination.BreachDescription, Version), ct);
                return 0;
            }, ct);

    private Task<IActionResult> PostAsync<T>(long id, string form, string done, Func<Task<T>> action, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.EditAssets, form, () => action(), done, $"/contracts/{id}", () =>
        {
            Posted = form;
            return LoadAsync(id, ct);
        });

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Contract = await queries.GetAsync(id, ct);
        Version = Contract.Version;
        Today = BusinessCalendar.Today(clock);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditAssets)).Succeeded;
        ViewData["Title"] = $"经营合同 {Contract.Number}";
        ViewData["Active"] = "contracts";
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Ventures;

public sealed class VentureStepForm
{
    public string? LoanNumber { get; set; }

    public VentureSupportKind? Kind { get; set; }

    public DateOnly? On { get; set; }

    public string? Provider { get; set; }

    public string? Note { get; set; }

    public int? Year { get; set; }

    public int? Jobs { get; set; }

    public decimal? Income { get; set; }

    public string? HouseholdNo { get; set; }

    public string? MemberName { get; set; }

    public int? Version { get; set; }
}

/// <summary>One project: its loans, support and yearly figures, with the forms that add to them.</summary>
public sealed class VentureDetailModel(VentureQueries queries, VentureCommands commands, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty]
    public VentureStepForm Loan { get; set; } = new();

    [BindProperty]
    public VentureStepForm Support { get; set; } = new();

    [BindProperty]
    public VentureStepForm Figures { get; set; } = new();

    [BindProperty]
    public VentureStepForm Worker { get; set; } = new();

    public VentureView Venture { get; private set; } = null!;

    public DateOnly Today => BusinessCalendar.Today(clock);

    public bool CanEdit { get; private set; }

    public Task OnGetAsync(long id, CancellationToken ct) => LoadAsync(id, ct);

    public Task<IActionResult> OnPostLoanAsync(long id, CancellationToken ct) => Step(id, "Loan", () =>
        commands.FundAsync(id, new VentureLoanInput(Loan.LoanNumber, Loan.Version), ct), "扶持贷款已关联。", ct);

    public Task<IActionResult> OnPostSupportAsync(long id, CancellationToken ct) => Step(id, "Support", () =>
        commands.SupportAsync(id, new VentureSupportInput(Support.Kind, Support.On, Support.Provider, Support.Note, Support.Version), ct), "扶持记录已登记。", ct);

    public Task<IActionResult> OnPostFiguresAsync(long id, CancellationToken ct) => Step(id, "Figures", () =>
        commands.RecordYearAsync(id, new VentureYearInput(Figures.Year, Figures.Jobs, FormValues.Yuan(Figures.Income, "income"), Figures.Version), ct),
        "年度就业与收入已登记。", ct);

    public Task<IActionResult> OnPostWorkerAsync(long id, CancellationToken ct) => Step(id, "Worker", () =>
        commands.EmployAsync(id, new VentureWorkerInput(Worker.Year, Worker.HouseholdNo, Worker.MemberName, Worker.Version), ct), "就业人员已登记。", ct);

    private Task<IActionResult> Step(long id, string form, Func<Task> step, string done, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.EditRegistry, form, step, done, $"/credit/ventures/{id}", () => LoadAsync(id, ct));

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Venture = await queries.GetAsync(id, ct);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
        ViewData["Title"] = Venture.Name;
        ViewData["Active"] = "credit";
        Loan.Version = Support.Version = Figures.Version = Worker.Version = Venture.Version;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

public sealed class LoanStepForm
{
    public bool Approve { get; set; } = true;

    public string? Opinion { get; set; }

    public DateOnly? On { get; set; }

    public decimal? Rate { get; set; }

    public int? TermMonths { get; set; }

    public decimal? Amount { get; set; }

    public string? Account { get; set; }

    public int? Months { get; set; }

    public int Version { get; set; }
}

public sealed class RepaymentForm
{
    public DateOnly? PaidOn { get; set; }

    public decimal? Principal { get; set; }

    public decimal? Interest { get; set; }

    public string? PayerName { get; set; }

    public string? PayerAccount { get; set; }
}

/// <summary>
/// 贷款档案: the application, the policy version it was judged by, every step, the schedule and repayments, and the
/// one step the caller's role can take now (review, bank decision, disbursement, repayment, extension, write-off).
/// </summary>
public sealed class LoanDetailModel(LoanQueries queries, LoanCommands commands, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    public LoanFile Loan { get; private set; } = null!;

    [BindProperty]
    public LoanStepForm Step { get; set; } = new();

    [BindProperty]
    public RepaymentForm Repayment { get; set; } = new();

    public bool IsBank => User.IsInRole(Roles.BankOfficer);

    public bool IsCounty => User.IsInRole(Roles.CountyAdmin) || User.IsInRole(Roles.CountyStaff);

    /// <summary>The review this caller may give now, by the loan's status and the caller's role.</summary>
    public string? ReviewLevel => Loan.Status switch
    {
        LoanStatus.Applied when User.IsInRole(Roles.VillageOfficer) => "村审核",
        LoanStatus.VillageReviewed when User.IsInRole(Roles.TownshipOfficer) => "乡镇审核",
        LoanStatus.TownshipReviewed when IsCounty => "县审核",
        _ => null,
    };

    public DateOnly Today => BusinessCalendar.Today(clock);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostReviewAsync(long id, CancellationToken ct) =>
        this.StepAsync(authorization, null, "Step", async () =>
        {
            await commands.ReviewAsync(id, new LoanReviewInput(Step.Approve, Step.Opinion, Step.On, Step.Version), ct);
            return Step.Approve ? "审核意见已记录，已转下一环节。" : "已退回，申请未通过。";
        }, Back(id), () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostDecideAsync(long id, CancellationToken ct) => Bank(() =>
        this.StepAsync(authorization, null, "Step", async () =>
        {
            var v = new Validation();
            var rate = FormValues.Percent(Step.Rate, v, "rate");
            v.ThrowIfAny();
            await commands.DecideAsync(id, new LoanDecisionInput(Step.Approve, rate, Step.TermMonths, Step.Opinion, Step.On, Step.Version), ct);
            return Step.Approve ? "银行已审批同意，待发放。" : "银行已拒绝该申请。";
        }, Back(id), () => LoadAsync(id, ct)));

    public Task<IActionResult> OnPostDisburseAsync(long id, CancellationToken ct) => Bank(() =>
        this.StepAsync(authorization, null, "Step", () => commands.DisburseAsync(id, new LoanDisbursementInput(Step.On, FormValues.Yuan(Step.Amount, "amount"),
            Step.Account, Step.Version), ct), "贷款已发放，还款计划已生成。", Back(id), () => LoadAsync(id, ct)));

    public Task<IActionResult> OnPostRepayAsync(long id, CancellationToken ct) => Bank(() =>
        this.StepAsync(authorization, null, "Repayment", async () =>
        {
            var done = await commands.RepayAsync(id, new LoanRepaymentInput(Repayment.PaidOn, FormValues.Yuan(Repayment.Principal ?? 0m, "principal"),
                FormValues.Yuan(Repayment.Interest ?? 0m, "interest"), Repayment.PayerName, Repayment.PayerAccount), ct);
            return $"还款已登记：按期利息 {Fmt.Amount(done.InterestOnTime)}，逾期利息 {Fmt.Amount(done.InterestLate)}。";
        }, Back(id), () => LoadAsync(id, ct)));

    public Task<IActionResult> OnPostExtendAsync(long id, CancellationToken ct) => Bank(() =>
        this.StepAsync(authorization, null, "Step", () => commands.ExtendAsync(id, new LoanExtensionInput(Step.On, Step.Months, Step.Opinion, Step.Version), ct),
            "已展期，还款计划已按剩余本金重排。", Back(id), () => LoadAsync(id, ct)));

    public Task<IActionResult> OnPostWriteOffAsync(long id, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ApproveCounty, "Step", () => commands.WriteOffAsync(id, new LoanWriteOffInput(Step.On, Step.Opinion, Step.Version), ct),
            "贷款已核销。", Back(id), () => LoadAsync(id, ct));

    private async Task<IActionResult> Bank(Func<Task<IActionResult>> step) => IsBank ? await step() : Forbid();

    private static string Back(long id) => $"/credit/{id}";

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Loan = await queries.FileAsync(id, ct);
        ViewData["Title"] = $"贷款 {Loan.Number}";
        ViewData["Active"] = "credit";
        Step.Version = Loan.Version;
        Step.TermMonths ??= Loan.TermMonths;
        Step.Amount ??= Loan.Amount.Yuan;
        Repayment.PayerName ??= Loan.BorrowerName;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Distribution;

public sealed class MeetingForm
{
    public DateOnly? MeetingOn { get; set; }

    public int Entitled { get; set; }

    public int Present { get; set; }

    public int VotesFor { get; set; }

    public string? Minutes { get; set; }
}

public sealed class NoticeForm
{
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public string? Place { get; set; }
}

/// <summary>One plan: its parts and lines with their explanation, and each governance and payment step as a form.</summary>
public sealed class DetailModel(DistributionQueries queries, PlanCommands plans, PaymentCommands payments, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    public PlanDetail Plan { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public bool CanApprove { get; private set; }

    public bool CanReverse { get; private set; }

    [BindProperty]
    public MeetingForm Meeting { get; set; } = new();

    [BindProperty]
    public NoticeForm Notice { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    public DateOnly Today { get; private set; }

    /// <summary>A village's plan has hundreds of lines: the page shows them <see cref="LinesPerPage"/> at a time (?lines=N).</summary>
    public const int LinesPerPage = 50;

    [BindProperty(SupportsGet = true, Name = "lines")]
    public int LinesPage { get; set; } = 1;

    public int LinesPageCount => Math.Max(1, (Plan.Lines.Count + LinesPerPage - 1) / LinesPerPage);

    public IEnumerable<PlanLineView> LinesShown => Plan.Lines.Skip((Math.Clamp(LinesPage, 1, LinesPageCount) - 1) * LinesPerPage).Take(LinesPerPage);

    public Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => LoadAsync(id, ct);

    public Task<IActionResult> OnPostMeetingAsync(long id, CancellationToken ct) => StepAsync(id, Policies.EditAssets, "Meeting",
        () => plans.RecordMeetingAsync(id, new MeetingInput(Meeting.MeetingOn, Meeting.Entitled, Meeting.Present, Meeting.VotesFor, Meeting.Minutes, Version), ct),
        "四议会议已记录。", ct);

    public Task<IActionResult> OnPostNoticeAsync(long id, CancellationToken ct) => StepAsync(id, Policies.EditAssets, "Notice",
        () => plans.PublishNoticeAsync(id, new NoticeInput(Notice.From, Notice.To, Notice.Place, Version), ct), "公示已发布。", ct);

    public Task<IActionResult> OnPostObjectionAsync(long id, string? filedBy, string? content, CancellationToken ct) => StepAsync(id, Policies.EditAssets, "Objection",
        () => plans.FileObjectionAsync(id, new ObjectionInput(null, filedBy, content), ct), "异议已登记。", ct);

    public Task<IActionResult> OnPostAnswerAsync(long id, long objectionId, string? answer, CancellationToken ct) => StepAsync(id, Policies.EditAssets, "Answer",
        () => plans.AnswerObjectionAsync(id, objectionId, new AnswerInput(answer), ct), "异议已答复。", ct);

    public Task<IActionResult> OnPostApproveAsync(long id, string? opinion, CancellationToken ct) => StepAsync(id, Policies.ApproveTownship, "Approve",
        () => plans.ApproveAsync(id, new ApprovalInput(opinion, Version), ct), "乡镇已审批。", ct);

    public Task<IActionResult> OnPostReturnAsync(long id, string? reason, CancellationToken ct) => StepAsync(id, Policies.ApproveTownship, "Return",
        () => plans.ReturnAsync(id, new PlanReasonInput(reason, Version), ct), "方案已退回村里，须重新召开会议并公示。", ct);

    public Task<IActionResult> OnPostDiscardAsync(long id, string? reason, CancellationToken ct) => StepAsync(id, Policies.EditAssets, "Discard",
        () => plans.DiscardAsync(id, new PlanReasonInput(reason, Version), ct), "方案已作废，其收益可重新测算。", ct);

    public Task<IActionResult> OnPostPostAsync(long id, CancellationToken ct) => StepAsync(id, Policies.EditAssets, "Post",
        () => plans.PostAsync(id, ct), "已记账。", ct);

    public Task<IActionResult> OnPostBatchAsync(long id, CancellationToken ct) => StepAsync(id, Policies.EditAssets, "Batch",
        async () =>
        {
            var b = await payments.CreateBatchAsync(id, ct);
            return $"已生成第 {b.Sequence} 批代发，{b.Lines} 户，共 {b.Total}。" + (b.WithoutAccount.Count > 0 ? $"另有 {b.WithoutAccount.Count} 户未登记一卡通账号，暂不代发：{string.Join("、", b.WithoutAccount.Take(5))}。" : "");
        }, ct);

    public Task<IActionResult> OnPostResultAsync(long id, long batchId, IFormFile? file, CancellationToken ct) => StepAsync(id, Policies.EditAssets, "Result",
        async () =>
        {
            if (file is null || file.Length == 0)
            {
                throw new DomainException("payments.file_required", "请选择银行回盘文件。", "file");
            }
            await using var stream = file.OpenReadStream();
            var r = await payments.ImportResultAsync(batchId, stream, file.FileName, ct);
            return r.AlreadyImported ? "该批次回盘此前已导入。" : $"回盘已导入：成功 {r.Paid} 户（{r.PaidTotal}），失败 {r.Failed} 户。";
        }, ct);

    public Task<IActionResult> OnPostReverseAsync(long id, string? reason, CancellationToken ct) => StepAsync(id, Policies.ApproveCounty, "Reverse",
        async () =>
        {
            var rid = await plans.ReverseAsync(id, new ReversalInput(reason), ct);
            return $"已生成冲销方案（编号见列表，ID {rid}），待乡镇审批后记账。";
        }, ct);

    private Task<IActionResult> StepAsync(long id, string policy, string prefix, Func<Task> step, string done, CancellationToken ct) =>
        this.StepAsync(authorization, policy, prefix, step, done, $"/distribution/{id}", () => LoadAsync(id, ct));

    private Task<IActionResult> StepAsync(long id, string policy, string prefix, Func<Task<string>> step, CancellationToken ct) =>
        this.StepAsync(authorization, policy, prefix, async () => (string?)await step(), $"/distribution/{id}", () => LoadAsync(id, ct));

    private async Task<IActionResult> LoadAsync(long id, CancellationToken ct)
    {
        Plan = await queries.DetailAsync(id, ct);
        Version = Plan.Version;
        Today = BusinessCalendar.Today(clock);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditAssets)).Succeeded;
        CanApprove = (await authorization.AuthorizeAsync(User, Policies.ApproveTownship)).Succeeded;
        CanReverse = (await authorization.AuthorizeAsync(User, Policies.ApproveCounty)).Succeeded;
        if (Meeting.Entitled == 0)
        {
            Meeting.MeetingOn = Today;
        }
        Notice.From ??= Today;
        Notice.To ??= Today.AddDays(Core.Distribution.DistributionPlan.MinimumNoticeDays - 1);
        ViewData["Title"] = Plan.Plan.Number;
        ViewData["Active"] = "income";
        return Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Supervision;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Supervision.Warnings;

/// <summary>预警: the warnings of the caller's area, the rules in force, running them now, and closing a warning.</summary>
public sealed class WarningsModel(WarningCommands commands, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public WarningStatus? Status { get; set; } = WarningStatus.Open;

    [BindProperty(SupportsGet = true)]
    public string? Rule { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public AnomalyRuleInput? Publish { get; set; }

    public WarningList Result { get; private set; } = new([], 0, WarningCommands.Limit);

    public IReadOnlyList<AnomalyRuleView> Rules { get; private set; } = [];

    public bool CanInspect { get; private set; }

    public bool CanHandle { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostRunAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.Inspect, "", async () =>
        {
            var run = await commands.RunAsync(ct);
            return $"预警规则已运行：命中 {run.Hits:N0} 条，新增预警 {run.Raised:N0} 条（已有未处理的不重复生成），用时 {run.Milliseconds:N0} ms。";
        }, "/supervision/warnings", () => LoadAsync(ct));

    public Task<IActionResult> OnPostHandleAsync(long id, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.HandleWarnings, "", () => commands.HandleAsync(id, new WarningNoteInput(Note, Version), ct),
            "预警已标记为已处理。", "/supervision/warnings", () => LoadAsync(ct), _ => "Note");

    public Task<IActionResult> OnPostDismissAsync(long id, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.Inspect, "", () => commands.DismissAsync(id, new WarningNoteInput(Note, Version), ct),
            "预警已排除。", "/supervision/warnings", () => LoadAsync(ct), _ => "Note");

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.Inspect, "Publish", async () =>
        {
            var published = await commands.PublishRuleAsync(Publish ?? new AnomalyRuleInput(null, null, null, null, null), ct);
            return $"预警规则 {published.Code} 已发布第 {published.Version} 版。";
        }, "/supervision/warnings", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "预警";
        ViewData["Active"] = "supervision";
        CanInspect = (await authorization.AuthorizeAsync(User, Policies.Inspect)).Succeeded;
        CanHandle = (await authorization.AuthorizeAsync(User, Policies.HandleWarnings)).Succeeded;
        Result = await commands.ListAsync(new WarningFilter(Status, Rule, null), ct);
        Rules = await commands.RulesAsync(ct);
    }
}

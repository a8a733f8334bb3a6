using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Disposals;

public sealed class ResolutionForm
{
    public DateOnly? ResolutionOn { get; set; }

    public int RepresentativesTotal { get; set; }

    public int RepresentativesPresent { get; set; }

    public int VotesFor { get; set; }

    public string? Note { get; set; }
}

public sealed class ApprovalForm
{
    public DateOnly? On { get; set; }

    public string? Opinion { get; set; }
}

public sealed class RejectionForm
{
    public string? Reason { get; set; }
}

public sealed class CompletionForm
{
    public DateOnly? CompletedOn { get; set; }

    public decimal? Proceeds { get; set; }

    public string? Buyer { get; set; }
}

public sealed class DisposalDetailModel(DisposalQueries queries, DisposalCommands writer, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    public DisposalView Disposal { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public bool CanApproveTownship { get; private set; }

    public bool CanApproveCounty { get; private set; }

    [BindProperty]
    public ResolutionForm Resolution { get; set; } = new();

    [BindProperty]
    public ApprovalForm Approval { get; set; } = new();

    [BindProperty]
    public RejectionForm Rejection { get; set; } = new();

    [BindProperty]
    public CompletionForm Completion { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var today = BusinessCalendar.Today(clock);
        Resolution.ResolutionOn = today;
        Approval.On = today;
        Completion.CompletedOn = today;
        return Page();
    }

    public Task<IActionResult> OnPostResolutionAsync(long id, CancellationToken ct) =>
        PostAsync(id, Policies.EditAssets, "Resolution", "村民代表会议决议已记录。", () => writer.RecordResolutionAsync(id, new ResolutionInput(
            Resolution.ResolutionOn, Resolution.RepresentativesTotal, Resolution.RepresentativesPresent, Resolution.VotesFor, Resolution.Note, Version), ct), ct);

    public Task<IActionResult> OnPostTownshipAsync(long id, CancellationToken ct) =>
        PostAsync(id, Policies.ApproveTownship, "Approval", "乡镇审核已通过。",
            () => writer.ApproveByTownshipAsync(id, new DisposalApprovalInput(Approval.On, Approval.Opinion, Version), ct), ct);

    public Task<IActionResult> OnPostCountyAsync(long id, CancellationToken ct) =>
        PostAsync(id, Policies.ApproveCounty, "Approval", "县级审批已通过。",
            () => writer.ApproveByCountyAsync(id, new DisposalApprovalInput(Approval.On, Approval.Opinion, Version), ct), ct);

    public async Task<IActionResult> OnPostRejectAsync(long id, CancellationToken ct)
    {
        if (!await DisposalEndpoints.MayRejectAsync(authorization, User))
        {
            return Forbid();
        }
        return await PostAsync(id, null, "Rejection", "已不予通过。", () => writer.RejectAsync(id, new RejectionInput(Rejection.Reason, Version), ct), ct);
    }

    public Task<IActionResult> OnPostCompleteAsync(long id, CancellationToken ct) =>
        PostAsync(id, Policies.EditAssets, "Completion", "处置已完成，资产已标记为已处置。",
            () => writer.CompleteAsync(id, new CompletionInput(Completion.CompletedOn, FormValues.Yuan(Completion.Proceeds, "proceeds"), Completion.Buyer, Version), ct), ct);

    // The domain names its inputs; the resolution form calls the present count differently.
    private Task<IActionResult> PostAsync(long id, string? policy, string form, string done, Func<Task> action, CancellationToken ct) =>
        this.StepAsync(authorization, policy, form, action, done, $"/disposals/{id}", () => LoadAsync(id, ct),
            field => (form, field) is ("Resolution", "present") ? "representativesPresent" : null);

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Disposal = await queries.GetAsync(id, ct);
        Version = Disposal.Version;
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditAssets)).Succeeded;
        CanApproveTownship = (await authorization.AuthorizeAsync(User, Policies.ApproveTownship)).Succeeded;
        CanApproveCounty = (await authorization.AuthorizeAsync(User, Policies.ApproveCounty)).Succeeded;
        ViewData["Title"] = $"资产处置 {Disposal.AssetCode}";
        ViewData["Active"] = "assets";
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Supervision.Inspections;

/// <summary>
/// One finding: its photos, the responsible unit's rectification (text and photos) and the inspector's check — accept
/// (closed) or return with a reason. Both checks ask first; the return records its reason.
/// </summary>
public sealed class FindingModel(InspectionCommands commands, InspectionQueries queries, IAuthorizationService authorization) : PageModel
{
    [BindProperty]
    public string? Proof { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public List<IFormFile> Photos { get; set; } = [];

    public FindingView Finding { get; private set; } = null!;

    public bool CanRectify { get; private set; }

    public bool CanCheck { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSubmitAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct)
            ? await this.StepAsync(authorization, Policies.EditRegistry, "", async () =>
            {
                var photos = Photos.Where(p => p.Length > 0).Select(p => new PhotoUpload(p.FileName, p.Length, p.OpenReadStream())).ToList();
                await commands.SubmitAsync(id, new ProofInput(Proof, Version), photos, ct);
                return "整改情况已提交，等待检查人复核。";
            }, $"/supervision/findings/{id}", async () => await LoadAsync(id, ct), Rename)
            : NotFound();

    public async Task<IActionResult> OnPostAcceptAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct)
            ? await this.StepAsync(authorization, Policies.Inspect, "", () => commands.AcceptAsync(id, new CheckInput(null, Version), ct),
                "整改已复核通过，问题销号。", $"/supervision/findings/{id}", async () => await LoadAsync(id, ct))
            : NotFound();

    public async Task<IActionResult> OnPostReturnAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct)
            ? await this.StepAsync(authorization, Policies.Inspect, "", () => commands.ReturnAsync(id, new CheckInput(Reason, Version), ct),
                "整改已退回，责任单位须重新整改。", $"/supervision/findings/{id}", async () => await LoadAsync(id, ct), Rename)
            : NotFound();

    private static string? Rename(string field) => field switch
    {
        "proof" => "Proof",
        "reason" => "Reason",
        _ when field.StartsWith("files", StringComparison.Ordinal) => "Photos",
        _ => field,
    };

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        ViewData["Title"] = "问题与整改";
        ViewData["Active"] = "supervision";
        try
        {
            Finding = await queries.FindingAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return false;
        }
        Version = Finding.Version;
        CanRectify = Finding.Status is FindingStatus.Open or FindingStatus.Returned && (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
        CanCheck = Finding.Status == FindingStatus.Submitted && (await authorization.AuthorizeAsync(User, Policies.Inspect)).Succeeded;
        return true;
    }
}

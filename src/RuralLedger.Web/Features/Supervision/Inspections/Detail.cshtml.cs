using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Supervision.Inspections;

public sealed class FindingForm
{
    public FindingCategory Category { get; set; } = FindingCategory.AssetIdle;

    public decimal? Amount { get; set; }

    public string? Description { get; set; }

    public string? ResponsibleUnit { get; set; }

    public string? ResponsiblePerson { get; set; }

    public DateOnly? Deadline { get; set; }
}

/// <summary>One inspection: its findings, and for inspectors the form to record one with photos from the phone's camera.</summary>
public sealed class InspectionDetailModel(InspectionCommands commands, InspectionQueries queries, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty]
    public FindingForm Finding { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public List<IFormFile> Photos { get; set; } = [];

    public InspectionView Inspection { get; private set; } = null!;

    public FindingList Findings { get; private set; } = new([], 0, InspectionCommands.Limit);

    public bool CanInspect { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Finding.Deadline = BusinessCalendar.Today(clock).AddMonths(1);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        return await this.StepAsync(authorization, Policies.Inspect, "Finding", async () =>
        {
            var photos = Photos.Where(p => p.Length > 0).Select(p => new PhotoUpload(p.FileName, p.Length, p.OpenReadStream())).ToList();
            await commands.AddFindingAsync(id, new FindingInput(Finding.Category, FormValues.Yuan(Finding.Amount, "amount"), Finding.Description,
                Finding.ResponsibleUnit, Finding.ResponsiblePerson, Finding.Deadline, Version), photos, ct);
            return $"问题已登记，附照片 {photos.Count} 张。";
        }, $"/supervision/inspections/{id}", async () => await LoadAsync(id, ct), f => f.StartsWith("files", StringComparison.Ordinal) ? "Photos" : f);
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        ViewData["Title"] = "检查记录";
        ViewData["Active"] = "supervision";
        try
        {
            Inspection = await queries.GetAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return false;
        }
        Version = Inspection.Version;
        CanInspect = (await authorization.AuthorizeAsync(User, Policies.Inspect)).Succeeded;
        Findings = await queries.FindingsAsync(new FindingFilter(null, null, id), ct);
        return true;
    }
}

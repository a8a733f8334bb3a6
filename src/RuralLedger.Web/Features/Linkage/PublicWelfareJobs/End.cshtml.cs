using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.PublicWelfareJobs;

public sealed class EndJobForm
{
    public DateOnly? On { get; set; }

    public int Version { get; set; }
}

/// <summary>离岗: ends one post on a date (its last day).</summary>
[Authorize(Policy = Policies.EditRegistry)]
public sealed class EndPublicJobModel(PublicJobCommands jobs, TimeProvider clock) : PageModel
{
    [BindProperty]
    public EndJobForm Input { get; set; } = new();

    public PublicJobView Job { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Input.On = BusinessCalendar.Today(clock);
        Input.Version = Job.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        try
        {
            await jobs.EndAsync(id, new EndJobInput(Input.On, Input.Version), ct);
            TempData["Flash"] = $"{Job.MemberName} 已离岗。";
            return Redirect("/linkage/public-jobs?village=" + Job.VillageCode);
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            return Page();
        }
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        ViewData["Title"] = "离岗";
        ViewData["Active"] = "linkage";
        try
        {
            Job = await jobs.GetAsync(id, ct);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}

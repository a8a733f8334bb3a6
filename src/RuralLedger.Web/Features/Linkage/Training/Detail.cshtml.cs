using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Training;

public sealed class ResultRow
{
    public long MemberId { get; set; }

    public bool Attended { get; set; }

    public bool Completed { get; set; }

    public string? CertificateNo { get; set; }
}

/// <summary>One class: its attendees, and their attendance, completion and certificate numbers to record.</summary>
public sealed class TrainingDetailModel(TrainingCommands training, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public int? Version { get; set; }

    [BindProperty]
    public List<ResultRow> Results { get; set; } = [];

    public TrainingView Session { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.EditRegistry, "Results",
            () => training.RecordResultsAsync(Id, new TrainingResultsInput(Results.Select(r => new AttendeeResultInput(r.MemberId, r.Attended, r.Completed, r.CertificateNo)).ToList(),
                Version), ct),
            "培训结果已登记。", $"/linkage/training/{Id}", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        Session = await training.GetAsync(Id, ct);
        Version = Session.Version;
        ViewData["Title"] = "培训班 " + Session.TopicName;
        ViewData["Active"] = "linkage";
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
    }
}

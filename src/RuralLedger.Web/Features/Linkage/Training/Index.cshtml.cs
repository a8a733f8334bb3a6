using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Training;

public sealed class TrainingForm
{
    public TrainingTopic Topic { get; set; } = TrainingTopic.Planting;

    public string? Subject { get; set; }

    public DateOnly? HeldOn { get; set; }

    public string? Place { get; set; }

    public string? Trainer { get; set; }

    public decimal? Hours { get; set; }

    /// <summary>One attendee a line: household number, then name.</summary>
    public string? Attendees { get; set; }
}

/// <summary>技能培训: the year's totals (classes, person-times), its classes, and the form to record one.</summary>
public sealed class TrainingPageModel(TrainingCommands training, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty]
    public TrainingForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public TrainingTotals Totals { get; private set; } = null!;

    public IReadOnlyList<TrainingView> Items { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.HeldOn = BusinessCalendar.Today(clock);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        long id = 0;
        var attendees = (Input.Attendees ?? "").Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split([' ', '\t', ',', '，', '、'], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(p => new AttendeeInput(p[0], p.Length > 1 ? p[1] : null)).ToList();
        var result = await this.StepAsync(authorization, Policies.EditRegistry, "Input",
            async () =>
            {
                id = await training.CreateAsync(new TrainingInput(Input.Topic, Input.Subject, Input.HeldOn, Input.Place, Input.Trainer, Input.Hours, attendees), ct);
                return $"培训班已登记，{attendees.Count} 人参训。";
            },
            "/linkage/training", () => LoadAsync(ct), f => f.StartsWith("attendees", StringComparison.Ordinal) ? "attendees" : null);
        return result is RedirectResult ? Redirect($"/linkage/training/{id}") : result;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "技能培训";
        ViewData["Active"] = "linkage";
        Year ??= BusinessCalendar.Today(clock).Year;
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
        Totals = await training.TotalsAsync(Year.Value, ct);
        Items = await training.ListAsync(Year.Value, ct);
    }
}

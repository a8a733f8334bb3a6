using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;
using RuralLedger.Web.Features.Supervision.Inspections;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Supervision;

public sealed class InspectionForm
{
    public InspectionTarget Target { get; set; } = InspectionTarget.Village;

    public long? TargetId { get; set; }

    public long? CampaignId { get; set; }

    public DateOnly? InspectedOn { get; set; }

    public string? Summary { get; set; }
}

/// <summary>监督检查: campaigns with their totals, inspections, and (for inspectors) the forms to start either.</summary>
public sealed class SupervisionIndexModel(InspectionCommands commands, InspectionQueries queries, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Campaign { get; set; }

    [BindProperty]
    public InspectionForm Input { get; set; } = new();

    [BindProperty]
    public string? CampaignName { get; set; }

    public IReadOnlyList<CampaignView> Campaigns { get; private set; } = [];

    public IReadOnlyList<InspectionView> Inspections { get; private set; } = [];

    public bool CanInspect { get; private set; }

    public async Task OnGetAsync(long? target, string? kind, CancellationToken ct)
    {
        Input.InspectedOn = BusinessCalendar.Today(clock);
        Input.CampaignId = Campaign;
        Input.TargetId = target;
        if (Enum.TryParse<InspectionTarget>(kind, true, out var k))
        {
            Input.Target = k;
        }
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.Inspect, "Input", async () =>
        {
            var id = await commands.InspectAsync(new InspectionInput(Input.Target, Input.TargetId, Input.CampaignId, Input.InspectedOn, Input.Summary), ct);
            return $"检查已登记（编号 {id}），请在检查记录中登记发现的问题。";
        }, "/supervision", () => LoadAsync(ct));

    public Task<IActionResult> OnPostCampaignAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.Inspect, "Campaign", async () =>
        {
            await commands.CreateCampaignAsync(new CampaignInput(CampaignName, null), ct);
            return "专项检查已新建。";
        }, "/supervision", () => LoadAsync(ct), f => f == "name" ? "CampaignName" : f);

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "监督检查";
        ViewData["Active"] = "supervision";
        CanInspect = (await authorization.AuthorizeAsync(User, Policies.Inspect)).Succeeded;
        Campaigns = await commands.CampaignsAsync(ct);
        Inspections = await queries.ListAsync(Campaign, ct);
    }
}

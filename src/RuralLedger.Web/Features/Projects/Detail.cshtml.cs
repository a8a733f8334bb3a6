using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Projects;

public sealed class TransitionForm
{
    public DateOnly? On { get; set; }

    public string? ApprovalDocument { get; set; }

    public string? Reason { get; set; }

    public int? Version { get; set; }
}

public sealed class AcceptAssetForm
{
    public string? Name { get; set; }

    public AssetClass Class { get; set; } = AssetClass.Operating;

    public AssetKind Kind { get; set; } = AssetKind.PlantingBase;

    public Industry? Industry { get; set; }

    public string? VillageCode { get; set; }

    public decimal? Quantity { get; set; }

    public string? Unit { get; set; }

    public List<BudgetForm> Funding { get; set; } = [];

    public HolderKind OwnerKind { get; set; } = HolderKind.VillageCollective;

    public string? OwnerName { get; set; }

    public string? SupervisionUnit { get; set; }

    public string? SupervisionPerson { get; set; }

    public AcceptAssetInput ToInput(Validation v, string field) => new(Name, Class, Kind, Industry, VillageCode, Quantity ?? 0m, Unit,
        Funding.Where(f => f.FundSourceId is not null && f.Amount is not null and not 0m)
            .Select(f => new BudgetInput(f.FundSourceId!.Value, FormValues.Yuan(f.Amount, v, $"{field}.funding") ?? Money.Zero)).ToList(),
        [new OwnerInput(OwnerKind, OwnerName, null, Rate.Full)], SupervisionUnit, SupervisionPerson);
}

public sealed class AcceptForm
{
    public const int MaxAssets = 20;

    public DateOnly? AcceptedOn { get; set; }

    public int? Version { get; set; }

    public List<AcceptAssetForm> Assets { get; set; } = [];

    public AcceptInput ToInput()
    {
        var v = new Validation();
        var input = new AcceptInput(AcceptedOn, Assets.Select((a, i) => a.ToInput(v, $"assets[{i}]")).ToList(), Version);
        v.ThrowIfAny();
        return input;
    }
}

public sealed class DetailModel(ProjectQueries queries, ProjectCommands writer, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    public ProjectView Project { get; private set; } = null!;

    public bool CanManage { get; private set; }

    public DateOnly Today { get; private set; }

    [BindProperty]
    public TransitionForm Transition { get; set; } = new();

    [BindProperty]
    public AcceptForm Accept { get; set; } = new();

    /// <summary>How many asset blocks the acceptance form shows (?assets=N).</summary>
    [BindProperty(SupportsGet = true, Name = "assets")]
    public int AssetRows { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(long id, CancellationToken ct) =>
        ActAsync(id, "Transition", () => writer.ApproveAsync(id, new ApproveInput(Transition.On, Transition.ApprovalDocument, Transition.Version), ct), "项目已批复。", ct);

    public Task<IActionResult> OnPostStartAsync(long id, CancellationToken ct) =>
        ActAsync(id, "Transition", () => writer.StartAsync(id, new StartInput(Transition.On, Transition.Version), ct), "项目已开工。", ct);

    public Task<IActionResult> OnPostCancelAsync(long id, CancellationToken ct) =>
        ActAsync(id, "Transition", () => writer.CancelAsync(id, new CancelInput(Transition.Reason, Transition.On, Transition.Version), ct), "项目已取消。", ct);

    public Task<IActionResult> OnPostAcceptAsync(long id, CancellationToken ct) =>
        ActAsync(id, "Accept", async () =>
        {
            var result = await writer.AcceptAsync(id, Accept.ToInput(), ct);
            TempData["Flash"] = $"项目已验收，形成资产 {string.Join("、", result.Assets.Select(a => a.Code))}。";
        }, null, ct);

    private Task<IActionResult> ActAsync(long id, string prefix, Func<Task> action, string? flash, CancellationToken ct) =>
        this.StepAsync(authorization, Policies.ManageProjects, prefix, async () =>
        {
            await action();
            return flash;
        }, $"/projects/{id}", () =>
        {
            AssetRows = Math.Max(AssetRows, Accept.Assets.Count);
            return LoadAsync(id, ct);
        });

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Project = await queries.GetAsync(id, ct);
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded;
        Today = BusinessCalendar.Today(clock);
        ViewData["Title"] = $"项目 {Project.Code}";
        ViewData["Active"] = "projects";
        AssetRows = Math.Clamp(AssetRows, 1, AcceptForm.MaxAssets);
        while (Accept.Assets.Count < AssetRows)
        {
            Accept.Assets.Add(new AcceptAssetForm { Industry = Project.Industry, VillageCode = Project.Villages.Count == 1 ? Project.Villages[0].Code : null });
        }
        foreach (var asset in Accept.Assets)
        {
            // One funding row per budget source, in budget order, keeping what was typed.
            var typed = asset.Funding.Where(f => f.FundSourceId is not null).GroupBy(f => f.FundSourceId!.Value).ToDictionary(g => g.Key, g => g.First().Amount);
            asset.Funding = Project.Budget.Select(b => new BudgetForm { FundSourceId = b.FundSourceId, Amount = typed.GetValueOrDefault(b.FundSourceId) }).ToList();
        }
    }
}

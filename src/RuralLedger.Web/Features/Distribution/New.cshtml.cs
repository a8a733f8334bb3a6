using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Distribution;

public sealed class NewPlanForm
{
    public string? VillageCode { get; set; }

    public int Year { get; set; }

    public string? RuleCode { get; set; } = DefaultDistributionPolicy.Code;

    public DateOnly? FreezeOn { get; set; }

    public string? Title { get; set; }

    public List<long> IncomeIds { get; set; } = [];
}

public sealed record IncomeChoice(long Id, string AssetName, string Kind, DateOnly ReceivedOn, string Amount, string? Note);

[Authorize(Policy = Policies.EditAssets)]
public sealed class NewModel(RuralDbContext db, PlanCommands plans, TimeProvider clock) : PageModel
{
    [BindProperty]
    public NewPlanForm Input { get; set; } = new();

    public IReadOnlyList<(string Code, string Name)> Villages { get; private set; } = [];

    public IReadOnlyList<IncomeChoice> Incomes { get; private set; } = [];

    public IReadOnlyList<string> Rules { get; private set; } = [];

    public async Task OnGetAsync(string? village, int? year, CancellationToken ct)
    {
        Input.VillageCode = village;
        Input.Year = year ?? BusinessCalendar.Today(clock).Year - 1;
        await LoadAsync(ct);
        Input.VillageCode ??= Villages.FirstOrDefault().Code;
        await LoadIncomesAsync(ct);
        Input.IncomeIds = Incomes.Select(i => i.Id).ToList();
        Input.FreezeOn = new DateOnly(Input.Year, 12, 31) is var d && d <= BusinessCalendar.Today(clock) ? d : BusinessCalendar.Today(clock);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var id = await plans.BuildAsync(new PlanInput(Input.VillageCode, Input.Year, Input.RuleCode, Input.FreezeOn, Input.IncomeIds, Input.Title), ct);
            TempData["Flash"] = "分配方案已测算。请召开四议会议并公示。";
            return Redirect($"/distribution/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            await LoadAsync(ct);
            await LoadIncomesAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Villages = (await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.Village).OrderBy(a => a.Code).Select(a => new { a.Code, a.Name }).ToListAsync(ct))
            .Where(a => db.Access.Scope.Covers(a.Code)).Select(a => (a.Code.Value, a.Name)).ToList();
        Rules = await db.DistributionRules.AsNoTracking().Select(r => r.Code).Distinct().OrderBy(c => c).ToListAsync(ct);
        if (!Rules.Contains(DefaultDistributionPolicy.Code))
        {
            Rules = [.. Rules.Prepend(DefaultDistributionPolicy.Code)];
        }
        ViewData["Title"] = "测算分配方案";
        ViewData["Active"] = "income";
    }

    private async Task LoadIncomesAsync(CancellationToken ct)
    {
        if (!DivisionCode.TryParse(Input.VillageCode, out var village, out _))
        {
            return;
        }
        var rows = await (from i in db.AssetIncomes.AsNoTracking()
                          join a in db.Assets.AsNoTracking() on i.AssetId equals a.Id
                          where i.VillageCode == village && i.Year == Input.Year && i.PlanId == null
                          orderby i.ReceivedOn
                          select new { i.Id, a.Name, i.Kind, i.ReceivedOn, i.Amount, i.Note }).ToListAsync(ct);
        Incomes = rows.Select(r => new IncomeChoice(r.Id.Value, r.Name, Core.Assets.AssetNames.Of(r.Kind), r.ReceivedOn, r.Amount.ToString(), r.Note)).ToList();
    }
}

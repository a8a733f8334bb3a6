using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Income;

public sealed class OtherIncomeForm
{
    public DateOnly? ReceivedOn { get; set; }

    public decimal? Amount { get; set; }

    public string? Note { get; set; }

    public long? CorrectsId { get; set; }
}

public sealed class AssetIncomeModel(IncomeCommands ledger, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty]
    public OtherIncomeForm Input { get; set; } = new();

    public AssetIncomeView View { get; private set; } = null!;

    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, long? corrects, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Input.ReceivedOn = BusinessCalendar.Today(clock);
        if (corrects is { } wrong && View.Items.FirstOrDefault(i => i.Id == wrong) is { } row)
        {
            Input.CorrectsId = row.Id;
            Input.Amount = (-row.Amount).Yuan;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.EditAssets)).Succeeded)
        {
            return Forbid();
        }
        try
        {
            await ledger.AddOtherAsync(id, new OtherIncomeInput(Input.ReceivedOn, FormValues.Yuan(Input.Amount, "amount"), Input.Note, Input.CorrectsId), ct);
            TempData["Flash"] = Input.Amount < 0 ? "更正（冲减）已登记。" : "收益已登记。";
            return Redirect($"/assets/{id}/income");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            await LoadAsync(id, ct);
            return Page();
        }
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        View = await ledger.ForAssetAsync(id, ct);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditAssets)).Succeeded;
        ViewData["Title"] = $"资产收益 {View.AssetCode}";
        ViewData["Active"] = "assets";
    }
}

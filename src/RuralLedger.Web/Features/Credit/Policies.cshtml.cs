using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

public sealed class CreditPolicyForm
{
    public DateOnly? EffectiveFrom { get; set; }

    public string? Programme { get; set; }

    public string? DocumentNo { get; set; }

    public decimal? MaxAmount { get; set; }

    public int? MaxTermMonths { get; set; }

    public int? MinAge { get; set; }

    public int? MaxAge { get; set; }

    public bool GuaranteeFree { get; set; }

    public decimal? SubsidyShare { get; set; }

    public int? DayCountBasis { get; set; }

    public int? ExtensionMaxCount { get; set; }

    public int? ExtensionMaxMonths { get; set; }

    public int? RenewalMaxCount { get; set; }

    public string? AgingBuckets { get; set; }

    /// <summary>One use per line (or separated by 、 or commas).</summary>
    public string? AllowedUses { get; set; }

    public string? ProhibitedUses { get; set; }

    public List<PovertyStatus> EligibleStatuses { get; set; } = [];
}

/// <summary>
/// 信贷政策版本: the county publishes a new dated version of its programme (the next year's subsidy share, a new
/// limit); the form starts from the latest version, and the versions already published are listed beneath it.
/// </summary>
[Authorize(Policy = Policies.ManageUsers)]
public sealed class CreditPoliciesModel(CreditPolicyCommands commands, LoanQueries loans, TimeProvider clock) : PageModel
{
    private static readonly char[] UseSeparators = ['\n', '\r', '、', ',', '，', ';', '；'];

    [BindProperty]
    public CreditPolicyForm Input { get; set; } = new();

    public IReadOnlyList<CreditPolicyView> Versions { get; private set; } = [];

    public IReadOnlyList<PovertyStatus> Statuses { get; } = Enum.GetValues<PovertyStatus>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Versions.Count > 0)
        {
            var p = Versions[^1];
            Input = new CreditPolicyForm
            {
                Programme = p.Programme, DocumentNo = p.DocumentNo, MaxAmount = p.MaxAmount.Yuan, MaxTermMonths = p.MaxTermMonths, MinAge = p.MinAge,
                MaxAge = p.MaxAge, GuaranteeFree = p.GuaranteeFree, SubsidyShare = p.SubsidyShare.Percent, DayCountBasis = p.DayCountBasis,
                ExtensionMaxCount = p.ExtensionMaxCount, ExtensionMaxMonths = p.ExtensionMaxMonths, RenewalMaxCount = p.RenewalMaxCount,
                AgingBuckets = p.AgingBuckets, AllowedUses = string.Join('\n', p.AllowedUses), ProhibitedUses = string.Join('\n', p.ProhibitedUses),
                EligibleStatuses = [.. Statuses.Where(s => p.EligibleStatuses.Contains(RegistryNames.Of(s)))],
            };
        }
        Input.EffectiveFrom = BusinessCalendar.Today(clock).AddDays(1);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var v = new Validation();
            var maxAmount = FormValues.Yuan(Input.MaxAmount, v, "maxAmount");
            var share = FormValues.Percent(Input.SubsidyShare, v, "subsidyShare");
            v.ThrowIfAny();
            await commands.AddVersionAsync(new CreditPolicyInput(Input.EffectiveFrom, Input.Programme, Input.DocumentNo, maxAmount, Input.MaxTermMonths,
                Input.MinAge, Input.MaxAge, Input.GuaranteeFree, share, Input.DayCountBasis, Input.ExtensionMaxCount, Input.ExtensionMaxMonths,
                Input.RenewalMaxCount, Input.AgingBuckets, Uses(Input.AllowedUses), Uses(Input.ProhibitedUses), Input.EligibleStatuses), ct);
            TempData["Flash"] = $"新政策版本已发布，自 {Fmt.Date(Input.EffectiveFrom!.Value)} 起生效。";
            return Redirect("/credit/policies");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
        }
        await LoadAsync(ct);
        return Page();
    }

    private static List<string> Uses(string? text) =>
        [.. (text ?? "").Split(UseSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "信贷政策版本";
        ViewData["Active"] = "credit";
        Versions = await loans.PoliciesAsync(ct);
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry;

namespace RuralLedger.Web.Features.Credit;

/// <summary>
/// 贷款申请与台账: the inbox of what waits for the caller's role (village review, township review, county review, bank
/// decision, disbursement), any status on request, and the county's policy versions.
/// </summary>
public sealed class CreditIndexModel(LoanQueries loans, RegistryOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Village { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public LoanList Result { get; private set; } = new([], 0, LoanQueries.Limit);

    public IReadOnlyList<SelectListItem> Villages { get; private set; } = [];

    public IReadOnlyList<CreditPolicyView> Policies { get; private set; } = [];

    public LoanStatus? Filter { get; private set; }

    public bool CanApply => User.IsInRole(Roles.VillageOfficer) || User.IsInRole(Roles.CountyAdmin) || User.IsInRole(Roles.CountyStaff);

    public bool IsBank => User.IsInRole(Roles.BankOfficer);

    public bool CanImportLoans => IsBank || User.IsInRole(Roles.CountyAdmin) || User.IsInRole(Roles.CountyStaff);

    public bool CanEditPolicy => User.IsInRole(Roles.CountyAdmin);

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "小额信贷";
        ViewData["Active"] = "credit";
        Filter = Status switch
        {
            "all" => null,
            { Length: > 0 } s when Enum.TryParse<LoanStatus>(s, out var parsed) && Enum.IsDefined(parsed) => parsed,
            _ => Inbox(),
        };
        Status = Filter?.ToString() ?? "all";
        Villages = await options.VillagesAsync(null, Village, ct);
        try
        {
            Result = await loans.ListAsync(Filter, Village, Q, ct);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        Policies = await loans.PoliciesAsync(ct);
    }

    /// <summary>What waits for the caller's role.</summary>
    private LoanStatus? Inbox() =>
        User.IsInRole(Roles.VillageOfficer) ? LoanStatus.Applied
        : User.IsInRole(Roles.TownshipOfficer) ? LoanStatus.VillageReviewed
        : User.IsInRole(Roles.BankOfficer) ? LoanStatus.CountyReviewed
        : User.IsInRole(Roles.CountyAdmin) || User.IsInRole(Roles.CountyStaff) ? LoanStatus.TownshipReviewed
        : null;

    public static IEnumerable<(string Value, string Name)> StatusOptions =>
        [("all", "全部"), .. Enum.GetValues<LoanStatus>().Select(s => (s.ToString(), CreditNames.Of(s)))];
}

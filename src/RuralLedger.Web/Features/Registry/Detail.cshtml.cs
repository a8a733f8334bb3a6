using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry;

public sealed class DetailModel(HouseholdFileQuery files, PersonLookupQuery lookup, HouseholdCommands writer, Distribution.DistributionQueries dividends, IAuthorizationService authorization,
    Credit.LoanQueries loans, Linkage.HouseholdIncomeQuery income) : PageModel
{
    public IReadOnlyList<Linkage.HouseholdIncome> Income { get; private set; } = [];

    public IReadOnlyList<Credit.LoanRow> Loans { get; private set; } = [];

    public HouseholdView Household { get; private set; } = null!;

    /// <summary>The household's payouts by year, from the distribution plans it is a line of.</summary>
    public IReadOnlyList<Distribution.StatementYear> Dividends { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public bool CanUnmask { get; private set; }

    /// <summary>Shown once, right after an audited reveal; never kept in the page otherwise.</summary>
    public RevealedMember? RevealedMember { get; private set; }

    public RevealedHousehold? RevealedContacts { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostRevealMemberAsync(long id, long memberId, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Unmask)).Succeeded)
        {
            return Forbid();
        }
        var result = await LoadAsync(id, ct);
        if (Household.Members.All(m => m.Id != memberId))
        {
            return NotFound();
        }
        RevealedMember = await lookup.RevealMemberAsync(memberId, ct);
        return result;
    }

    public async Task<IActionResult> OnPostRevealContactsAsync(long id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Unmask)).Succeeded)
        {
            return Forbid();
        }
        var result = await LoadAsync(id, ct);
        RevealedContacts = await lookup.RevealHouseholdAsync(id, ct);
        return result;
    }

    public async Task<IActionResult> OnPostRemoveMemberAsync(long id, long memberId, int version, string? reason, DateOnly? removedOn, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded)
        {
            return Forbid();
        }
        try
        {
            await writer.RemoveMemberAsync(id, memberId, new RemoveMemberInput(reason, removedOn, version), ct);
            TempData["Flash"] = "已移除该成员。";
            return Redirect($"/registry/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return await LoadAsync(id, ct);
        }
    }

    private async Task<IActionResult> LoadAsync(long id, CancellationToken ct)
    {
        Household = await files.GetAsync(id, ct);
        Dividends = await dividends.StatementAsync(id, ct);
        Loans = await loans.OfHouseholdAsync(id, ct);
        Income = await income.TrendAsync(id, ct);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
        CanUnmask = (await authorization.AuthorizeAsync(User, Policies.Unmask)).Succeeded;
        ViewData["Title"] = $"户档案 {Household.HouseholdNo}";
        ViewData["Active"] = "registry";
        return Page();
    }
}

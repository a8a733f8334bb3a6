using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry;

/// <summary>Adds a member (no memberId) or edits one; the citizen ID is re-entered only to correct it.</summary>
[Authorize(Policy = Policies.EditRegistry)]
public sealed class MemberModel(HouseholdCommands writer, HouseholdFileQuery files) : PageModel
{
    [BindProperty]
    public MemberForm Input { get; set; } = new() { Relation = Core.Registry.Relation.Son };

    [BindProperty]
    public int Version { get; set; }

    public HouseholdView Household { get; private set; } = null!;

    public MemberView? Existing { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, long? memberId, CancellationToken ct)
    {
        await LoadAsync(id, memberId, ct);
        if (memberId is not null && Existing is null)
        {
            return NotFound();
        }
        if (Existing is { } m)
        {
            Input = new MemberForm { Name = m.Name, Relation = m.Relation, Labour = m.Labour, Health = m.Health, Education = m.Education };
        }
        Version = Household.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long? memberId, CancellationToken ct)
    {
        await LoadAsync(id, memberId, ct);
        if (memberId is not null && Existing is null)
        {
            return NotFound();
        }
        try
        {
            if (memberId is { } mid)
            {
                await writer.UpdateMemberAsync(id, mid, Input.ToInput(), Version, ct);
            }
            else
            {
                await writer.AddMemberAsync(id, Input.ToInput(), ct);
            }
            TempData["Flash"] = "成员信息已保存。";
            return Redirect($"/registry/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            return Page();
        }
    }

    private async Task LoadAsync(long id, long? memberId, CancellationToken ct)
    {
        Household = await files.GetAsync(id, ct);
        Existing = memberId is null ? null : Household.Members.SingleOrDefault(m => m.Id == memberId);
        ViewData["Title"] = Existing is null ? "增加家庭成员" : $"修改成员 {Existing.Name}";
        ViewData["Active"] = "registry";
    }
}

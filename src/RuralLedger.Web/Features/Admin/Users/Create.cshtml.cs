using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Admin.Users;

[Authorize(Policy = Policies.ManageUsers)]
public sealed class CreateModel(UserCommands users) : PageModel
{
    [BindProperty]
    public UserForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Scopes { get; private set; } = [];

    /// <summary>Set only in the response to the successful POST: the password is shown this once and kept nowhere.</summary>
    public TemporaryPasswordIssued? Issued { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            Issued = await users.CreateAsync(Input.ToInput(), ct);
            UserEndpoints.NoStore(HttpContext);
            ViewData["Title"] = "用户已建立";
            ViewData["Active"] = "admin";
            return Page();
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "新建用户";
        ViewData["Active"] = "admin";
        Scopes = UserChoices.Scopes(await users.ScopeChoicesAsync(ct), Input.ScopeCode);
    }
}

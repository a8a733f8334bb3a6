using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Admin.Users;

[Authorize(Policy = Policies.ManageUsers)]
public sealed class EditModel(UserCommands users) : PageModel
{
    [BindProperty]
    public UserForm Input { get; set; } = new();

    public UserRow Account { get; private set; } = null!;

    public IReadOnlyList<SelectListItem> Scopes { get; private set; } = [];

    public IReadOnlyList<SessionRow> Sessions { get; private set; } = [];

    /// <summary>The administrator's own session, marked in the list.</summary>
    public long? CurrentSession => Authentication.SessionIdOf(User);

    /// <summary>Set only in the response to a successful reset: the password is shown this once and kept nowhere.</summary>
    public TemporaryPasswordIssued? Issued { get; private set; }

    public async Task OnGetAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Input = new UserForm
        {
            UserName = Account.UserName, DisplayName = Account.DisplayName, Role = Account.Role, ScopeCode = Account.ScopeCode,
            BankName = Account.BankName, Active = Account.Active,
        };
        await LoadScopesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        try
        {
            await users.UpdateAsync(id, Input.ToUpdate(), ct);
            TempData["Flash"] = $"用户 {Account.UserName} 已保存。";
            return Redirect($"/admin/users/{id}");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            Input.UserName = Account.UserName;
            await LoadScopesAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostResetPasswordAsync(long id, CancellationToken ct)
    {
        try
        {
            Issued = await users.ResetPasswordAsync(id, ct);
            UserEndpoints.NoStore(HttpContext);
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }
        await OnGetAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeSessionAsync(long id, long sessionId, CancellationToken ct)
    {
        await users.RevokeSessionAsync(id, sessionId, ct);
        TempData["Flash"] = "该会话已结束，须重新登录。";
        return Redirect($"/admin/users/{id}#sessions");
    }

    public async Task<IActionResult> OnPostUnlockAsync(long id, CancellationToken ct)
    {
        await users.UnlockAsync(id, ct);
        TempData["Flash"] = "已解除锁定。";
        return Redirect($"/admin/users/{id}");
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        Account = await users.GetAsync(id, ct);
        Sessions = await users.SessionsAsync(id, ct);
        ViewData["Title"] = $"用户 {Account.UserName}";
        ViewData["Active"] = "admin";
    }

    private async Task LoadScopesAsync(CancellationToken ct) =>
        Scopes = UserChoices.Scopes(await users.ScopeChoicesAsync(ct), Input.ScopeCode);
}

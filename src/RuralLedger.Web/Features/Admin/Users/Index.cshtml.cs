using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Accounts;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Admin.Users;

[Authorize(Policy = Policies.ManageUsers)]
public sealed class IndexModel(UserCommands users) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Role? Role { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "用户与权限";
        ViewData["Active"] = "admin";
        Users = await users.ListAsync(new UserFilter { Role = Role, Q = Q }, ct);
    }
}

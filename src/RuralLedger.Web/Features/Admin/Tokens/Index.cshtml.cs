using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Admin.Tokens;

public sealed class TokenForm
{
    public long? UserId { get; set; }

    public string? Name { get; set; }

    public DateOnly? ExpiresOn { get; set; }

    public int? PermitsPerMinute { get; set; } = Core.Accounts.ApiToken.DefaultPermitsPerMinute;
}

[Authorize(Policy = Policies.ManageUsers)]
public sealed class IndexModel(TokenCommands tokens, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty]
    public TokenForm Input { get; set; } = new();

    public IReadOnlyList<TokenRow> Tokens { get; private set; } = [];

    public IReadOnlyList<TokenAccount> Accounts { get; private set; } = [];

    /// <summary>Set only in the response to the successful POST: the token is shown this once and kept nowhere.</summary>
    public TokenIssued? Issued { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.ExpiresOn ??= BusinessCalendar.Today(clock).AddDays(180);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            Issued = await tokens.CreateAsync(new TokenInput(Input.UserId, Input.Name, Input.ExpiresOn, Input.PermitsPerMinute), ct);
            Response.Headers.CacheControl = "no-store";
            Input = new TokenForm { ExpiresOn = BusinessCalendar.Today(clock).AddDays(180) };
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostRevokeAsync(long id, string? reason, int? version, CancellationToken ct) =>
        this.StepAsync(authorization, null, "Revoke", async () =>
        {
            await tokens.RevokeAsync(id, new TokenRevocation(reason, version), ct);
            return $"令牌 {id} 已吊销。";
        }, "/admin/tokens", () => LoadAsync(ct));

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "接口令牌";
        ViewData["Active"] = "admin";
        Tokens = await tokens.ListAsync(ct);
        Accounts = await tokens.AccountsAsync(ct);
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Admin.Tokens;

/// <param name="UserId">The service account the token acts as: its role, area scope and bank are the token's.</param>
/// <param name="ExpiresOn">The last day the token is accepted (China Standard Time), at most a year ahead.</param>
/// <param name="PermitsPerMinute">Requests a minute before 429; 600 when omitted.</param>
public sealed record TokenInput(long? UserId, string? Name, DateOnly? ExpiresOn, int? PermitsPerMinute);

public sealed record TokenRevocation(string? Reason, int? Version);

/// <summary>Returned once, when the token is made; the server keeps only the hash of its secret.</summary>
public sealed record TokenIssued(long Id, string Token, string UserName, DateOnly ExpiresOn);

public sealed record TokenRow(
    long Id, long UserId, string UserName, string DisplayName, string RoleName, string ScopeCode, string Name, DateTimeOffset CreatedAt, string CreatedBy,
    DateOnly ExpiresOn, int PermitsPerMinute, DateTimeOffset? LastUsedAt, string? LastUsedIp, DateTimeOffset? RevokedAt, string? RevokedBy,
    string? RevokeReason, string Status, int Version);

/// <summary>An account a token may be issued for: active, in the administrator's county.</summary>
public sealed record TokenAccount(long Id, string UserName, string DisplayName, string RoleName, string ScopeCode);

/// <summary>
/// API tokens of the administrator's county (decision 0032): issued for an account (shown once), listed with their
/// last use, revoked with a reason. Visibility follows the Users filter: a county administrator sees the tokens of
/// the county's accounts. Issuing and revoking are audited (the hash of the secret never is: it is a byte array).
/// </summary>
public sealed class TokenCommands(RuralDbContext db, TimeProvider clock)
{
    private static readonly Versions Versions = new("tokens", "该令牌");

    public async Task<IReadOnlyList<TokenRow>> ListAsync(CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var rows = await (
                from t in db.ApiTokens.AsNoTracking()
                join u in db.Users.AsNoTracking() on t.UserId equals u.Id
                orderby t.Id descending
                select new { Token = t, User = u })
            .ToListAsync(ct);
        return rows.Where(r => Manageable(r.User)).Select(r => new TokenRow(
                r.Token.Id, r.User.Id.Value, r.User.UserName, r.User.DisplayName, Roles.DisplayName(r.User.Role), r.User.ScopeCode.Value,
                r.Token.Name, r.Token.CreatedAt, r.Token.CreatedBy, r.Token.ExpiresOn, r.Token.PermitsPerMinute, r.Token.LastUsedAt, r.Token.LastUsedIp,
                r.Token.RevokedAt, r.Token.RevokedBy, r.Token.RevokeReason,
                r.Token.RevokedAt is not null ? "已吊销" : r.Token.IsExpired(today) ? "已到期" : !r.User.Active ? "账户已停用" : "有效",
                r.Token.Version))
            .ToList();
    }

    public async Task<IReadOnlyList<TokenAccount>> AccountsAsync(CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.Active).ToListAsync(ct);
        return users.Where(Manageable)
            .OrderBy(u => u.Role).ThenBy(u => u.UserName, StringComparer.Ordinal)
            .Select(u => new TokenAccount(u.Id.Value, u.UserName, u.DisplayName, Roles.DisplayName(u.Role), u.ScopeCode.Value))
            .ToList();
    }

    public async Task<TokenIssued> CreateAsync(TokenInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        User? user = null;
        if (input.UserId is not { } id)
        {
            v.Add("userId", "请选择令牌所属的服务账户。", "tokens.account_required");
        }
        else
        {
            var userId = new UserId(id);
            user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
            if (user is null || !Manageable(user))
            {
                v.Add("userId", $"账户 {id} 不存在。", "tokens.account_not_found");
            }
            else if (!user.Active)
            {
                v.Add("userId", "该账户已停用，不能签发令牌。", "tokens.account_inactive");
            }
        }
        ApiToken? token = null;
        var (secret, hash) = ApiToken.NewSecret();
        try
        {
            token = new ApiToken(user?.Id ?? default, input.Name, input.ExpiresOn, input.PermitsPerMinute, hash, db.Access.ActorName, clock.GetUtcNow(), BusinessCalendar.Today(clock));
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    v.Add(field, message, e.Codes.GetValueOrDefault(field, e.Code));
                }
            }
        }
        v.ThrowIfAny();
        db.ApiTokens.Add(token!);
        await db.SaveChangesAsync(ct);
        return new TokenIssued(token!.Id, ApiToken.Text(token.Id, secret), user!.UserName, token.ExpiresOn);
    }

    /// <summary>Irreversible: the token's next request is 401 <c>auth.token_revoked</c>.</summary>
    public async Task RevokeAsync(long id, TokenRevocation input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Two reads: a no-tracking join would leave the token untracked, and the revocation unsaved.
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id, ct);
        var owner = token is null ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == token.UserId, ct);
        if (token is null || owner is null || !Manageable(owner))
        {
            throw new NotFoundException("tokens.not_found", $"令牌 {id} 不存在。");
        }
        Versions.Expect(token.Version, input.Version);
        token.Revoke(input.Reason, db.Access.ActorName, clock.GetUtcNow());
        await Versions.SaveAsync(db, ct);
    }

    private bool Manageable(User user) => db.Access.Scope.Kind switch
    {
        Core.Areas.ScopeKind.All => true,
        Core.Areas.ScopeKind.County => user.CountyCode == db.Access.Scope.CountyCode,
        Core.Areas.ScopeKind.None or Core.Areas.ScopeKind.Township or Core.Areas.ScopeKind.Village => false,
    };
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Admin.Users;

public sealed record UserFilter
{
    public Role? Role { get; init; }

    /// <summary>Part of a user name or of a display name.</summary>
    public string? Q { get; init; }
}

public sealed record UserRow(
    long Id, string UserName, string DisplayName, Role Role, string RoleName, string ScopeCode, string ScopeName, string? BankName,
    bool Active, bool MustChangePassword, DateTimeOffset? LockedUntil, bool LockedOut, DateTimeOffset? LastLoginAt, DateTimeOffset CreatedAt);

public sealed record UserInput(string? UserName, string? DisplayName, Role? Role, string? ScopeCode, string? BankName);

/// <summary>The whole account as it should be; <see cref="Active"/> null leaves the active state as it is.</summary>
public sealed record UserUpdate(string? DisplayName, Role? Role, string? ScopeCode, string? BankName, bool? Active);

/// <summary>Returned once, when the account is created or its password reset; the server keeps only the hash.</summary>
public sealed record TemporaryPasswordIssued(long Id, string UserName, string TemporaryPassword);

/// <summary>A recorded session of an account, newest first; <see cref="RevokedAt"/> null means it is still open.</summary>
public sealed record SessionRow(
    long Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string? Ip, string? UserAgent, DateTimeOffset? RevokedAt, string? RevokedReason);

/// <summary>An area a user's scope may be set to: the county, a township or a village of the administrator's county.</summary>
public sealed record ScopeChoice(string Code, string Name, AreaLevel Level, string? TownshipCode);

/// <summary>
/// Account administration for a county administrator. Reads go through the Users query filter (the accounts of the
/// caller's county); every write also checks that the account and its new scope lie in that county. Changes are
/// saved with SaveChangesAsync, so the audit interceptor records them (never the password hash).
/// </summary>
public sealed class UserCommands(RuralDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(UserFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        // A county has hundreds of accounts, not millions: one page, sorted by role and name.
        var query = db.Users.AsNoTracking();
        if (filter.Role is { } role)
        {
            query = query.Where(u => u.Role == role);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            var lower = q.ToLowerInvariant();
            query = query.Where(u => u.UserName.Contains(lower) || u.DisplayName.Contains(q));
        }
        var users = (await query.ToListAsync(ct)).Where(Manageable).ToList();
        var names = await AreaNamesAsync(users.Select(u => u.ScopeCode), ct);
        return users
            .OrderBy(u => u.Role).ThenBy(u => u.ScopeCode.Value, StringComparer.Ordinal).ThenBy(u => u.UserName, StringComparer.Ordinal)
            .Select(u => ToRow(u, names))
            .ToList();
    }

    public async Task<UserRow> GetAsync(long id, CancellationToken ct)
    {
        var user = await LoadAsync(id, tracking: false, ct);
        return ToRow(user, await AreaNamesAsync([user.ScopeCode], ct));
    }

    public async Task<TemporaryPasswordIssued> CreateAsync(UserInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var role = RoleOf(v, input.Role);
        var scope = await ScopeAsync(v, input.ScopeCode, ct);
        v.ThrowIfAny();
        var userName = (input.UserName ?? "").Trim().ToLowerInvariant();
        if (await db.Users.IgnoreQueryFilters().AnyAsync(u => u.UserName == userName, ct))
        {
            // User names are unique across the installation: this says that a name is taken, not where.
            throw new ConflictException("account.duplicate_user_name", $"用户名 {userName} 已被使用。", "userName");
        }

        var password = TemporaryPassword.Generate(userName);
        var user = Domain(v, () => new User(userName, input.DisplayName ?? "", role!.Value, scope!.Value, password, input.BankName, clock.GetUtcNow()));
        v.ThrowIfAny();
        db.Users.Add(user!);
        await SaveAsync(ct);
        return new TemporaryPasswordIssued(user!.Id.Value, user.UserName, password);
    }

    /// <summary>Changing role, scope or active state ends the user's sessions (the user's security version changes).</summary>
    public async Task UpdateAsync(long id, UserUpdate input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var user = await LoadAsync(id, tracking: true, ct);
        var v = new Validation();
        var role = RoleOf(v, input.Role);
        var scope = await ScopeAsync(v, input.ScopeCode, ct);
        var active = input.Active ?? user.Active;
        if (IsSelf(user) && role is { } r && scope is { } s && (r != user.Role || s != user.ScopeCode || !active))
        {
            // Guards against an administrator locking the county out of its own administration by mistake.
            v.Add(active ? "role" : "active", "不能停用自己的账户，也不能更改自己的角色或权限范围；请由本县另一位管理员操作。");
        }
        v.ThrowIfAny();
        var version = user.SecurityVersion;
        Domain(v, () =>
        {
            user.Update(input.DisplayName ?? "", role!.Value, scope!.Value, input.BankName, active);
            return user;
        });
        v.ThrowIfAny();
        await SaveAsync(ct);
        if (user.SecurityVersion != version)
        {
            await Sessions.RevokeAllAsync(db, user.Id, SessionEnd.AccessChanged, clock.GetUtcNow(), except: null, ct);
        }
    }

    /// <summary>Sets a new temporary password (also clears a lockout); the user must change it at next sign-in.</summary>
    public async Task<TemporaryPasswordIssued> ResetPasswordAsync(long id, CancellationToken ct)
    {
        var user = await LoadAsync(id, tracking: true, ct);
        if (IsSelf(user))
        {
            throw new DomainException("account.reset_own_password", "请通过“修改密码”更改您自己的密码。");
        }
        var password = TemporaryPassword.Generate(user.UserName);
        user.ResetPassword(password);
        await SaveAsync(ct);
        await Sessions.RevokeAllAsync(db, user.Id, SessionEnd.PasswordChanged, clock.GetUtcNow(), except: null, ct);
        return new TemporaryPasswordIssued(user.Id.Value, user.UserName, password);
    }

    public async Task UnlockAsync(long id, CancellationToken ct)
    {
        var user = await LoadAsync(id, tracking: true, ct);
        user.Unlock();
        await SaveAsync(ct);
    }

    /// <summary>The account's last 50 sessions, open and ended, newest first.</summary>
    public async Task<IReadOnlyList<SessionRow>> SessionsAsync(long id, CancellationToken ct)
    {
        var user = await LoadAsync(id, tracking: false, ct);
        return await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == user.Id)
            .OrderByDescending(s => s.Id)
            .Take(50)
            .Select(s => new SessionRow(s.Id, s.CreatedAt, s.LastSeenAt, s.Ip, s.UserAgent, s.RevokedAt, s.RevokedReason))
            .ToListAsync(ct);
    }

    /// <summary>Ends one session of the account (audited); the session's next request is refused. Ending an ended one changes nothing.</summary>
    public async Task RevokeSessionAsync(long id, long sessionId, CancellationToken ct)
    {
        var user = await LoadAsync(id, tracking: false, ct);
        var session = await db.UserSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == user.Id, ct)
            ?? throw new NotFoundException("account.session_not_found", $"会话 {sessionId} 不存在。");
        session.Revoke(SessionEnd.Revoked, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The county, its townships and villages, as the scope choices of the account forms.</summary>
    public async Task<IReadOnlyList<ScopeChoice>> ScopeChoicesAsync(CancellationToken ct)
    {
        var areas = await db.Areas.AsNoTracking().Where(a => a.Level != AreaLevel.Group).ToListAsync(ct);
        return areas
            .Where(a => db.Access.Scope.Covers(a.Code))
            .OrderBy(a => a.Code.Value, StringComparer.Ordinal)
            .Select(a => new ScopeChoice(a.Code.Value, a.Name, a.Level, a.TownshipCode?.Value))
            .ToList();
    }

    private async Task<User> LoadAsync(long id, bool tracking, CancellationToken ct)
    {
        var userId = new UserId(id);
        var query = tracking ? db.Users : db.Users.AsNoTracking();
        var user = await query.SingleOrDefaultAsync(u => u.Id == userId, ct);
        // 404 for accounts of other counties: the query filter hides them already; Manageable says so explicitly.
        return user is not null && Manageable(user) ? user : throw new NotFoundException("account.not_found", $"用户 {id} 不存在。");
    }

    private bool Manageable(User user) => db.Access.Scope.Kind switch
    {
        ScopeKind.All => true,
        ScopeKind.County => user.CountyCode == db.Access.Scope.CountyCode,
        ScopeKind.None or ScopeKind.Township or ScopeKind.Village => false,
    };

    private bool IsSelf(User user) => db.Access.ActorId == user.Id.Value;

    private static Role? RoleOf(Validation v, Role? role)
    {
        if (role is { } r && Enum.IsDefined(r))
        {
            return r;
        }
        v.Add("role", "请选择角色。");
        return null;
    }

    private async Task<DivisionCode?> ScopeAsync(Validation v, string? text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            v.Add("scopeCode", "请选择权限范围。");
            return null;
        }
        if (!DivisionCode.TryParse(text, out var code, out var error))
        {
            v.Add("scopeCode", error);
            return null;
        }
        // An administrator gives access to their own county only, whatever code is posted.
        if (!db.Access.Scope.Covers(code) || db.Access.Scope.Kind is not (ScopeKind.County or ScopeKind.All))
        {
            v.Add("scopeCode", $"区划 {code} 不在您管理的县内。");
            return null;
        }
        if (!await db.Areas.AnyAsync(a => a.Code == code, ct))
        {
            v.Add("scopeCode", $"区划 {code} 不存在。");
            return null;
        }
        return code;
    }

    /// <summary>Runs a rule of <see cref="User"/>, recording its refusal under the field it names.</summary>
    private static T? Domain<T>(Validation v, Func<T> action) where T : class
    {
        try
        {
            return action();
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid)
        {
            v.Add(e.Field ?? "", e.Message);
            return null;
        }
    }

    private async Task<Dictionary<string, string>> AreaNamesAsync(IEnumerable<DivisionCode> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        return wanted.Count == 0
            ? []
            : await db.Areas.AsNoTracking().Where(a => wanted.Contains(a.Code)).ToDictionaryAsync(a => a.Code.Value, a => a.Name, ct);
    }

    private UserRow ToRow(User u, Dictionary<string, string> names) => new(
        u.Id.Value, u.UserName, u.DisplayName, u.Role, Roles.DisplayName(u.Role), u.ScopeCode.Value,
        names.GetValueOrDefault(u.ScopeCode.Value, u.ScopeCode.Value), u.BankName, u.Active, u.MustChangePassword,
        u.LockedUntil, u.IsLockedOut(clock.GetUtcNow()), u.LastLoginAt, u.CreatedAt);

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("account.duplicate_user_name", "用户名已被使用。", "userName");
        }
    }
}

using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Accounts;

public readonly record struct UserId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An account with one role and one area scope. Lockout and forced password change are rules of this type.</summary>
public sealed class User
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private User()
    {
        UserName = "";
        DisplayName = "";
        PasswordHash = "";
        CountyCode = "";
        ScopeCode = default;
    }

    public User(string userName, string displayName, Role role, DivisionCode scopeCode, string initialPassword, string? bankName, DateTimeOffset now, string? bankCode = null)
    {
        userName = userName?.Trim().ToLowerInvariant() ?? "";
        if (userName.Length is < 3 or > 40 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new DomainException("account.invalid_user_name", "用户名应为 3–40 位字母、数字或 . _ -。", "userName");
        }
        if (string.IsNullOrWhiteSpace(displayName))
        {
            throw new DomainException("account.display_name_required", "姓名不能为空。", "displayName");
        }
        if (scopeCode.Level != Roles.ScopeLevel(role))
        {
            throw new DomainException("account.scope_level", $"{Roles.DisplayName(role)}的权限范围应为{LevelName(Roles.ScopeLevel(role))}。", "scopeCode");
        }
        if (role == Role.BankOfficer && string.IsNullOrWhiteSpace(bankName))
        {
            throw new DomainException("account.bank_required", "银行经办人员须填写所属银行。", "bankName");
        }
        UserName = userName;
        DisplayName = displayName.Trim();
        Role = role;
        ScopeCode = scopeCode;
        CountyCode = scopeCode.County;
        BankName = role == Role.BankOfficer ? bankName!.Trim() : null;
        BankCode = role == Role.BankOfficer ? ValidBankCode(bankCode) : null;
        PasswordHash = PasswordHashing.Hash(initialPassword);
        MustChangePassword = true;
        Active = true;
        CreatedAt = now;
    }

    /// <summary>
    /// A demo account (documented in the README as demo-only): its well-known password is not forced to change,
    /// so every visitor of a demo install can sign in with it.
    /// </summary>
    public static User Demo(string userName, string displayName, Role role, DivisionCode scopeCode, string password, string? bankName, DateTimeOffset now, string? bankCode = null)
    {
        var user = new User(userName, displayName, role, scopeCode, password, bankName, now, bankCode) { MustChangePassword = false };
        return user;
    }

    public UserId Id { get; private set; }

    public string UserName { get; private set; }

    public string DisplayName { get; private set; }

    public Role Role { get; private set; }

    public DivisionCode ScopeCode { get; private set; }

    public string CountyCode { get; private set; }

    public string? BankName { get; private set; }

    /// <summary>
    /// The organisation code of a bank officer's bank: the key of bank scope (<see cref="IBankScoped"/>). Null for an
    /// officer created before the bank registry exists; such an officer sees no bank's records.
    /// </summary>
    public string? BankCode { get; private set; }

    public string PasswordHash { get; private set; }

    public bool MustChangePassword { get; private set; }

    public int FailedAttempts { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public bool Active { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastLoginAt { get; private set; }

    /// <summary>Changes on every password change or deactivation; sessions issued before it are rejected.</summary>
    public int SecurityVersion { get; private set; }

    public AreaScope Scope => AreaScope.Of(ScopeCode);

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>Checks a password, counting failures: the fifth failure in a row locks the account for 15 minutes.</summary>
    public SignInOutcome SignIn(string password, DateTimeOffset now)
    {
        if (!Active)
        {
            return SignInOutcome.Inactive;
        }
        if (IsLockedOut(now))
        {
            return SignInOutcome.LockedOut;
        }
        if (!PasswordHashing.Verify(PasswordHash, password))
        {
            FailedAttempts++;
            if (FailedAttempts >= MaxFailedAttempts)
            {
                LockedUntil = now + LockoutDuration;
                FailedAttempts = 0;
                return SignInOutcome.LockedOut;
            }
            return SignInOutcome.WrongPassword;
        }
        FailedAttempts = 0;
        LockedUntil = null;
        LastLoginAt = now;
        return MustChangePassword ? SignInOutcome.MustChangePassword : SignInOutcome.Success;
    }

    public void ChangePassword(string current, string next)
    {
        if (!PasswordHashing.Verify(PasswordHash, current))
        {
            throw new DomainException("account.wrong_password", "当前密码不正确。", "currentPassword");
        }
        if (current == next)
        {
            throw new DomainException("account.password_reused", "新密码不能与当前密码相同。", "newPassword");
        }
        if (PasswordHashing.Weakness(next, UserName) is { } weakness)
        {
            throw new DomainException("account.weak_password", weakness, "newPassword");
        }
        PasswordHash = PasswordHashing.Hash(next);
        MustChangePassword = false;
        SecurityVersion++;
    }

    /// <summary>An administrator sets a temporary password; the user must change it at next login.</summary>
    public void ResetPassword(string temporary)
    {
        PasswordHash = PasswordHashing.Hash(temporary);
        MustChangePassword = true;
        FailedAttempts = 0;
        LockedUntil = null;
        SecurityVersion++;
    }

    public void Update(string displayName, Role role, DivisionCode scopeCode, string? bankName, bool active)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            throw new DomainException("account.display_name_required", "姓名不能为空。", "displayName");
        }
        if (scopeCode.Level != Roles.ScopeLevel(role))
        {
            throw new DomainException("account.scope_level", $"{Roles.DisplayName(role)}的权限范围应为{LevelName(Roles.ScopeLevel(role))}。", "scopeCode");
        }
        if (role == Role.BankOfficer && string.IsNullOrWhiteSpace(bankName))
        {
            throw new DomainException("account.bank_required", "银行经办人员须填写所属银行。", "bankName");
        }
        var changedAccess = role != Role || scopeCode != ScopeCode || active != Active;
        DisplayName = displayName.Trim();
        Role = role;
        ScopeCode = scopeCode;
        CountyCode = scopeCode.County;
        BankName = role == Role.BankOfficer ? bankName!.Trim() : null;
        BankCode = role == Role.BankOfficer ? BankCode : null;
        Active = active;
        if (changedAccess)
        {
            SecurityVersion++;
        }
    }

    public void Unlock()
    {
        FailedAttempts = 0;
        LockedUntil = null;
    }

    private static string? ValidBankCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }
        code = code.Trim().ToUpperInvariant();
        if (code.Length > 30 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new DomainException("account.invalid_bank_code", "银行机构代码应为不超过 30 位的字母、数字或 -。", "bankCode");
        }
        return code;
    }

    private static string LevelName(AreaLevel level) => level switch
    {
        AreaLevel.County => "县",
        AreaLevel.Township => "乡镇",
        AreaLevel.Village => "行政村",
        AreaLevel.Group => "村民组",
    };
}

public enum SignInOutcome
{
    Success,
    MustChangePassword,
    WrongPassword,
    LockedOut,
    Inactive,
}

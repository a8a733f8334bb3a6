namespace RuralLedger.Core.Accounts;

/// <summary>
/// One signed-in browser or program: the session cookie carries its id, and every request checks that it is not
/// revoked. Signing out, a password change or reset, a change of role, scope or active state, and an administrator's
/// revocation end it (decision 0030).
/// </summary>
public sealed class UserSession
{
    public const int IpLength = 45;
    public const int UserAgentLength = 200;

    private UserSession()
    {
    }

    public UserSession(UserId userId, string? ip, string? userAgent, DateTimeOffset now)
    {
        UserId = userId;
        Ip = Clip(ip, IpLength);
        UserAgent = Clip(userAgent, UserAgentLength);
        CreatedAt = now;
        LastSeenAt = now;
    }

    public long Id { get; private set; }

    public UserId UserId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Refreshed at most once a minute (<see cref="SeenGranularity"/>), not on every request.</summary>
    public DateTimeOffset LastSeenAt { get; private set; }

    public string? Ip { get; private set; }

    public string? UserAgent { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>signed_out, password_changed, access_changed or revoked (by an administrator).</summary>
    public string? RevokedReason { get; private set; }

    public static readonly TimeSpan SeenGranularity = TimeSpan.FromMinutes(1);

    public bool Revoked => RevokedAt is not null;

    public void Revoke(string reason, DateTimeOffset now)
    {
        if (RevokedAt is null)
        {
            RevokedAt = now;
            RevokedReason = reason;
        }
    }

    private static string? Clip(string? text, int length)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        // A user agent is whatever the client sends: keep printable characters only, so the page and the audit show it safely.
        var clean = new string(text.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length <= length ? clean : clean[..length];
    }
}

/// <summary>Why a session ended, as stored in <see cref="UserSession.RevokedReason"/>.</summary>
public static class SessionEnd
{
    public const string SignedOut = "signed_out";
    public const string PasswordChanged = "password_changed";
    public const string AccessChanged = "access_changed";
    public const string Revoked = "revoked";
}

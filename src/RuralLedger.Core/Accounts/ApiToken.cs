using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Accounts;

/// <summary>
/// A credential a program (the bank's system, the province's exchange) presents as <c>Authorization: Bearer</c> on
/// /api, acting as one account — a service account set up like any user, so its role, area scope and bank are the
/// account's (decision 0032). The text is <c>rlt_&lt;id&gt;_&lt;secret&gt;</c>: the id finds the row, the 256-bit
/// secret is kept only as its SHA-256, and the whole text is shown once, when the token is created.
/// </summary>
public sealed class ApiToken
{
    public const string Prefix = "rlt_";
    public const int NameLength = 60;
    public const int MaxPermitsPerMinute = 6000;
    public const int DefaultPermitsPerMinute = 600;

    /// <summary>A token outliving a year is a credential nobody remembers issuing; renewing is one click.</summary>
    public const int MaxDays = 366;

    private ApiToken()
    {
        Name = "";
        SecretHash = [];
        CreatedBy = "";
    }

    public ApiToken(UserId userId, string? name, DateOnly? expiresOn, int? permitsPerMinute, byte[] secretHash, string createdBy, DateTimeOffset now, DateOnly today)
    {
        var v = new Validation();
        var clean = name?.Trim() ?? "";
        if (clean.Length == 0)
        {
            v.Add("name", "请填写令牌用途（如“农商行还款接口”）。", "tokens.name_required");
        }
        else if (clean.Length > NameLength || clean.Any(char.IsControl))
        {
            v.Add("name", $"令牌用途不超过 {NameLength} 个字符，且不含控制字符。", "tokens.name_invalid");
        }
        if (expiresOn is not { } until)
        {
            v.Add("expiresOn", "请填写到期日。", "tokens.expiry_required");
        }
        else if (until <= today || until > today.AddDays(MaxDays))
        {
            v.Add("expiresOn", $"到期日应在明天至 {BusinessCalendar.Format(today.AddDays(MaxDays))} 之间。", "tokens.expiry_range");
        }
        var permits = permitsPerMinute ?? DefaultPermitsPerMinute;
        if (permits is < 1 or > MaxPermitsPerMinute)
        {
            v.Add("permitsPerMinute", $"每分钟请求上限应为 1–{MaxPermitsPerMinute}。", "tokens.permits_range");
        }
        v.ThrowIfAny();
        UserId = userId;
        Name = clean;
        ExpiresOn = expiresOn!.Value;
        PermitsPerMinute = permits;
        SecretHash = secretHash;
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    /// <summary>The account the token acts as.</summary>
    public UserId UserId { get; private set; }

    /// <summary>What it is for, so the administrator knows which system breaks when it is revoked.</summary>
    public string Name { get; private set; }

    /// <summary>SHA-256 of the secret part; a byte array, so the audit trail never copies it.</summary>
    public byte[] SecretHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    /// <summary>The last day (China Standard Time) the token is accepted.</summary>
    public DateOnly ExpiresOn { get; private set; }

    public int PermitsPerMinute { get; private set; }

    /// <summary>Refreshed at most once a minute, outside the audit trail (use is not a change).</summary>
    public DateTimeOffset? LastUsedAt { get; private set; }

    public string? LastUsedIp { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public string? RevokeReason { get; private set; }

    public int Version { get; private set; }

    public static readonly TimeSpan UseGranularity = TimeSpan.FromMinutes(1);

    public bool IsExpired(DateOnly today) => today > ExpiresOn;

    public void Revoke(string? reason, string by, DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            throw StateConflict.Of("tokens.revoked", "该令牌", "已吊销", "吊销");
        }
        var clean = reason?.Trim() ?? "";
        if (clean.Length == 0 || clean.Length > 200 || clean.Any(char.IsControl))
        {
            throw new DomainException("tokens.reason_required", "请填写吊销原因（不超过 200 字）。", "reason");
        }
        RevokedAt = now;
        RevokedBy = by;
        RevokeReason = clean;
        Version++;
    }

    /// <summary>A fresh 256-bit secret, as text for the caller and as the hash to store.</summary>
    public static (string Secret, byte[] Hash) NewSecret()
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, HashOf(secret));
    }

    public static byte[] HashOf(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string Text(long id, string secret) => Prefix + id.ToString(CultureInfo.InvariantCulture) + "_" + secret;

    /// <summary>Splits <c>rlt_&lt;id&gt;_&lt;secret&gt;</c>; anything else is not one of ours.</summary>
    public static bool TryParse(string? text, out long id, out string secret)
    {
        id = 0;
        secret = "";
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length > 120)
        {
            return false;
        }
        var rest = text.AsSpan(Prefix.Length);
        var cut = rest.IndexOf('_');
        if (cut <= 0 || !long.TryParse(rest[..cut], NumberStyles.None, CultureInfo.InvariantCulture, out id) || cut + 1 >= rest.Length)
        {
            return false;
        }
        secret = rest[(cut + 1)..].ToString();
        return true;
    }

    /// <summary>Compares in constant time: a guess learns nothing from how long the refusal took.</summary>
    public bool Matches(string secret) => CryptographicOperations.FixedTimeEquals(SecretHash, HashOf(secret));
}

/// <summary>
/// The first answer to a POST carrying an <c>Idempotency-Key</c>, kept 24 hours under (account, key) so a retry gets
/// that answer instead of acting again (decision 0032). A row without a status is a request still running. The body
/// is sealed with the personal-data key: answers may name people.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int KeyLength = 100;
    public static readonly TimeSpan KeepFor = TimeSpan.FromHours(24);

    private IdempotencyRecord()
    {
        ClientKey = "";
        RequestHash = [];
    }

    public long Id { get; private set; }

    public UserId UserId { get; private set; }

    public string ClientKey { get; private set; }

    /// <summary>SHA-256 of method, path, query and body: the same key with another request is refused.</summary>
    public byte[] RequestHash { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int? Status { get; private set; }

    public string? ContentType { get; private set; }

    public string? Location { get; private set; }

    /// <summary>AES-GCM under the personal-data key (nonce ‖ ciphertext ‖ tag).</summary>
    public byte[]? SealedBody { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }
}

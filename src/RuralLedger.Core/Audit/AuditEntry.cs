using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RuralLedger.Core.Audit;

/// <summary>
/// One append-only audit row. Rows form a SHA-256 hash chain per county (<see cref="ChainKey"/>): each row's
/// hash covers its own content and the previous row's hash, so editing, deleting or reordering any row breaks
/// every hash after it. <see cref="Sequence"/> numbers the rows of a chain without gaps.
/// </summary>
public sealed class AuditEntry
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private AuditEntry()
    {
        ChainKey = "";
        Action = "";
        EntityType = "";
        EntityId = "";
        ActorName = "";
        RequestId = "";
        PreviousHash = "";
        Hash = "";
    }

    public AuditEntry(string chainKey, long sequence, DateTimeOffset at, long? actorId, string actorName, string action, string entityType, string entityId, string? before, string? after, string requestId, string previousHash)
    {
        ChainKey = chainKey;
        Sequence = sequence;
        // Microsecond precision: what PostgreSQL's timestamptz keeps, so the hash survives a round trip.
        At = new DateTimeOffset(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);
        ActorId = actorId;
        ActorName = actorName;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        Before = before;
        After = after;
        RequestId = requestId;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    public long Id { get; private set; }

    /// <summary>The county code, or "000000" for system-wide entries (accounts of the administrator, logins without a county).</summary>
    public string ChainKey { get; private set; }

    public long Sequence { get; private set; }

    public DateTimeOffset At { get; private set; }

    public long? ActorId { get; private set; }

    public string ActorName { get; private set; }

    /// <summary>create, update, delete, or a named action such as unmask, login, import.</summary>
    public string Action { get; private set; }

    public string EntityType { get; private set; }

    public string EntityId { get; private set; }

    public string? Before { get; private set; }

    public string? After { get; private set; }

    public string RequestId { get; private set; }

    public string PreviousHash { get; private set; }

    public string Hash { get; private set; }

    public string ComputeHash()
    {
        // Fields joined by the ASCII unit separator, which no field may contain unescaped (JSON escapes it).
        var canonical = string.Join('\u001f',
            ChainKey,
            Sequence.ToString(CultureInfo.InvariantCulture),
            At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            ActorId?.ToString(CultureInfo.InvariantCulture) ?? "",
            ActorName,
            Action,
            EntityType,
            EntityId,
            Before ?? "\u2400",
            After ?? "\u2400",
            RequestId,
            PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Certificates;

public enum VerificationResult
{
    Genuine,
    Revoked,
    Superseded,
    Unknown,
}

/// <summary>
/// What the public may learn from a verification code: the certificate's number, the asset's name, the holders
/// (a household's name masked), the issue date, and if it is no longer valid, since when and why. Nothing else.
/// </summary>
public sealed record VerificationAnswer(
    VerificationResult Result, string Message, string? Number, string? AssetName, IReadOnlyList<string> Holders, DateOnly? IssuedOn,
    DateOnly? EndedOn, string? EndReason, string? ReplacedByNumber);

/// <summary>
/// The public check behind the QR code. Looked up by the random code only and across every scope (the caller is
/// anonymous); a malformed code gets exactly the answer of an unknown one, without touching the database.
/// </summary>
public sealed class Verification(RuralDbContext db)
{
    public const int CodeLength = 26;
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static readonly VerificationAnswer Unknown = new(VerificationResult.Unknown, "查无此证", null, null, [], null, null, null, null);

    public async Task<VerificationAnswer> CheckAsync(string? code, CancellationToken ct)
    {
        var normalized = (code ?? "").Trim().ToLowerInvariant();
        if (normalized.Length != CodeLength || !normalized.All(Alphabet.Contains))
        {
            return Unknown;
        }
        var c = await db.Certificates.IgnoreQueryFilters().AsNoTracking()
            .Where(x => x.VerificationCode == normalized)
            .SingleOrDefaultAsync(ct);
        if (c is null)
        {
            return Unknown;
        }
        var holders = c.Holders.Select(h => h.Kind == AssetNames.Of(HolderKind.Household) ? MaskName(h.Name) : h.Name).ToList();
        return c.Status switch
        {
            CertificateStatus.Valid => new(VerificationResult.Genuine, "真实有效", c.Number, c.AssetName, holders, c.IssuedOn, null, null, null),
            CertificateStatus.Revoked => new(VerificationResult.Revoked, "已注销", c.Number, c.AssetName, holders, c.IssuedOn, c.RevokedOn, c.RevokeReason, null),
            CertificateStatus.Superseded => new(VerificationResult.Superseded, $"已换发（新证号 {c.ReplacedByNumber}）", c.Number, c.AssetName, holders, c.IssuedOn,
                c.RevokedOn, c.RevokeReason, c.ReplacedByNumber),
        };
    }

    /// <summary>A person's name on a public page keeps its first character only: 张三 → 张*, 欧阳娜娜 → 欧***.</summary>
    public static string MaskName(string name)
    {
        var runes = (name ?? "").Trim().EnumerateRunes().ToList();
        return runes.Count == 0 ? "" : runes[0].ToString() + new string('*', Math.Max(1, runes.Count - 1));
    }
}

/// <summary>
/// A fixed window of requests per client address on the public verification routes, so the code space can't be
/// walked quickly. Kept inside the feature (a page filter and an endpoint filter) rather than as app-wide middleware.
/// </summary>
public sealed class VerificationRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public VerificationRateLimiter(IOptions<CertificateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var permits = Math.Max(1, options.Value.VerifyPermitsPerMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>True when the request may proceed; otherwise a 429 is due (and no database work is done).</summary>
    public bool TryEnter(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var lease = _limiter.AttemptAcquire(http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return lease.IsAcquired;
    }

    /// <summary>Marks the response as not for search engines or caches.</summary>
    public static void NoIndex(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        response.Headers.CacheControl = "no-store";
    }

    public static IResult TooManyRequests(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.RetryAfter = "60";
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: ErrorHandling.TitleFor(429),
            detail: "查询过于频繁，请一分钟后再试。", extensions: new Dictionary<string, object?> { ["code"] = "too_many_requests" });
    }

    public void Dispose() => _limiter.Dispose();
}

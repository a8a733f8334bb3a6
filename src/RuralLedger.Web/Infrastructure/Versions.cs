using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// Optimistic versions, the same for every module: an update or transition carries the <c>version</c> the user read
/// (missing: 400 <c>version.required</c> naming <c>version</c>); another version, or a concurrent save that got there
/// first, is one 409 <c>&lt;module&gt;.stale</c>. The comparison with the loaded row answers early; the guard is the
/// concurrency token, so the UPDATE itself matches only the version that was read.
/// </summary>
/// <param name="module">The code's prefix: "contracts" gives <c>contracts.stale</c>.</param>
/// <param name="record">The record as people call it, with its demonstrative: "该合同".</param>
public sealed class Versions(string module, string record)
{
    public const string Field = "version";

    public const string RequiredCode = "version.required";

    public string StaleCode { get; } = module + ".stale";

    public ConflictException Stale() => new(StaleCode, $"{record}已被他人修改，请刷新页面后重新操作。");

    /// <summary>Refuses a request without a version or with one other than the record's.</summary>
    public void Expect(int current, int? seen)
    {
        if (seen is not { } version)
        {
            throw new DomainException(RequiredCode, "请求须带上读取时的版本号 version。", Field);
        }
        if (version != current)
        {
            throw Stale();
        }
    }

    /// <summary>Saves; a row changed since it was read (its version moved on) is <see cref="Stale"/>.</summary>
    public async Task SaveAsync(DbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw Stale();
        }
    }
}

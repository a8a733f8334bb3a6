using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> on every POST under /api (decision 0032): the first request with a key claims the row
/// (account, key) — a unique index, so of ten at once exactly one acts — and its answer is kept 24 hours; a retry with
/// the same request gets that answer back (<c>Idempotency-Replayed: true</c>) without acting; the same key with
/// another request is 422 <c>idempotency.mismatch</c>; a retry while the first still runs waits for its answer, and
/// after <see cref="WaitFor"/> is 409 <c>idempotency.in_progress</c>. A 5xx is not kept (nothing was done; the retry
/// acts). Bodies are sealed with the personal-data key. An answer the endpoint marks <c>no-store</c> carries a secret
/// shown once (a temporary password, a new token): only its status and Location are kept, and a retry is 409
/// <c>idempotency.not_replayable</c>.
/// </summary>
internal static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";

    private static readonly TimeSpan WaitFor = TimeSpan.FromSeconds(20);

    /// <summary>A claim without an answer this old was left by a process that died mid-request: it is released.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan CleanEvery = TimeSpan.FromMinutes(10);

    /// <summary>
    /// After authentication (the key belongs to the caller). The branch has its own exception handler, inside this
    /// one, so an answer given by an exception (400, 409) is recorded like any other.
    /// </summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app)
    {
        var cleanup = new CleanupSchedule();
        return app.UseWhen(Applies, keyed => keyed
            .Use((http, next) => RunAsync(http, next, cleanup))
            .UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = ErrorHandling.StatusOf }));
    }

    private static bool Applies(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method)
        && http.Request.Path.StartsWithSegments("/api")
        && http.Request.Headers.ContainsKey(Header)
        && http.User.Identity?.IsAuthenticated == true;

    private static async Task RunAsync(HttpContext http, RequestDelegate next, CleanupSchedule cleanup)
    {
        var key = http.Request.Headers[Header].ToString();
        if (key.Length is 0 or > IdempotencyRecord.KeyLength || key.Any(c => c is < '!' or > '~'))
        {
            await Authentication.WriteProblemAsync(http, StatusCodes.Status400BadRequest, "idempotency.invalid_key",
                $"Idempotency-Key 应为 1–{IdempotencyRecord.KeyLength} 个可见 ASCII 字符（建议用 UUID）。");
            return;
        }
        var services = http.RequestServices;
        var access = services.GetRequiredService<AccessContext>();
        if (access.ActorId is not { } actor)
        {
            await next(http);
            return;
        }
        var db = services.GetRequiredService<RuralDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var user = new UserId(actor);
        var hash = await RequestHashAsync(http.Request);
        await cleanup.RunAsync(db, clock.GetUtcNow());

        var started = clock.GetUtcNow();
        while (true)
        {
            var now = clock.GetUtcNow();
            if (await TryClaimAsync(db, user, key, hash, now))
            {
                await ActAsync(http, next, db, user, key);
                return;
            }
            var held = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == user && r.ClientKey == key, CancellationToken.None);
            if (held is null)
            {
                continue;
            }
            if (now - held.CreatedAt >= IdempotencyRecord.KeepFor || (held.Status is null && now - held.CreatedAt >= Abandoned))
            {
                await db.IdempotencyRecords.Where(r => r.Id == held.Id).ExecuteDeleteAsync(CancellationToken.None);
                continue;
            }
            if (!CryptographicOperations.FixedTimeEquals(held.RequestHash, hash))
            {
                await Authentication.WriteProblemAsync(http, StatusCodes.Status422UnprocessableEntity, "idempotency.mismatch",
                    "该 Idempotency-Key 已用于另一个请求（地址或内容不同）；新请求请换一个新的键。");
                return;
            }
            if (held.Status is { } status)
            {
                await ReplayAsync(http, held, status);
                return;
            }
            if (clock.GetUtcNow() - started >= WaitFor || http.RequestAborted.IsCancellationRequested)
            {
                await Authentication.WriteProblemAsync(http, StatusCodes.Status409Conflict, "idempotency.in_progress",
                    "使用该 Idempotency-Key 的请求仍在处理中，请稍后用同一个键重试。");
                return;
            }
            // Real time, not the business clock: this waits for another request to finish.
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }

    /// <summary>Method, path, query and body: the same key may only ever mean the same request.</summary>
    private static async Task<byte[]> RequestHashAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }
        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// One INSERT that the unique index turns into nothing when the key is taken (ON CONFLICT DO NOTHING, on both
    /// providers): one row affected is the claim. Written beside EF's change tracker, as a session's "last seen": a claim
    /// is bookkeeping of the protocol, not a change the audit trail records.
    /// </summary>
    private static async Task<bool> TryClaimAsync(RuralDbContext db, UserId user, string key, byte[] hash, DateTimeOffset now)
    {
        object at = db.Provider == DatabaseProvider.Sqlite ? SqliteRuralDbContext.ToStored(now) : now.ToUniversalTime();
        var rows = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO idempotency_keys (user_id, client_key, request_hash, created_at) VALUES ({user.Value}, {key}, {hash}, {at}) ON CONFLICT (user_id, client_key) DO NOTHING",
            CancellationToken.None);
        return rows == 1;
    }

    private static async Task ActAsync(HttpContext http, RequestDelegate next, RuralDbContext db, UserId user, string key)
    {
        var original = http.Response.Body;
        await using var captured = new MemoryStream();
        http.Response.Body = captured;
        var kept = false;
        try
        {
            await next(http);
            var status = http.Response.StatusCode;
            if (status < 500)
            {
                var oneTime = http.Response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase);
                var vault = http.RequestServices.GetRequiredService<PersonalDataVault>();
                byte[]? body = oneTime ? null : vault.Seal(captured.GetBuffer().AsSpan(0, (int)captured.Length));
                var contentType = http.Response.ContentType;
                var location = http.Response.Headers.Location.ToString();
                var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                await db.IdempotencyRecords.Where(r => r.UserId == user && r.ClientKey == key)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(r => r.Status, status)
                        .SetProperty(r => r.ContentType, contentType)
                        .SetProperty(r => r.Location, location.Length == 0 ? null : location)
                        .SetProperty(r => r.SealedBody, body)
                        .SetProperty(r => r.CompletedAt, now), CancellationToken.None);
                kept = true;
            }
        }
        finally
        {
            http.Response.Body = original;
            if (!kept)
            {
                // Nothing was done (or the answer is a server error): the claim goes, so a retry acts.
                await db.IdempotencyRecords.Where(r => r.UserId == user && r.ClientKey == key).ExecuteDeleteAsync(CancellationToken.None);
            }
        }
        captured.Position = 0;
        await captured.CopyToAsync(original, http.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyRecord held, int status)
    {
        http.Response.Headers[ReplayedHeader] = "true";
        if (held.Location is { } location)
        {
            http.Response.Headers.Location = location;
        }
        if (held.SealedBody is not { } sealedBody)
        {
            await Authentication.WriteProblemAsync(http, StatusCodes.Status409Conflict, "idempotency.not_replayable",
                "使用该 Idempotency-Key 的请求已完成；其响应含只显示一次的内容（临时密码或令牌），不再重复返回。");
            return;
        }
        var vault = http.RequestServices.GetRequiredService<PersonalDataVault>();
        var body = vault.Unseal(sealedBody);
        http.Response.StatusCode = status;
        if (held.ContentType is { } type)
        {
            http.Response.ContentType = type;
        }
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>Expired keys go in one indexed delete, at most every ten minutes per app.</summary>
    private sealed class CleanupSchedule
    {
        private long _nextTicks;

        public async Task RunAsync(RuralDbContext db, DateTimeOffset now)
        {
            var next = Interlocked.Read(ref _nextTicks);
            if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextTicks, (now + CleanEvery).UtcTicks, next) != next)
            {
                return;
            }
            var cutoff = now - IdempotencyRecord.KeepFor;
            await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(CancellationToken.None);
        }
    }
}

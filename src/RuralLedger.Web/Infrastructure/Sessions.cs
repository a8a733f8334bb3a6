using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Data;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// The server-side record of sessions (decision 0030): started at sign-in, checked on every request
/// (<see cref="Authentication"/>), ended at sign-out, on a password change or reset, a change of access, or by an
/// administrator.
/// </summary>
internal static class Sessions
{
    /// <summary>Adds the session to the context; its id is known once the caller saves.</summary>
    public static UserSession Start(RuralDbContext db, HttpContext http, User user, DateTimeOffset now)
    {
        var session = new UserSession(user.Id, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString(), now);
        db.UserSessions.Add(session);
        return session;
    }

    public static Task<int> RevokeAsync(RuralDbContext db, long sessionId, string reason, DateTimeOffset now, CancellationToken ct) =>
        db.UserSessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);

    /// <summary>
    /// Ends every open session of the user but <paramref name="except"/> (the caller's own, after changing its own
    /// password). The security version already refuses the old cookies; this makes the session list say so.
    /// </summary>
    public static Task<int> RevokeAllAsync(RuralDbContext db, UserId user, string reason, DateTimeOffset now, long? except, CancellationToken ct) =>
        db.UserSessions.Where(s => s.UserId == user && s.RevokedAt == null && s.Id != except)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), ct);
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Supervision;

/// <summary>How many of the caller's findings are past their deadline and not closed: the home page's card.</summary>
public sealed class OverdueFindings(RuralDbContext db, TimeProvider clock)
{
    public async Task<int> CountAsync(CancellationToken ct)
    {
        if (db.Access.Scope.Kind == ScopeKind.None)
        {
            return 0;
        }
        var today = BusinessCalendar.Today(clock);
        return await db.Findings.AsNoTracking().CountAsync(f => f.Status != FindingStatus.Accepted && f.Deadline < today, ct);
    }
}

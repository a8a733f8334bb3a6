using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Credit;

namespace RuralLedger.Data.Credit;

/// <summary>
/// The national programmes and LPR quotes a county starts from (<see cref="CreditSeed"/>), written the first time the
/// county's credit rules are needed. Two first uses at once both try; the unique keys keep one copy.
/// </summary>
public static class CreditReference
{
    public static async Task EnsureAsync(RuralDbContext db, string county, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var hasQuotes = await db.LprQuotes.AnyAsync(ct);
        var hasPolicies = await db.CreditPolicies.IgnoreQueryFilters().AnyAsync(p => p.CountyCode == county, ct);
        if (hasQuotes && hasPolicies)
        {
            return;
        }
        if (!hasQuotes)
        {
            db.LprQuotes.AddRange(CreditSeed.LprQuotes());
        }
        if (!hasPolicies)
        {
            db.CreditPolicies.AddRange(CreditSeed.Programmes(county, now));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
        }
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Data.Distribution;

/// <summary>Which rule version a plan is computed under: the latest version of the code in effect on the freeze date.</summary>
public static class RuleLookup
{
    /// <summary>The rule in effect, or null if there is none (yet): reads only.</summary>
    public static Task<DistributionRule?> FindAsync(RuralDbContext db, string county, string? code, DateOnly on, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ruleCode = DefaultDistributionPolicy.CodeOr(code);
        return db.DistributionRules.AsNoTracking().Where(r => r.CountyCode == county && r.Code == ruleCode && r.EffectiveFrom <= on)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
    }

    /// <summary>The rule in effect; the county's default rule (<see cref="DefaultDistributionPolicy"/>) is created the first time it is asked for.</summary>
    public static async Task<DistributionRule> ForAsync(RuralDbContext db, string county, string? code, DateOnly on, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ruleCode = DefaultDistributionPolicy.CodeOr(code);
        var rule = await db.DistributionRules.Where(r => r.CountyCode == county && r.Code == ruleCode && r.EffectiveFrom <= on)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (rule is null && ruleCode == DefaultDistributionPolicy.Code && !await db.DistributionRules.AnyAsync(r => r.CountyCode == county && r.Code == DefaultDistributionPolicy.Code, ct))
        {
            // The county's default rule exists from the first plan on, as data that later versions can supersede.
            rule = DefaultDistributionPolicy.For(county);
            db.DistributionRules.Add(rule);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e) && db.Database.CurrentTransaction is null)
            {
                // Another request created it at the same moment: theirs is the county's default rule.
                db.Entry(rule).State = EntityState.Detached;
                return await ForAsync(db, county, code, on, ct);
            }
        }
        return rule ?? throw new DomainException("plans.rule_not_found", $"没有在 {on:yyyy-MM-dd} 生效的分配规则“{ruleCode}”。", "ruleCode");
    }

    /// <summary>
    /// Creates, in one save, the default rule of each county given that has none yet (a batch over a province
    /// asks for all of them at once). Returns how many were created; they stay tracked by the context.
    /// </summary>
    public static async Task<int> EnsureDefaultsAsync(RuralDbContext db, IReadOnlyCollection<string> counties, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var have = await db.DistributionRules.Where(r => r.Code == DefaultDistributionPolicy.Code && counties.Contains(r.CountyCode)).Select(r => r.CountyCode).Distinct().ToListAsync(ct);
        var missing = counties.Except(have).ToList();
        if (missing.Count > 0)
        {
            db.DistributionRules.AddRange(missing.Select(c => DefaultDistributionPolicy.For(c)));
            await db.SaveChangesAsync(ct);
        }
        return missing.Count;
    }
}

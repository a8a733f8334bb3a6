using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Data.Distribution;

/// <summary>Which rule version a plan is computed under: the latest version of the code in effect on the freeze date.</summary>
public static class RuleLookup
{
    /// <summary>The rule in effect, or null if there is none (yet): reads only.</summary>
    public static Task<DistributionRule?> FindAsync(RuralDbContext db, string county, string? code, DateOnly on, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ruleCode = CodeOrDefault(code);
        return db.DistributionRules.AsNoTracking().Where(r => r.CountyCode == county && r.Code == ruleCode && r.EffectiveFrom <= on)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
    }

    /// <summary>The rule in effect; the county's default 721 rule is created the first time it is asked for.</summary>
    public static async Task<DistributionRule> ForAsync(RuralDbContext db, string county, string? code, DateOnly on, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ruleCode = CodeOrDefault(code);
        var rule = await db.DistributionRules.Where(r => r.CountyCode == county && r.Code == ruleCode && r.EffectiveFrom <= on)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (rule is null && ruleCode == DefaultCode && !await db.DistributionRules.AnyAsync(r => r.CountyCode == county && r.Code == DefaultCode, ct))
        {
            // The county's default rule exists from the first plan on, as data that later versions can supersede.
            rule = DistributionRule.SevenTwoOne(county, DefaultFrom);
            db.DistributionRules.Add(rule);
            await db.SaveChangesAsync(ct);
        }
        return rule ?? throw new DomainException("plans.rule_not_found", $"没有在 {on:yyyy-MM-dd} 生效的分配规则“{ruleCode}”。", "ruleCode");
    }

    /// <summary>
    /// Creates, in one save, the default 721 rule of each county given that has none yet (a batch over a province
    /// asks for all of them at once). Returns how many were created; they stay tracked by the context.
    /// </summary>
    public static async Task<int> EnsureDefaultsAsync(RuralDbContext db, IReadOnlyCollection<string> counties, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var have = await db.DistributionRules.Where(r => r.Code == DefaultCode && counties.Contains(r.CountyCode)).Select(r => r.CountyCode).Distinct().ToListAsync(ct);
        var missing = counties.Except(have).ToList();
        if (missing.Count > 0)
        {
            db.DistributionRules.AddRange(missing.Select(c => DistributionRule.SevenTwoOne(c, DefaultFrom)));
            await db.SaveChangesAsync(ct);
        }
        return missing.Count;
    }

    // The default rule applies to all income since the programme began.
    private static readonly DateOnly DefaultFrom = new(2016, 1, 1);

    private const string DefaultCode = "721";

    private static string CodeOrDefault(string? code) => string.IsNullOrWhiteSpace(code) ? DefaultCode : code.Trim();

    /// <summary>Whole years of age on a date (the day before the birthday still counts the year before).</summary>
    public static int AgeOn(DateOnly birth, DateOnly on) => on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);
}

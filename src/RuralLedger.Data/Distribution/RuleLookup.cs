using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Data.Distribution;

/// <summary>Which rule version a plan is computed under: the latest version of the code in effect on the freeze date.</summary>
public static class RuleLookup
{
    public static async Task<DistributionRule> ForAsync(RuralDbContext db, string county, string? code, DateOnly on, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ruleCode = string.IsNullOrWhiteSpace(code) ? "721" : code.Trim();
        var rule = await db.DistributionRules.Where(r => r.CountyCode == county && r.Code == ruleCode && r.EffectiveFrom <= on)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (rule is null && ruleCode == "721" && !await db.DistributionRules.AnyAsync(r => r.CountyCode == county && r.Code == "721", ct))
        {
            // The county's default rule exists from the first plan on, as data that later versions can supersede.
            rule = DistributionRule.SevenTwoOne(county, new DateOnly(2016, 1, 1));
            db.DistributionRules.Add(rule);
            await db.SaveChangesAsync(ct);
        }
        return rule ?? throw new DomainException("plans.rule_not_found", $"没有在 {on:yyyy-MM-dd} 生效的分配规则“{ruleCode}”。", "ruleCode");
    }

    /// <summary>Whole years of age on a date (the day before the birthday still counts the year before).</summary>
    public static int AgeOn(DateOnly birth, DateOnly on) => on.Year - birth.Year - (on < birth.AddYears(on.Year - birth.Year) ? 1 : 0);
}

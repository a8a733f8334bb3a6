using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Distribution;

public sealed record RulePartInput(string? Code, string? Name, RulePartKind Kind, Rate Percent);

public sealed record RuleInput(string? Code, string? Name, DateOnly? EffectiveFrom, IReadOnlyList<RulePartInput>? Parts, HouseholdWeighting Weighting,
    FactorWeights? Factors, Money MinimumPerHousehold, IReadOnlyList<PovertyStatus>? Eligible, bool RequirePublicWelfareJob);

public sealed record RuleView(long Id, string Code, int Version, string Name, DateOnly EffectiveFrom, IReadOnlyList<PlanPartView> Parts, string Weighting,
    FactorWeights Factors, Money MinimumPerHousehold, IReadOnlyList<string> Eligible, bool RequirePublicWelfareJob, int PlansUsing);

/// <summary>
/// Distribution rules as versioned data: saving a rule with an existing code makes the next version; versions are
/// never changed, so a plan computed under version n keeps its numbers when version n+1 appears.
/// </summary>
public sealed class Rules(RuralDbContext db)
{
    public async Task<IReadOnlyList<RuleView>> ListAsync(CancellationToken ct)
    {
        var rules = await db.DistributionRules.AsNoTracking().OrderBy(r => r.Code).ThenByDescending(r => r.Version).ToListAsync(ct);
        var usage = await db.DistributionPlans.AsNoTracking().GroupBy(p => p.RuleId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return rules.Select(r => new RuleView(r.Id.Value, r.Code, r.Version, r.Name, r.EffectiveFrom,
            r.Parts.Select(p => new PlanPartView(p.Code, p.Name, IncomeNames.Of(p.Kind), Rate.FromBasisPoints(p.BasisPoints), null)).ToList(),
            IncomeNames.Of(r.Weighting), r.Factors, r.MinimumPerHousehold, r.Eligible.Select(RegistryNames.Of).ToList(), r.RequirePublicWelfareJob,
            usage.GetValueOrDefault(r.Id))).ToList();
    }

    public async Task<long> CreateVersionAsync(RuleInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var county = db.Access.Scope.CountyCode;
        if (county.Length == 0)
        {
            throw new DomainException("rules.county_required", "分配规则由县级维护。", "code");
        }
        var v = new Validation();
        var parts = new List<RulePart>();
        var list = input.Parts ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i];
            if (string.IsNullOrWhiteSpace(p.Code) && string.IsNullOrWhiteSpace(p.Name) && p.Percent == Rate.Zero)
            {
                continue; // an empty row of the form
            }
            var partCode = string.IsNullOrWhiteSpace(p.Code) ? PartCode(p.Kind, i) : p.Code.Trim();
            parts.Add(new RulePart(partCode, (p.Name ?? "").Trim(), p.Kind, p.Percent.BasisPoints));
        }
        var minimum = input.MinimumPerHousehold;
        v.ThrowIfAny();
        var code = (input.Code ?? "").Trim();
        var version = (await db.DistributionRules.Where(r => r.CountyCode == county && r.Code == code).MaxAsync(r => (int?)r.Version, ct) ?? 0) + 1;
        var rule = new DistributionRule(county, code, version, input.Name ?? "", input.EffectiveFrom ?? new DateOnly(2016, 1, 1), parts, input.Weighting,
            input.Factors, minimum, (input.Eligible ?? []).ToArray(), input.RequirePublicWelfareJob);
        db.DistributionRules.Add(rule);
        await db.SaveChangesAsync(ct);
        return rule.Id.Value;
    }

    /// <summary>The part's code when none is given: people pick a kind by its Chinese name, programs keep a stable code.</summary>
    public static string PartCode(RulePartKind kind, int row) => kind switch
    {
        RulePartKind.HouseholdDividend => "dividend",
        RulePartKind.CollectiveIncome => "collective",
        RulePartKind.ManagementFund => "fund",
        RulePartKind.Other => $"other{row + 1}",
    };
}

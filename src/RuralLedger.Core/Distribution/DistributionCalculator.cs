using System.Globalization;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Distribution;

/// <summary>One member as the rule's factors see it on the freeze date.</summary>
public readonly record struct BeneficiaryMember(int Age, LabourAbility Labour, bool Disabled);

/// <summary>A household as frozen for a plan: its status on the freeze date and its members then.</summary>
public sealed record Beneficiary(HouseholdId HouseholdId, string HouseholdNo, string HeadName, PovertyStatus StatusOnFreezeDate,
    IReadOnlyList<BeneficiaryMember> Members, bool WorkedPublicWelfareJob);

public sealed record PartAmount(RulePart Part, Money Amount);

/// <summary>
/// One household's line with its own explanation: its weight of the total weight, the exact share that gives
/// (as a fraction of a fen), the whole fen it got by rounding down, and the remainder fen the largest-remainder
/// rule handed it (0 or 1).
/// </summary>
public sealed record HouseholdLine(HouseholdId HouseholdId, string HouseholdNo, string HeadName, int People, long Weight,
    Money Minimum, Money WeightedFloor, int RemainderFen, Money Amount, string ExactShare)
{
    public string Explain(long totalWeight, Money shared) =>
        $"权重 {Weight} / {totalWeight}；按权重应得 {shared.Fen} 分 × {Weight} / {totalWeight} = {ExactShare} 分，取整 {WeightedFloor.Fen} 分" +
        (RemainderFen > 0 ? $"，按最大余数法补 {RemainderFen} 分" : "") +
        (Minimum > Money.Zero ? $"，另加保底 {Minimum}" : "") + $"，合计 {Amount}。";
}

public sealed record DistributionResult(
    Money Pool, IReadOnlyList<PartAmount> Parts, Money Dividends, Money MinimumTotal, Money Shared, long TotalWeight,
    IReadOnlyList<HouseholdLine> Lines, IReadOnlyList<(Beneficiary Household, string Reason)> Excluded)
{
    public const string RemainderRule =
        "各部分及各户金额先按比例取整到分（向下取整），剩余的分按余数从大到小逐一补足，余数相同者按户编号（部分按规则顺序）在前者优先；各部分之和等于收益池，各户之和等于分红部分。";
}

/// <summary>
/// Computes a distribution exactly to the fen: the pool is split over the rule's parts by basis points, the
/// household part over the eligible households — each first gets the guaranteed minimum, the rest goes by
/// weight. Both splits use <see cref="Allocation"/> (largest remainder, ties to the earlier household number),
/// so parts sum to the pool and lines to the dividend part, always.
/// </summary>
public static class DistributionCalculator
{
    public static DistributionResult Compute(Money pool, DistributionRule rule, IEnumerable<Beneficiary> households)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(households);
        if (pool <= Money.Zero)
        {
            throw new DomainException("plans.empty_pool", "收益池金额须大于零。", "pool");
        }
        var partAmounts = pool.Allocate(rule.Parts.Select(p => (long)p.BasisPoints).ToArray());
        var parts = rule.Parts.Select((p, i) => new PartAmount(p, partAmounts[i])).ToList();
        var dividends = parts.Single(p => p.Part.Kind == RulePartKind.HouseholdDividend).Amount;

        var eligible = new List<(Beneficiary Household, long Weight)>();
        var excluded = new List<(Beneficiary, string)>();
        foreach (var h in households.OrderBy(h => h.HouseholdNo, StringComparer.Ordinal))
        {
            if (!rule.Eligible.Contains(h.StatusOnFreezeDate))
            {
                excluded.Add((h, $"冻结日状态为“{RegistryNames.Of(h.StatusOnFreezeDate)}”，不在受益范围"));
            }
            else if (rule.RequirePublicWelfareJob && !h.WorkedPublicWelfareJob)
            {
                excluded.Add((h, "本期无家庭成员从事公益岗位"));
            }
            else
            {
                var weight = WeightOf(h, rule);
                if (weight <= 0)
                {
                    excluded.Add((h, "按规则权重为零"));
                }
                else
                {
                    eligible.Add((h, weight));
                }
            }
        }
        if (eligible.Count == 0)
        {
            throw new DomainException("plans.no_beneficiaries", "冻结日没有符合规则的受益户。", "freezeOn");
        }

        var minimum = rule.MinimumPerHousehold;
        var minimumTotal = Money.FromFen(checked(minimum.Fen * eligible.Count));
        if (minimumTotal > dividends)
        {
            throw new DomainException("plans.minimum_unfunded",
                $"分红部分 {dividends} 不足以保障 {eligible.Count} 户每户保底 {minimum}（需 {minimumTotal}）。", "pool");
        }
        var shared = dividends - minimumTotal;
        var weights = eligible.Select(e => e.Weight).ToArray();
        var totalWeight = weights.Sum();
        var amounts = shared.Allocate(weights);
        var lines = new List<HouseholdLine>(eligible.Count);
        for (var i = 0; i < eligible.Count; i++)
        {
            var (h, w) = eligible[i];
            var product = (Int128)shared.Fen * w;
            var floor = (long)(product / totalWeight);
            var remainder = (int)(amounts[i].Fen - floor);
            lines.Add(new HouseholdLine(h.HouseholdId, h.HouseholdNo, h.HeadName, h.Members.Count, w, minimum,
                Money.FromFen(floor), remainder, amounts[i] + minimum, Exact(product, totalWeight)));
        }
        return new DistributionResult(pool, parts, dividends, minimumTotal, shared, totalWeight, lines, excluded);
    }

    public static long WeightOf(Beneficiary household, DistributionRule rule)
    {
        ArgumentNullException.ThrowIfNull(household);
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Weighting switch
        {
            HouseholdWeighting.PerHousehold => 1,
            HouseholdWeighting.PerPerson => household.Members.Count,
            HouseholdWeighting.Factors => household.Members.Sum(m =>
                (long)rule.Factors.PerPerson
                + (m.Labour is LabourAbility.None ? rule.Factors.NoLabourAbility : 0)
                + (m.Disabled ? rule.Factors.Disabled : 0)
                + (m.Age >= rule.Factors.ElderlyAge ? rule.Factors.Elderly : 0)),
        };
    }

    // The exact share in fen to four decimals (truncated), for the explanation only; amounts never use it.
    private static string Exact(Int128 numerator, long denominator)
    {
        var whole = numerator / denominator;
        var frac = (numerator % denominator) * 10_000 / denominator;
        return whole.ToString(CultureInfo.InvariantCulture) + "." + ((long)frac).ToString("D4", CultureInfo.InvariantCulture);
    }
}

namespace RuralLedger.Core.Kernel;

/// <summary>
/// Largest-remainder (Hamilton) apportionment of a whole number of fen.
/// <para>
/// Each part first gets floor(total × wᵢ / Σw). The fen left over (fewer than the number of parts) go one
/// each to the parts with the largest remainders (total × wᵢ mod Σw). Equal remainders are broken by position:
/// the earlier part wins. Callers therefore order the parts by a stable key (a household number, a rule-part
/// code) before allocating, and the same input always yields the same split. Parts with weight zero get zero.
/// </para>
/// <para>
/// Products and sums are computed in 128 bits, so any total up to <see cref="long.MaxValue"/> fen and any
/// weights up to <see cref="long.MaxValue"/> are exact.
/// </para>
/// </summary>
public static class Allocation
{
    public static long[] Split(long total, IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (total < 0)
        {
            throw new DomainException(MoneyErrors.NegativeTotal, "待分配金额不能为负数。", "total");
        }
        var n = weights.Count;
        if (n == 0)
        {
            throw new DomainException(MoneyErrors.NoWeights, "没有可分配的对象（权重列表为空）。", "weights");
        }

        Int128 weightSum = 0;
        for (var i = 0; i < n; i++)
        {
            var w = weights[i];
            if (w < 0)
            {
                throw new DomainException(MoneyErrors.NegativeWeight, $"第 {i + 1} 个权重为负数（{w}）。", $"weights[{i}]");
            }
            weightSum += w;
        }
        if (weightSum == 0)
        {
            throw new DomainException(MoneyErrors.ZeroWeights, "所有权重均为零，无法分配。", "weights");
        }

        var parts = new long[n];
        var remainders = new Int128[n];
        Int128 allotted = 0;
        for (var i = 0; i < n; i++)
        {
            var product = (Int128)total * weights[i];
            var share = Int128.DivRem(product, weightSum);
            parts[i] = (long)share.Quotient;
            remainders[i] = share.Remainder;
            allotted += share.Quotient;
        }

        var leftover = (int)((Int128)total - allotted);
        if (leftover == 0)
        {
            return parts;
        }

        // The leftover-th largest remainder is the cut: every part above it gets a fen, and parts exactly
        // at it get one in position order until the leftover is used up.
        var cut = KthLargest(remainders, leftover);
        var above = 0;
        for (var i = 0; i < n; i++)
        {
            if (remainders[i] > cut)
            {
                parts[i]++;
                above++;
            }
        }
        var atCut = leftover - above;
        for (var i = 0; i < n && atCut > 0; i++)
        {
            if (remainders[i] == cut)
            {
                parts[i]++;
                atCut--;
            }
        }
        return parts;
    }

    /// <summary>The k-th largest value (1-based), by an iterative quickselect over a copy.</summary>
    private static Int128 KthLargest(Int128[] values, int k)
    {
        var a = (Int128[])values.Clone();
        var lo = 0;
        var hi = a.Length - 1;
        var target = k - 1; // index in descending order
        var pivotSeed = 0x9E3779B9u;
        while (true)
        {
            if (lo == hi)
            {
                return a[lo];
            }
            pivotSeed = pivotSeed * 1664525u + 1013904223u; // fixed LCG: deterministic, avoids sorted-input worst case
            var pivot = a[lo + (int)(pivotSeed % (uint)(hi - lo + 1))];
            // three-way partition, descending: [> pivot][== pivot][< pivot]
            int lt = lo, i = lo, gt = hi;
            while (i <= gt)
            {
                if (a[i] > pivot)
                {
                    (a[lt], a[i]) = (a[i], a[lt]);
                    lt++;
                    i++;
                }
                else if (a[i] < pivot)
                {
                    (a[i], a[gt]) = (a[gt], a[i]);
                    gt--;
                }
                else
                {
                    i++;
                }
            }
            if (target < lt)
            {
                hi = lt - 1;
            }
            else if (target > gt)
            {
                lo = gt + 1;
            }
            else
            {
                return pivot;
            }
        }
    }
}

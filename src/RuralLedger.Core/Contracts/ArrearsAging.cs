using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Contracts;

public enum AgingBucket
{
    UpTo30 = 1,     // 0–30 天
    UpTo90 = 2,     // 31–90 天
    UpTo180 = 3,    // 91–180 天
    Over180 = 4,    // 180 天以上
}

/// <summary>Arrears by days overdue: an instalment is overdue from the day after its due date.</summary>
public static class ArrearsAging
{
    public static IReadOnlyList<AgingBucket> Buckets { get; } = [AgingBucket.UpTo30, AgingBucket.UpTo90, AgingBucket.UpTo180, AgingBucket.Over180];

    public static string Label(AgingBucket b) => b switch
    {
        AgingBucket.UpTo30 => "0–30 天",
        AgingBucket.UpTo90 => "31–90 天",
        AgingBucket.UpTo180 => "91–180 天",
        AgingBucket.Over180 => "180 天以上",
    };

    public static AgingBucket? BucketOf(DateOnly dueOn, DateOnly asOf)
    {
        var days = asOf.DayNumber - dueOn.DayNumber;
        return days switch
        {
            <= 0 => null,
            <= 30 => AgingBucket.UpTo30,
            <= 90 => AgingBucket.UpTo90,
            <= 180 => AgingBucket.UpTo180,
            _ => AgingBucket.Over180,
        };
    }

    /// <summary>Outstanding amounts of the overdue instalments, per bucket (every bucket present, zero if empty).</summary>
    public static IReadOnlyDictionary<AgingBucket, Money> Age(IEnumerable<Receivable> receivables, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(receivables);
        var result = Buckets.ToDictionary(b => b, _ => Money.Zero);
        foreach (var r in receivables)
        {
            if (r.Outstanding > Money.Zero && BucketOf(r.DueOn, asOf) is { } bucket)
            {
                result[bucket] += r.Outstanding;
            }
        }
        return result;
    }
}

using FsCheck;
using FsCheck.Fluent;

namespace RuralLedger.Core.Tests.Kernel;

/// <summary>A total in fen and the weights it is split by.</summary>
public sealed record SplitInput(long Total, long[] Weights)
{
    public override string ToString() => $"total {Total}, weights [{string.Join(", ", Weights)}]";
}

/// <summary>
/// Random allocation inputs that reach the corners: small and huge totals (up to long.MaxValue), zero weights,
/// tiny and huge weights (up to long.MaxValue), one to forty parts.
/// </summary>
public static class AllocationInputs
{
    public static Arbitrary<SplitInput> SplitInputs() =>
        (from total in Total
         from weights in Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Weight, n))
         where weights.Any(w => w > 0)
         select new SplitInput(total, weights)).ToArbitrary();

    /// <summary>Equal weights: every part has the same share, so only position decides who gets the leftover fen.</summary>
    public static Arbitrary<EqualWeightsInput> EqualWeightsInputs() =>
        (from total in Total
         from weight in Weight.Where(w => w > 0)
         from count in Gen.Choose(1, 200)
         select new EqualWeightsInput(total, weight, count)).ToArbitrary();

    private static Gen<long> Total => Gen.Frequency(
        (3, Gen.Choose(0, 10_000).Select(v => (long)v)),
        (3, UpTo(100_000_000_000_000)),
        (1, Gen.Choose(0, 1_000).Select(v => long.MaxValue - v)),
        (1, UpTo(long.MaxValue)));

    private static Gen<long> Weight => Gen.Frequency(
        (2, Gen.Constant(0L)),
        (4, Gen.Choose(1, 100).Select(v => (long)v)),
        (2, Gen.Choose(1, 1_000_000_000).Select(v => (long)v)),
        (1, UpTo(long.MaxValue)),
        (1, Gen.Choose(0, 1_000).Select(v => long.MaxValue - v)));

    /// <summary>Uniform-ish in [0, max], built from four 16-bit chunks (Gen.Choose takes ints only).</summary>
    private static Gen<long> UpTo(long max) =>
        from a in Gen.Choose(0, 0xFFFF)
        from b in Gen.Choose(0, 0xFFFF)
        from c in Gen.Choose(0, 0xFFFF)
        from d in Gen.Choose(0, 0xFFFF)
        select (long)((((ulong)(uint)a << 48) | ((ulong)(uint)b << 32) | ((ulong)(uint)c << 16) | (uint)d) % ((ulong)max + 1));
}

public sealed record EqualWeightsInput(long Total, long Weight, int Count);

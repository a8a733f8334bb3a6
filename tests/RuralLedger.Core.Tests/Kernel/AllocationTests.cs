using System.Numerics;
using FsCheck.Xunit;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Kernel;

public sealed class AllocationProperties
{
    [Property(Arbitrary = [typeof(AllocationInputs)], MaxTest = 500)]
    public void Parts_always_sum_to_the_total(SplitInput input)
    {
        var parts = Allocation.Split(input.Total, input.Weights);

        parts.Select(p => (BigInteger)p).Aggregate(BigInteger.Add).Should().Be(input.Total);
    }

    [Property(Arbitrary = [typeof(AllocationInputs)], MaxTest = 500)]
    public void Each_part_is_the_floor_or_the_ceiling_of_its_exact_share(SplitInput input)
    {
        var parts = Allocation.Split(input.Total, input.Weights);

        var weightSum = input.Weights.Select(w => (BigInteger)w).Aggregate(BigInteger.Add);
        for (var i = 0; i < parts.Length; i++)
        {
            var floor = BigInteger.DivRem((BigInteger)input.Total * input.Weights[i], weightSum, out var remainder);
            var ceiling = remainder.IsZero ? floor : floor + 1;
            ((BigInteger)parts[i]).Should().BeInRange(floor, ceiling, $"part {i} of {input}");
        }
    }

    [Property(Arbitrary = [typeof(AllocationInputs)], MaxTest = 500)]
    public void Zero_weight_gets_zero(SplitInput input)
    {
        var parts = Allocation.Split(input.Total, input.Weights);

        for (var i = 0; i < parts.Length; i++)
        {
            if (input.Weights[i] == 0)
            {
                parts[i].Should().Be(0, $"weight {i} is zero in {input}");
            }
        }
    }

    [Property(Arbitrary = [typeof(AllocationInputs)], MaxTest = 300)]
    public void Same_input_gives_the_same_output(SplitInput input)
    {
        var first = Allocation.Split(input.Total, input.Weights);
        var second = Allocation.Split(input.Total, input.Weights.ToArray());

        second.Should().Equal(first);
    }

    [Property(Arbitrary = [typeof(AllocationInputs)], MaxTest = 500)]
    public void Leftover_fen_go_to_the_largest_remainders(SplitInput input)
    {
        var parts = Allocation.Split(input.Total, input.Weights);

        // A part that was rounded up never has a smaller remainder than one that was rounded down.
        var weightSum = input.Weights.Select(w => (BigInteger)w).Aggregate(BigInteger.Add);
        var floors = new BigInteger[parts.Length];
        var remainders = new BigInteger[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            floors[i] = BigInteger.DivRem((BigInteger)input.Total * input.Weights[i], weightSum, out remainders[i]);
        }
        var roundedUp = Enumerable.Range(0, parts.Length).Where(i => parts[i] > floors[i]).ToList();
        var roundedDown = Enumerable.Range(0, parts.Length).Where(i => parts[i] == floors[i] && remainders[i] > 0).ToList();
        foreach (var up in roundedUp)
        {
            foreach (var down in roundedDown)
            {
                remainders[up].Should().BeGreaterThanOrEqualTo(remainders[down], $"part {up} got a leftover fen and part {down} did not, in {input}");
                if (remainders[up] == remainders[down])
                {
                    up.Should().BeLessThan(down, $"equal remainders are broken by position, in {input}");
                }
            }
        }
    }

    [Property(Arbitrary = [typeof(AllocationInputs)], MaxTest = 300)]
    public void Equal_weights_differ_by_at_most_one_fen_and_earlier_parts_win(EqualWeightsInput input)
    {
        var parts = Allocation.Split(input.Total, Enumerable.Repeat(input.Weight, input.Count).ToArray());

        var share = input.Total / input.Count;
        var leftover = (int)(input.Total % input.Count);
        parts.Take(leftover).Should().AllSatisfy(p => p.Should().Be(share + 1));
        parts.Skip(leftover).Should().AllSatisfy(p => p.Should().Be(share));
    }

    [Property(MaxTest = 300)]
    public void One_positive_weight_gets_everything(FsCheck.NonNegativeInt total, FsCheck.PositiveInt weight, FsCheck.NonNegativeInt zerosBefore)
    {
        var zeros = zerosBefore.Get % 5;
        var weights = Enumerable.Repeat(0L, zeros).Append(weight.Get).Append(0L).ToArray();

        var parts = Allocation.Split(total.Get, weights);

        parts[zeros].Should().Be(total.Get);
        parts.Where((_, i) => i != zeros).Should().AllSatisfy(p => p.Should().Be(0));
    }
}

public sealed class AllocationExamples
{
    [Fact]
    public void The_721_split_of_1_300_000_yuan()
    {
        var parts = Money.FromYuan(1_300_000.00m).Allocate([70, 20, 10]);

        parts.Should().Equal(Money.FromYuan(910_000.00m), Money.FromYuan(260_000.00m), Money.FromYuan(130_000.00m));
    }

    [Fact]
    public void Dividends_of_910_000_yuan_over_85_people_sum_exactly()
    {
        var parts = Money.FromYuan(910_000.00m).Allocate(Enumerable.Repeat(1L, 85).ToArray());

        // 91,000,000 fen / 85 = 1,070,588 remainder 20: the first 20 people get one fen more.
        Money.Sum(parts).Should().Be(Money.FromYuan(910_000.00m));
        parts.Take(20).Should().AllSatisfy(p => p.Fen.Should().Be(1_070_589));
        parts.Skip(20).Should().AllSatisfy(p => p.Fen.Should().Be(1_070_588));
    }

    [Fact]
    public void One_weight_gets_the_whole_total()
    {
        Allocation.Split(12_345, [7]).Should().Equal(12_345);
        Allocation.Split(long.MaxValue, [long.MaxValue]).Should().Equal(long.MaxValue);
    }

    [Fact]
    public void Ties_go_to_the_earlier_position()
    {
        Allocation.Split(1, [1, 1, 1]).Should().Equal(1, 0, 0);
        Allocation.Split(2, [1, 1, 1]).Should().Equal(1, 1, 0);
        Allocation.Split(5, [0, 2, 0, 2]).Should().Equal(0, 3, 0, 2);
    }

    [Fact]
    public void Zeros_among_the_weights_get_nothing_and_the_rest_is_split_exactly()
    {
        var parts = Allocation.Split(1_000, [0, 1, 0, 0, 2, 0]);

        // 1000 × 1/3 = 333.33, 1000 × 2/3 = 666.67: the larger remainder (2/3) takes the leftover fen.
        parts.Should().Equal(0, 333, 0, 0, 667, 0);
    }

    [Fact]
    public void Totals_near_long_MaxValue_with_huge_weights_are_exact()
    {
        // long.MaxValue is odd: two equal halves are x.5, and the first takes the odd fen.
        Allocation.Split(long.MaxValue, [long.MaxValue, long.MaxValue])
            .Should().Equal(4_611_686_018_427_387_904, 4_611_686_018_427_387_903);

        var weights = new[] { long.MaxValue, long.MaxValue - 1, 1, 0, long.MaxValue / 3 };
        var total = long.MaxValue - 7;
        var parts = Allocation.Split(total, weights);

        var weightSum = weights.Select(w => (BigInteger)w).Aggregate(BigInteger.Add);
        parts.Select(p => (BigInteger)p).Aggregate(BigInteger.Add).Should().Be(total);
        for (var i = 0; i < weights.Length; i++)
        {
            var exact = (BigInteger)total * weights[i];
            ((BigInteger)parts[i] * weightSum).Should().BeInRange(exact - weightSum + 1, exact + weightSum - 1, $"part {i}");
        }
    }

    [Fact]
    public void A_million_equal_weights()
    {
        var parts = Allocation.Split(1_000_000_003, Enumerable.Repeat(5L, 1_000_000).ToArray());

        parts.Should().HaveCount(1_000_000);
        parts.Take(3).Should().AllSatisfy(p => p.Should().Be(1_001));
        parts.Skip(3).Should().AllSatisfy(p => p.Should().Be(1_000));
    }

    [Fact]
    public void A_million_random_weights()
    {
        var random = new Random(20_260_101);
        var weights = Enumerable.Range(0, 1_000_000).Select(_ => (long)random.Next(0, 10_000)).ToArray();
        const long total = 123_456_789_012;

        var parts = Allocation.Split(total, weights);

        var weightSum = weights.Sum();
        parts.Sum().Should().Be(total);
        var outOfBounds = Enumerable.Range(0, weights.Length)
            .Where(i =>
            {
                var floor = (long)((Int128)total * weights[i] / weightSum);
                return parts[i] != floor && parts[i] != floor + 1;
            })
            .ToList();
        outOfBounds.Should().BeEmpty();
        parts.Where((_, i) => weights[i] == 0).Should().AllSatisfy(p => p.Should().Be(0));
        Allocation.Split(total, weights).Should().Equal(parts);
    }
}

public sealed class AllocationErrors
{
    [Fact]
    public void Negative_total_is_refused()
    {
        var act = () => Allocation.Split(-1, [1, 2]);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("money.negative_total");
    }

    [Fact]
    public void Negative_weight_is_refused_and_named()
    {
        var act = () => Allocation.Split(100, [1, -2, 3]);

        var error = act.Should().Throw<DomainException>().Which;
        error.Code.Should().Be("money.negative_weight");
        error.Field.Should().Be("weights[1]");
    }

    [Fact]
    public void No_weights_is_refused()
    {
        var act = () => Allocation.Split(100, []);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("money.no_weights");
    }

    [Fact]
    public void All_zero_weights_are_refused()
    {
        var act = () => Allocation.Split(100, [0, 0, 0]);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("money.zero_weights");
    }

    [Fact]
    public void Zero_total_with_zero_weights_is_still_refused()
    {
        var act = () => Allocation.Split(0, [0]);

        act.Should().Throw<DomainException>().Which.Code.Should().Be("money.zero_weights");
    }
}

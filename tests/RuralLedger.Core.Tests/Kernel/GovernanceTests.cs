using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Kernel;

public sealed class VillageMeetingTests
{
    private static readonly DateOnly Day = new(2025, 3, 1);
    private static readonly MeetingRefusals Codes = new("t.counts", "t.quorum", "t.majority", "决议");

    [Theory]
    [InlineData(30, 20, 11, null)]            // exactly two thirds present, one over half for
    [InlineData(30, 19, 19, "t.quorum")]      // 57 < 60
    [InlineData(30, 20, 10, "t.majority")]    // exactly half is not more than half
    [InlineData(3, 2, 2, null)]
    [InlineData(0, 0, 0, "t.counts")]
    [InlineData(10, 11, 6, "t.counts")]
    [InlineData(10, 8, 9, "t.counts")]
    [InlineData(10, -1, 0, "t.counts")]
    // Issue #11: in 32 bits 1,100,000,000 × 2 turns negative and half a billion present "made" the quorum.
    [InlineData(1_100_000_000, 500_000_000, 400_000_000, "t.quorum")]
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue, null)]
    [InlineData(int.MaxValue, 1_431_655_764, 715_827_883, "t.quorum")]  // one short of two thirds of int.MaxValue
    [InlineData(int.MaxValue, 1_431_655_765, 715_827_883, null)]
    public void Counts_quorum_and_majority_at_their_edges(int entitled, int present, int inFavour, string? refusedWith)
    {
        var act = () => VillageMeeting.Carried(Day, entitled, present, inFavour, Codes);

        if (refusedWith is null)
        {
            var meeting = act();
            (meeting.On, meeting.Entitled, meeting.Present, meeting.InFavour).Should().Be((Day, entitled, present, inFavour));
        }
        else
        {
            act.Should().Throw<DomainException>().Which.Code.Should().Be(refusedWith);
        }
    }

    [Fact]
    public void The_refusal_names_the_field_and_the_counts()
    {
        var quorum = FluentActions.Invoking(() => VillageMeeting.Carried(Day, 9, 5, 5, Codes)).Should().Throw<DomainException>().Which;
        (quorum.Field, quorum.Message).Should().Be(("present", "实到 5 人，不足应到 9 人的三分之二，会议无效。"));
        var majority = FluentActions.Invoking(() => VillageMeeting.Carried(Day, 9, 8, 4, Codes)).Should().Throw<DomainException>().Which;
        (majority.Field, majority.Message).Should().Be(("votesFor", "赞成 4 票，未超过实到 8 人的一半，决议未通过。"));
    }

    [Fact]
    public void A_stored_meeting_needs_every_column()
    {
        VillageMeeting.Stored(Day, 9, 6, 4).Should().Be(VillageMeeting.Carried(Day, 9, 6, 4, Codes));
        VillageMeeting.Stored(null, 9, 6, 4).Should().BeNull();
        VillageMeeting.Stored(Day, 9, null, 4).Should().BeNull();
    }
}

public sealed class VillageMeetingProperties
{
    private static readonly DateOnly Day = new(2025, 3, 1);
    private static readonly MeetingRefusals Codes = new("t.counts", "t.quorum", "t.majority", "方案");

    public sealed record MeetingCounts(int Entitled, int Present, int InFavour);

    /// <summary>Counts small and near int.MaxValue, nonsense ones, and attendances and votes right at the thresholds.</summary>
    public static class Counts
    {
        private static Gen<int> Any => Gen.OneOf(Gen.Choose(-2, 40), Gen.Choose(0, int.MaxValue), Gen.Choose(int.MaxValue - 1000, int.MaxValue));

        private static Gen<int> Near(long threshold) => Gen.Choose(-1, 1).Select(d => (int)Math.Clamp(threshold + d, 0, int.MaxValue));

        public static Arbitrary<MeetingCounts> Triples() =>
            (from entitled in Any
             from present in Gen.OneOf(Any, Gen.Choose(0, Math.Max(0, entitled)), Near(((long)entitled * 2 + 2) / 3))
             from inFavour in Gen.OneOf(Any, Gen.Choose(0, Math.Max(0, present)), Near(present / 2 + 1))
             select new MeetingCounts(entitled, present, inFavour)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Counts)], MaxTest = 2000)]
    public void The_rule_holds_exactly_and_never_overflows(MeetingCounts counts)
    {
        var (entitled, present, inFavour) = counts;
        // The rule in exact integers: 3·present ≥ 2·entitled and 2·inFavour > present.
        string? expected = entitled <= 0 || present < 0 || present > entitled || inFavour < 0 || inFavour > present ? "t.counts"
            : (BigInteger)present * 3 < (BigInteger)entitled * 2 ? "t.quorum"
            : (BigInteger)inFavour * 2 <= present ? "t.majority"
            : null;

        string? refused = null;
        try
        {
            VillageMeeting.Carried(Day, entitled, present, inFavour, Codes);
        }
        catch (DomainException e)
        {
            refused = e.Code;
        }

        refused.Should().Be(expected, $"{entitled} entitled, {present} present, {inFavour} for");
    }

    [Property(MaxTest = 500)]
    public void Just_two_thirds_present_and_one_over_half_for_always_carries(PositiveInt size)
    {
        var entitled = size.Get;
        // The smallest quorate attendance and the smallest majority of it, computed without the type under test.
        var present = (int)(((long)entitled * 2 + 2) / 3);
        var inFavour = present / 2 + 1;
        if (inFavour > present)
        {
            return; // a meeting of one present can't have more than half of one in favour but the one: covered above
        }

        VillageMeeting.Carried(Day, entitled, present, inFavour, Codes).Present.Should().Be(present);
        FluentActions.Invoking(() => VillageMeeting.Carried(Day, entitled, present - 1, Math.Min(inFavour, present - 1), Codes))
            .Should().Throw<DomainException>().Which.Code.Should().BeOneOf("t.quorum", "t.majority");
        FluentActions.Invoking(() => VillageMeeting.Carried(Day, entitled, present, present / 2, Codes))
            .Should().Throw<DomainException>().Which.Code.Should().Be("t.majority");
    }
}

public sealed class ApprovalStepTests
{
    private static readonly DateOnly Day = new(2025, 3, 1);

    [Fact]
    public void An_approval_keeps_who_when_role_and_a_trimmed_opinion()
    {
        var step = ApprovalStep.Approve(Role.TownshipOfficer, Day, "乡镇干部", "  同意  ");

        (step.Role, step.On, step.By, step.Decision, step.Opinion).Should().Be((Role.TownshipOfficer, Day, "乡镇干部", ApprovalDecision.Approved, "同意"));
        ApprovalStep.Approve(Role.CountyStaff, Day, "县", "   ").Opinion.Should().BeNull();
    }

    [Fact]
    public void A_rejection_needs_its_reason_and_an_opinion_has_a_length_limit()
    {
        FluentActions.Invoking(() => ApprovalStep.Reject(Role.CountyStaff, Day, "县", " ")).Should().Throw<DomainException>()
            .Which.Code.Should().Be("approvals.reason_required");
        ApprovalStep.Reject(Role.CountyStaff, Day, "县", "残值评估缺失").Decision.Should().Be(ApprovalDecision.Rejected);
        var tooLong = FluentActions.Invoking(() => ApprovalStep.Approve(Role.TownshipOfficer, Day, "乡", new string('意', ApprovalStep.MaxOpinion + 1)))
            .Should().Throw<DomainException>().Which;
        (tooLong.Code, tooLong.Field).Should().Be(("approvals.too_long", "opinion"));
    }

    [Fact]
    public void A_stored_approval_needs_its_day_and_who()
    {
        ApprovalStep.Stored(Role.TownshipOfficer, Day, "乡", null).Should().Be(ApprovalStep.Approve(Role.TownshipOfficer, Day, "乡", null));
        ApprovalStep.Stored(Role.TownshipOfficer, null, "乡", null).Should().BeNull();
    }
}

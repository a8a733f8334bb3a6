using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Tests.Income;

public sealed class DistributionPlanTests
{
    private static readonly DateOnly Day = new(2025, 3, 1);
    private static readonly DivisionCode Village = DivisionCode.Parse("522699001001");

    private static DistributionPlan NewPlan()
    {
        var rule = DistributionRule.SevenTwoOne("522699", new DateOnly(2024, 1, 1));
        var households = Enumerable.Range(1, 3).Select(i => new Beneficiary(new HouseholdId(i), $"H{i}", $"户{i}", PovertyStatus.Exited,
            [new BeneficiaryMember(30, LabourAbility.Normal, false)], false));
        var result = DistributionCalculator.Compute(Money.FromYuan(10_000m), rule, households);
        return new DistributionPlan("FP1", Village, 2024, null, rule, new DateOnly(2024, 12, 31), result, "村干部", DateTimeOffset.UnixEpoch);
    }

    [Theory]
    [InlineData(30, 19, 10, "plans.quorum")]     // 19 of 30 is under two thirds
    [InlineData(30, 20, 10, "plans.majority")]   // exactly two thirds present, exactly half for: not passed
    public void A_meeting_needs_two_thirds_present_and_more_than_half_in_favour(int entitled, int present, int votesFor, string code)
    {
        var plan = NewPlan();

        var act = () => plan.RecordMeeting(Day, entitled, present, votesFor, null, Day);

        act.Should().Throw<DomainException>().Which.Code.Should().Be(code);
        plan.Status.Should().Be(PlanStatus.Computed);
    }

    [Fact]
    public void Exactly_two_thirds_present_and_one_vote_over_half_passes()
    {
        var plan = NewPlan();

        plan.RecordMeeting(Day, 30, 20, 11, "同意", Day);

        plan.Status.Should().Be(PlanStatus.MeetingPassed);
    }

    [Fact]
    public void The_notice_runs_at_least_seven_days_and_approval_waits_for_its_end_and_for_every_answer()
    {
        var plan = NewPlan();
        plan.RecordMeeting(Day, 30, 25, 20, null, Day);

        FluentActions.Invoking(() => plan.PublishNotice(Day, Day.AddDays(5), null, Day)).Should().Throw<DomainException>().Which.Code.Should().Be("plans.notice_too_short");
        plan.PublishNotice(Day, Day.AddDays(6), null, Day);
        var objection = plan.FileObjection(Day.AddDays(2), "张三", "我家人口登记有误");

        FluentActions.Invoking(() => plan.Approve(Day.AddDays(6), "乡镇", null)).Should().Throw<DomainException>().Which.Code.Should().Be("plans.notice_running");
        FluentActions.Invoking(() => plan.Approve(Day.AddDays(7), "乡镇", null)).Should().Throw<DomainException>().Which.Code.Should().Be("plans.open_objections");
        typeof(Objection).GetProperty(nameof(Objection.Id))!.SetValue(objection, 7L);
        plan.AnswerObjection(7, "已核实，人口以冻结日登记为准", Day.AddDays(3));
        plan.Approve(Day.AddDays(7), "乡镇", "同意");

        plan.Status.Should().Be(PlanStatus.Approved);
    }

    [Fact]
    public void A_meeting_before_the_plan_was_computed_or_a_notice_entered_after_its_end_is_refused()
    {
        var plan = NewPlan();
        var computed = new DateOnly(1970, 1, 1);
        plan.ComputedOn.Should().Be(computed);
        FluentActions.Invoking(() => plan.RecordMeeting(computed.AddDays(-1), 30, 25, 20, null, Day))
            .Should().Throw<DomainException>().Which.Should().Match<DomainException>(e => e.Code == "plans.meeting_before_plan" && e.Field == "meetingOn");
        plan.RecordMeeting(Day.AddDays(-20), 30, 25, 20, null, Day);
        FluentActions.Invoking(() => plan.PublishNotice(Day.AddDays(-19), Day.AddDays(-1), null, Day))
            .Should().Throw<DomainException>().Which.Should().Match<DomainException>(e => e.Code == "plans.notice_ended" && e.Field == "noticeTo");
        plan.PublishNotice(Day.AddDays(-6), Day, null, Day);
        plan.Status.Should().Be(PlanStatus.Noticed);
    }

    [Fact]
    public void The_township_returns_a_plan_with_a_reason_and_a_plan_computed_by_mistake_is_discarded_before_its_meeting()
    {
        var plan = NewPlan();
        plan.RecordMeeting(Day, 30, 25, 20, null, Day);
        plan.PublishNotice(Day, Day.AddDays(6), null, Day);
        FluentActions.Invoking(() => plan.Return(Day.AddDays(2), "乡镇", " ")).Should().Throw<DomainException>().Which.Code.Should().Be("approvals.reason_required");
        plan.Return(Day.AddDays(2), "乡镇", "受益户名单未剔除已故人员");

        plan.Status.Should().Be(PlanStatus.Computed);
        (plan.ReturnedOn, plan.ReturnedBy, plan.ReturnReason).Should().Be((Day.AddDays(2), "乡镇", "受益户名单未剔除已故人员"));
        (plan.MeetingOn, plan.NoticeFrom, plan.NoticeTo).Should().Be(((DateOnly?)null, (DateOnly?)null, (DateOnly?)null));
        FluentActions.Invoking(() => plan.Return(Day.AddDays(2), "乡镇", "再退")).Should().Throw<DomainException>().Which.Code.Should().Be("plans.bad_step");

        FluentActions.Invoking(() => plan.Discard(Day.AddDays(3), "村干部", "")).Should().Throw<DomainException>().Which.Code.Should().Be("plans.reason_required");
        plan.Discard(Day.AddDays(3), "村干部", "选错了收益年度");
        plan.Status.Should().Be(PlanStatus.Discarded);
        plan.DiscardReason.Should().Be("选错了收益年度");
        FluentActions.Invoking(() => plan.RecordMeeting(Day.AddDays(3), 30, 25, 20, null, Day.AddDays(3))).Should().Throw<DomainException>().Which.Code.Should().Be("plans.bad_step");
    }

    [Fact]
    public void A_plan_posts_once_and_a_correction_is_a_reversal_with_negated_parts()
    {
        var plan = NewPlan();
        plan.RecordMeeting(Day, 30, 25, 20, null, Day);
        plan.PublishNotice(Day, Day.AddDays(6), null, Day);
        plan.Approve(Day.AddDays(7), "乡镇", null);
        plan.MarkPosted(Day.AddDays(8), "村干部");

        FluentActions.Invoking(() => plan.MarkPosted(Day.AddDays(8), "村干部")).Should().Throw<DomainException>().Which.Code.Should().Be("plans.bad_step");
        var reversal = plan.Reverse("FP2", "受益户名单有误", "县级", DateTimeOffset.UnixEpoch);

        reversal.Kind.Should().Be(PlanKind.Reversal);
        reversal.Pool.Should().Be(-plan.Pool);
        reversal.Parts.Select(p => p.Amount).Should().Equal(plan.Parts.Select(p => -p.Amount));
        var lines = DistributionCalculator.Compute(plan.Pool, DistributionRule.SevenTwoOne("522699", new DateOnly(2024, 1, 1)),
                Enumerable.Range(1, 3).Select(i => new Beneficiary(new HouseholdId(i), $"H{i}", $"户{i}", PovertyStatus.Exited, [new BeneficiaryMember(30, LabourAbility.Normal, false)], false)))
            .Lines.Select(l => new PlanLine(plan.Id, Village, 2024, l)).ToList();
        var entries = JournalEntry.ForPlan(plan, lines, Day, "x", DateTimeOffset.UnixEpoch).ToList();
        entries.Should().HaveCount(2 + 3);
        Money.Sum(entries.Select(e => e.Amount)).Should().Be(plan.Pool);
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Tests.Projects;

public class SelectionPolicyTests
{
    private static readonly DivisionCode Hunzhai = DivisionCode.Parse("522699001001");
    private static readonly DateTimeOffset At = new(2024, 2, 1, 2, 0, 0, TimeSpan.Zero);

    private static SelectionPolicy Default => DefaultSelectionPolicy.For("522699", At);

    private static Dictionary<SelectionElement, int> Scores(params int[] s) =>
        SelectionNames.Elements.Select((e, i) => (e, s[i])).ToDictionary(x => x.e, x => x.Item2);

    private static List<ElementScore> Rows(params int[] s) => SelectionNames.Elements.Select((e, i) => new ElementScore(e, s[i], "依据")).ToList();

    private static Project Planned(Industry industry = Industry.Pigs) =>
        new("XM522699-2024-0001", "生猪养殖场", 2024, industry, [Hunzhai], [new FundingLine(new FundSourceId(1), Money.FromYuan(600_000m))], null);

    [Fact]
    public void The_default_is_equal_weights_pass_at_sixty_every_element_at_least_one_and_infrastructure_exempt()
    {
        var p = Default;
        p.Version.Should().Be(1);
        p.Weights.Should().Equal(1, 1, 1, 1, 1, 1, 1, 1);
        p.PassingScore.Should().Be(60);
        p.MinimumPerElement.Should().Be(1);
        p.Exempts(Industry.Infrastructure).Should().BeTrue();
        p.Exempts(Industry.Pigs).Should().BeFalse();
    }

    [Fact]
    public void The_total_on_100_is_exact_in_hundredths_and_the_pass_is_decided_before_rounding()
    {
        Default.Evaluate(Scores(8, 7, 7, 8, 8, 7, 9, 8)).Should().BeEquivalentTo(new { TotalHundredths = 7750, Passed = true });
        Default.Evaluate(Scores(10, 10, 10, 10, 10, 10, 10, 10)).TotalHundredths.Should().Be(10_000);
        Default.Evaluate(Scores(0, 0, 0, 0, 0, 0, 0, 0)).TotalHundredths.Should().Be(0);

        // Weights 3,1,…,1 (Σ = 10): 6·3 + 6·7 = 60 → 60.00, exactly the pass; one point less on a weight-1 element fails.
        var weighted = new SelectionPolicy("522699", 2, new DateOnly(2024, 1, 1), [3, 1, 1, 1, 1, 1, 1, 1], 60, 1, [], "t", At);
        weighted.Evaluate(Scores(6, 6, 6, 6, 6, 6, 6, 6)).Should().BeEquivalentTo(new { TotalHundredths = 6000, Passed = true });
        weighted.Evaluate(Scores(6, 6, 6, 6, 6, 6, 6, 5)).Should().BeEquivalentTo(new { TotalHundredths = 5900, Passed = false });

        var odd = new SelectionPolicy("522699", 4, new DateOnly(2024, 1, 1), [2, 1, 1, 1, 1, 1, 1, 1], 60, 0, [], "t", At);
        // Σ(s·w) = 2·6 + 6·6 + 5 = 53 over Σw 9: 530/9 = 58.888… → 58.89 and a fail.
        odd.Evaluate(Scores(6, 6, 6, 6, 6, 6, 6, 5)).Should().BeEquivalentTo(new { TotalHundredths = 5889, Passed = false });
    }

    [Fact]
    public void Weak_elements_are_those_under_the_minimum_and_on_a_failed_total_those_under_the_passing_line()
    {
        var returned = Default.Evaluate(Scores(6, 6, 6, 6, 6, 2, 6, 6));
        returned.Should().BeEquivalentTo(new { TotalHundredths = 5500, Passed = false });
        returned.Weak.Should().Equal(SelectionElement.MarketLinkage);

        // A high total does not carry an element scored 0 (under the minimum of 1).
        var zero = Default.Evaluate(Scores(10, 10, 10, 10, 10, 10, 10, 0));
        zero.Passed.Should().BeFalse();
        zero.TotalHundredths.Should().Be(8750);
        zero.Weak.Should().Equal(SelectionElement.PartyBuilding);

        Default.Evaluate(Scores(8, 8, 8, 8, 8, 2, 8, 8)).Should().BeEquivalentTo(new { Passed = true, Weak = Array.Empty<SelectionElement>() });
    }

    [Fact]
    public void Scores_outside_0_to_10_and_a_missing_element_are_refused_naming_the_row()
    {
        var eleven = () => Default.Evaluate(Scores(8, 8, 8, 8, 8, 11, 8, 8));
        eleven.Should().Throw<DomainException>().Which.Should().BeEquivalentTo(new { Code = "selection.score_range", Field = "scores[5].score" });
        var negative = () => Default.Evaluate(Scores(-1, 8, 8, 8, 8, 8, 8, 8));
        negative.Should().Throw<DomainException>().Which.Code.Should().Be("selection.score_range");
        var seven = Scores(8, 8, 8, 8, 8, 8, 8, 8);
        seven.Remove(SelectionElement.PartyBuilding);
        var missing = () => Default.Evaluate(seven);
        missing.Should().Throw<DomainException>().Which.Should().BeEquivalentTo(new { Code = "selection.element_missing", Field = "scores[7]" });
    }

    [Fact]
    public void A_policy_version_refuses_bad_weights_passing_scores_and_minimums()
    {
        SelectionPolicy Make(int[] w, int pass = 60, int min = 1, int version = 2) => new("522699", version, new DateOnly(2024, 1, 1), w, pass, min, [Industry.Infrastructure], "t", At);
        ((Action)(() => Make([1, 1, 1]))).Should().Throw<DomainException>().Which.Code.Should().Be("selection.weights");
        ((Action)(() => Make([1, 1, 1, 1, 1, 0, 1, 1]))).Should().Throw<DomainException>().Which.Field.Should().Be("weights[5]");
        ((Action)(() => Make([1, 1, 1, 1, 1, 101, 1, 1]))).Should().Throw<DomainException>().Which.Code.Should().Be("selection.weight_range");
        ((Action)(() => Make([1, 1, 1, 1, 1, 1, 1, 1], pass: 101))).Should().Throw<DomainException>().Which.Code.Should().Be("selection.passing_range");
        ((Action)(() => Make([1, 1, 1, 1, 1, 1, 1, 1], min: 11))).Should().Throw<DomainException>().Which.Code.Should().Be("selection.minimum_range");
        ((Action)(() => Make([1, 1, 1, 1, 1, 1, 1, 1], version: 0))).Should().Throw<DomainException>().Which.Code.Should().Be("selection.policy_version");
        var all = ((Action)(() => Make([0, 1, 1, 1, 1, 1, 1, 101], pass: 101, min: 11))).Should().Throw<ValidationFailedException>().Which;
        all.Code.Should().Be("validation_failed", "several wrong terms are reported together");
        all.Errors.Keys.Should().BeEquivalentTo(["weights[0]", "weights[7]", "passingScore", "leastElementScore"]);
        all.Codes["leastElementScore"].Should().Be("selection.minimum_range");
    }

    [Fact]
    public void An_assessment_records_the_policy_version_and_only_a_planned_project_is_assessed()
    {
        var policy = new SelectionPolicy("522699", 3, new DateOnly(2024, 1, 1), [2, 1, 1, 1, 1, 1, 1, 1], 70, 2, [Industry.Infrastructure], "t", At);
        var project = Planned();
        var v = project.Version;
        var a = new ProjectAssessment(project, policy, Rows(8, 7, 7, 8, 8, 7, 9, 8), "同意入库", new DateOnly(2024, 2, 1), "县乡村振兴局", At);
        a.PolicyVersion.Should().Be(3);
        a.PassingScore.Should().Be(70);
        a.TotalText.Should().Be("77.78");
        a.Passed.Should().BeTrue();
        a.Scores.Should().HaveCount(8);
        project.Version.Should().Be(v + 1);

        var noEvidence = () => new ProjectAssessment(Planned(), policy, [.. Rows(8, 8, 8, 8, 8, 8, 8, 8)[..7], new ElementScore(SelectionElement.PartyBuilding, 8, " ")], null, default, "t", At);
        noEvidence.Should().Throw<DomainException>().Which.Should().BeEquivalentTo(new { Code = "selection.evidence_required", Field = "scores[7].evidence" });
        var twice = () => new ProjectAssessment(Planned(), policy, [.. Rows(8, 8, 8, 8, 8, 8, 8, 8), new ElementScore(SelectionElement.IndustryChoice, 5, "再评")], null, default, "t", At);
        twice.Should().Throw<DomainException>().Which.Code.Should().Be("selection.element_twice");

        project.Approve(new DateOnly(2024, 3, 1), "文号");
        var decided = () => new ProjectAssessment(project, policy, Rows(8, 8, 8, 8, 8, 8, 8, 8), null, default, "t", At);
        decided.Should().Throw<ConflictException>().Which.Code.Should().Be("selection.not_planned");
    }

    [Fact]
    public void Approval_needs_a_passing_latest_assessment_unless_the_kind_is_exempt()
    {
        var project = Planned();
        var none = () => SelectionGate.RequirePassed(project, Default, null);
        none.Should().Throw<ConflictException>().Which.Code.Should().Be("selection.assessment_required");

        var failed = new ProjectAssessment(project, Default, Rows(6, 6, 6, 6, 6, 2, 6, 6), null, default, "t", At);
        var returned = () => SelectionGate.RequirePassed(project, Default, failed);
        returned.Should().Throw<ConflictException>().Which.Should().BeEquivalentTo(new { Code = "selection.failed", Message = "项目“八要素”评估未通过（55.00 分，及格 60 分），已退回完善：产销对接。" });

        var passed = new ProjectAssessment(project, Default, Rows(8, 8, 8, 8, 8, 6, 8, 8), null, default, "t", At);
        SelectionGate.RequirePassed(project, Default, passed);
        SelectionGate.RequirePassed(Planned(Industry.Infrastructure), Default, null);
    }

    [Fact]
    public void Linked_households_must_be_of_the_projects_county_with_a_positive_benefit()
    {
        var project = Planned();
        var own = new Household("5226990010010001", Hunzhai, null, HouseholdType.General, PovertyStatus.Exited, new DateOnly(2016, 1, 1), At, "t");
        var other = new Household("5226980010010001", DivisionCode.Parse("522698001001"), null, HouseholdType.General, PovertyStatus.Exited, new DateOnly(2016, 1, 1), At, "t");
        var link = new ProjectHousehold(project, own, BenefitKind.Dividend, Money.FromYuan(1_200m), "t", At);
        link.HouseholdNo.Should().Be("5226990010010001");
        ((Action)(() => _ = new ProjectHousehold(project, other, BenefitKind.Dividend, Money.FromYuan(1_200m), "t", At)))
            .Should().Throw<DomainException>().Which.Code.Should().Be("selection.household_county");
        ((Action)(() => _ = new ProjectHousehold(project, own, BenefitKind.Dividend, Money.Zero, "t", At)))
            .Should().Throw<DomainException>().Which.Code.Should().Be("selection.benefit_positive");
        ProjectHousehold.BeneficiariesText(project.Code, [link, link]).Should().Be("项目 XM522699-2024-0001 联结农户 2 户（入股分红 2 户），计划年收益合计 2,400.00 元");
    }

    /// <summary>For any weights and scores: the total lies in 0–100, is the exact fraction rounded half up, and pass agrees with it unrounded.</summary>
    [Property(MaxTest = 300)]
    public Property The_total_is_the_rounded_exact_fraction_and_the_pass_agrees_with_it()
    {
        var weights = Gen.Choose(1, SelectionPolicy.MaxWeight).ArrayOf(8);
        var scores = Gen.Choose(0, SelectionPolicy.MaxScore).ArrayOf(8);
        return Prop.ForAll(Arb.From(weights), Arb.From(scores), Arb.From(Gen.Choose(0, 100)), (w, s, pass) =>
        {
            var policy = new SelectionPolicy("522699", 2, new DateOnly(2024, 1, 1), w, pass, 0, [], "t", At);
            var result = policy.Evaluate(Scores(s));
            var weighted = w.Zip(s, (a, b) => (decimal)a * b).Sum();
            var exact = weighted * 10m / w.Sum();
            return result.TotalHundredths >= 0 && result.TotalHundredths <= 10_000
                && result.TotalHundredths == (int)Math.Round(exact * 100m, MidpointRounding.AwayFromZero)
                && result.Passed == (exact >= pass);
        });
    }
}

using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Core.Tests.Assets;

public class ProjectTransitionTests
{
    private static readonly DivisionCode Hunzhai = DivisionCode.Parse("522699001001");
    private static readonly DivisionCode Hongjiawan = DivisionCode.Parse("522699001002");
    private static readonly DivisionCode OtherTownship = DivisionCode.Parse("522699002001");
    private static readonly FundSourceId Central = new(1);
    private static readonly FundSourceId County = new(2);

    private static Project NewProject(params DivisionCode[] villages) =>
        new("XM522699-2024-0001", "测试项目", 2024, Industry.EdibleFungi, villages.Length == 0 ? [Hunzhai, Hongjiawan] : villages,
            [new FundingLine(Central, Money.FromYuan(500_000m)), new FundingLine(County, Money.FromYuan(200_000.50m))], null);

    private static Project Building()
    {
        var p = NewProject();
        p.Approve(new DateOnly(2024, 3, 1), "茶乡府发〔2024〕12号");
        p.StartBuilding(new DateOnly(2024, 4, 1));
        return p;
    }

    [Fact]
    public void A_project_goes_planned_approved_building_accepted_and_counts_its_versions()
    {
        var p = NewProject();
        p.Status.Should().Be(ProjectStatus.Planned);
        var v0 = p.Version;

        p.Approve(new DateOnly(2024, 3, 1), " 茶乡府发〔2024〕12号 ");
        p.StartBuilding(new DateOnly(2024, 4, 1));
        p.Accept(new DateOnly(2024, 11, 20),
        [
            [new FundingLine(Central, Money.FromYuan(300_000m)), new FundingLine(County, Money.FromYuan(120_000.50m))],
            [new FundingLine(County, Money.FromYuan(80_000m))],
        ]);

        p.Status.Should().Be(ProjectStatus.Accepted);
        p.ApprovalDocument.Should().Be("茶乡府发〔2024〕12号");
        (p.ApprovedOn, p.StartedOn, p.AcceptedOn).Should().Be((new DateOnly(2024, 3, 1), new DateOnly(2024, 4, 1), new DateOnly(2024, 11, 20)));
        p.Version.Should().Be(v0 + 3);
        p.BudgetTotal.Should().Be(Money.FromFen(70_000_050));
    }

    [Fact]
    public void A_project_sits_at_the_narrowest_area_of_its_villages()
    {
        NewProject(Hunzhai).Place.Should().Be(new Place("522699", Hunzhai.TownshipOf(), Hunzhai));
        NewProject(Hunzhai, Hongjiawan).Place.Should().Be(new Place("522699", Hunzhai.TownshipOf(), null));
        NewProject(Hunzhai, OtherTownship).Place.Should().Be(new Place("522699", null, null));
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("accept")]
    public void Transitions_out_of_order_are_refused_with_a_stable_code(string action)
    {
        var p = NewProject();
        if (action == "approve")
        {
            p.Approve(new DateOnly(2024, 3, 1), "文号");
        }

        var act = () =>
        {
            if (action == "approve")
            {
                p.Approve(new DateOnly(2024, 3, 2), "再次");
            }
            else
            {
                p.Accept(new DateOnly(2024, 11, 1), [[new FundingLine(Central, Money.FromYuan(1m))]]);
            }
        };

        act.Should().Throw<DomainException>().Which.Code.Should().Be("projects.bad_transition");
    }

    [Fact]
    public void Starting_before_approval_date_and_accepting_before_start_are_refused()
    {
        var approved = NewProject();
        approved.Approve(new DateOnly(2024, 3, 1), "文号");
        var building = Building();

        approved.Invoking(p => p.StartBuilding(new DateOnly(2024, 2, 28))).Should().Throw<DomainException>().Which.Code.Should().Be("projects.date_order");
        building.Invoking(p => p.Accept(new DateOnly(2024, 3, 31), [[new FundingLine(Central, Money.FromYuan(1m))]]))
            .Should().Throw<DomainException>().Which.Field.Should().Be("acceptedOn");
        approved.Status.Should().Be(ProjectStatus.Approved);
        building.Status.Should().Be(ProjectStatus.Building);
    }

    [Fact]
    public void Acceptance_over_a_source_budget_names_the_asset_and_leaves_the_project_building()
    {
        var p = Building();

        var over = p.Invoking(x => x.Accept(new DateOnly(2024, 11, 20),
        [
            [new FundingLine(County, Money.FromYuan(150_000m))],
            [new FundingLine(County, Money.FromYuan(50_000.51m))],
        ])).Should().Throw<DomainException>().Which;
        var foreign = p.Invoking(x => x.Accept(new DateOnly(2024, 11, 20), [[new FundingLine(new FundSourceId(99), Money.FromYuan(1m))]]))
            .Should().Throw<DomainException>().Which;
        var none = p.Invoking(x => x.Accept(new DateOnly(2024, 11, 20), [])).Should().Throw<DomainException>().Which;

        (over.Code, over.Field).Should().Be(("projects.over_budget", "assets[1].funding"));
        (foreign.Code, foreign.Field).Should().Be(("projects.source_not_in_budget", "assets[0].funding"));
        none.Code.Should().Be("projects.no_assets");
        p.Status.Should().Be(ProjectStatus.Building);
        p.AcceptedOn.Should().BeNull();
    }

    [Fact]
    public void Spending_exactly_the_budget_is_accepted()
    {
        var p = Building();

        p.Accept(new DateOnly(2024, 11, 20), [[new FundingLine(Central, Money.FromYuan(500_000m)), new FundingLine(County, Money.FromYuan(200_000.50m))]]);

        p.Status.Should().Be(ProjectStatus.Accepted);
    }

    [Fact]
    public void Cancelling_is_allowed_until_acceptance_and_only_once()
    {
        var planned = NewProject();
        var building = Building();
        var accepted = Building();
        accepted.Accept(new DateOnly(2024, 11, 20), [[new FundingLine(Central, Money.FromYuan(1m))]]);

        planned.Invoking(p => p.Cancel(new DateOnly(2024, 6, 1), "")).Should().Throw<DomainException>().Which.Code.Should().Be("reason.required");
        planned.Status.Should().NotBe(ProjectStatus.Cancelled);
        planned.Cancel(new DateOnly(2024, 6, 1), "选址不符");
        building.Cancel(new DateOnly(2024, 6, 2), "资金调整");

        planned.Status.Should().Be(ProjectStatus.Cancelled);
        (planned.CancelledOn, planned.CancelReason).Should().Be((new DateOnly(2024, 6, 1), "选址不符"));
        building.Status.Should().Be(ProjectStatus.Cancelled);
        planned.Invoking(p => p.Cancel(new DateOnly(2024, 12, 1), "再次取消")).Should().Throw<DomainException>().Which.Code.Should().Be("projects.bad_transition");
        accepted.Invoking(p => p.Cancel(new DateOnly(2024, 12, 1), "再次取消")).Should().Throw<DomainException>().Which.Code.Should().Be("projects.bad_transition");
        building.Invoking(p => p.StartBuilding(new DateOnly(2024, 5, 1))).Should().Throw<DomainException>().Which.Code.Should().Be("projects.bad_transition");
    }

    [Fact]
    public void The_budget_is_locked_once_approved_and_must_be_positive_and_distinct()
    {
        var p = NewProject();

        p.Invoking(x => x.SetBudget([new FundingLine(Central, Money.FromYuan(1m)), new FundingLine(Central, Money.FromYuan(2m))]))
            .Should().Throw<DomainException>().Which.Code.Should().Be("projects.duplicate_source");
        p.Invoking(x => x.SetBudget([new FundingLine(Central, Money.Zero)]))
            .Should().Throw<DomainException>().Which.Code.Should().Be("projects.budget_positive");
        p.Approve(new DateOnly(2024, 3, 1), "文号");
        p.Invoking(x => x.SetBudget([new FundingLine(Central, Money.FromYuan(1m))]))
            .Should().Throw<DomainException>().Which.Code.Should().Be("projects.budget_locked");
    }
}

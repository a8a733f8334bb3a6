using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Tests.Linkage;

public sealed class PublicWelfareJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly PersonalDataVault Vault = PersonalDataVault.CreateRandom();

    private static (Household Household, Member Head, Member Spouse) Family()
    {
        var household = new Household("5226990010019999", DivisionCode.Parse("522699001001"), null, HouseholdType.General, PovertyStatus.Exited,
            new DateOnly(2016, 3, 1), Now.AddYears(-5), "测试");
        var head = household.AddMember("龙一", CitizenId.Compose("522699", new DateOnly(1970, 1, 1), 11), Relation.Head, LabourAbility.Normal, Health.Healthy, Education.Primary, Vault);
        var spouse = household.AddMember("吴二", CitizenId.Compose("522699", new DateOnly(1971, 1, 1), 12), Relation.Spouse, LabourAbility.Normal, Health.Healthy, Education.Primary, Vault);
        return (household, head, spouse);
    }

    private static PublicWelfareJob Job(DateOnly from, DateOnly? to = null, long payFen = 80_000)
    {
        var (household, head, _) = Family();
        return new PublicWelfareJob(household, head, PublicWelfarePost.ForestRanger, " 生态护林员 ", Money.FromFen(payFen), from, to, "测试", Now);
    }

    [Fact]
    public void A_job_copies_the_member_s_name_and_the_household_s_place()
    {
        var (household, _, spouse) = Family();

        var job = new PublicWelfareJob(household, spouse, PublicWelfarePost.Cleaner, "", Money.FromYuan(600m), new DateOnly(2025, 3, 1), null, "测试", Now);

        (job.MemberName, job.HouseholdNo, job.CountyCode, job.VillageCode.Value, job.TownshipCode.Value, job.PostName, job.Ended)
            .Should().Be(("吴二", "5226990010019999", "522699", "522699001001", "522699001000", (string?)null, false));
        LinkageNames.Of(job.Post).Should().Be("保洁员");
    }

    [Fact]
    public void Pay_must_not_be_negative_and_the_term_must_not_end_before_it_begins()
    {
        var negative = () => Job(new DateOnly(2025, 1, 1), payFen: -1);
        var backwards = () => Job(new DateOnly(2025, 1, 1), new DateOnly(2024, 12, 31));
        var implausible = () => Job(new DateOnly(1999, 12, 31));

        negative.Should().Throw<DomainException>().Which.Should().Match<DomainException>(e => e.Code == "jobs.pay" && e.Field == "monthlyPay");
        backwards.Should().Throw<DomainException>().Which.Should().Match<DomainException>(e => e.Code == "jobs.dates" && e.Field == "endOn");
        implausible.Should().Throw<DomainException>().Which.Code.Should().Be("jobs.dates");
        Job(new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 1), payFen: 0).To.Should().Be(new DateOnly(2025, 1, 1), "a one-day, unpaid post is allowed");
    }

    [Fact]
    public void The_member_must_belong_to_the_household_and_the_post_must_be_one_of_the_kinds()
    {
        var (household, _, _) = Family();
        var (_, stranger, _) = Family();

        var foreign = () => new PublicWelfareJob(household, stranger, PublicWelfarePost.RoadKeeper, null, Money.Zero, new DateOnly(2025, 1, 1), null, "测试", Now);
        var unknownKind = () => new PublicWelfareJob(household, household.Members[0], (PublicWelfarePost)42, null, Money.Zero, new DateOnly(2025, 1, 1), null, "测试", Now);

        foreign.Should().Throw<DomainException>().Which.Code.Should().Be("jobs.member");
        unknownKind.Should().Throw<DomainException>().Which.Code.Should().Be("jobs.post");
    }

    [Fact]
    public void A_job_ends_once_and_not_before_it_began()
    {
        var job = Job(new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 31));

        var early = () => job.End(new DateOnly(2025, 3, 31), "测试", Now);
        early.Should().Throw<DomainException>().Which.Code.Should().Be("jobs.dates");
        job.Ended.Should().BeFalse();

        job.End(new DateOnly(2025, 9, 30), "村干部", Now);
        (job.To, job.Ended, job.EndedBy, job.Version).Should().Be((new DateOnly(2025, 9, 30), true, "村干部", 1));

        var twice = () => job.End(new DateOnly(2025, 10, 31), "测试", Now);
        twice.Should().Throw<ConflictException>().Which.Code.Should().Be("jobs.ended");
        job.To.Should().Be(new DateOnly(2025, 9, 30));
    }

    [Theory]
    // Open-ended posts count from the year they began.
    [InlineData("2025-06-01", null, 2025, "2025-12-31", true)]
    [InlineData("2025-06-01", null, 2024, "2024-12-31", false)]
    [InlineData("2020-01-01", null, 2025, "2025-12-31", true)]
    // The period ends at the freeze date when that comes first.
    [InlineData("2025-06-01", null, 2025, "2025-05-31", false)]
    [InlineData("2025-06-01", null, 2025, "2025-06-01", true)]
    // A freeze date after the year does not extend it.
    [InlineData("2026-01-01", null, 2025, "2026-06-30", false)]
    // Ended posts count in the years they overlap, the first and last days included.
    [InlineData("2023-03-01", "2024-12-31", 2025, "2025-12-31", false)]
    [InlineData("2023-03-01", "2025-01-01", 2025, "2025-12-31", true)]
    [InlineData("2023-03-01", "2023-12-31", 2023, "2023-12-31", true)]
    // A plan frozen before its year looks at an empty period.
    [InlineData("2020-01-01", null, 2025, "2024-12-31", false)]
    public void WorkedIn_is_an_overlap_with_the_year_up_to_the_freeze_date(string from, string? to, int year, string until, bool worked)
    {
        var job = Job(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

        job.WorkedIn(year, DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(worked);
    }
}

using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Tests.Registry;

public sealed class HouseholdTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DivisionCode Village = DivisionCode.Parse("522699001001");

    private static Household Registered(DateOnly on) =>
        new("5226990010019999", Village, DivisionCode.Parse("522699001001001"), HouseholdType.General, PovertyStatus.Registered, on, Now.AddYears(-5), "测试");

    [Theory]
    [InlineData(PovertyStatus.Registered, PovertyStatus.Exited, true)]
    [InlineData(PovertyStatus.Exited, PovertyStatus.Registered, false)]
    [InlineData(PovertyStatus.Registered, PovertyStatus.MonitoredUnstable, false)]
    [InlineData(PovertyStatus.Exited, PovertyStatus.MonitoredUnstable, true)]
    [InlineData(PovertyStatus.Exited, PovertyStatus.MonitoredMarginal, true)]
    [InlineData(PovertyStatus.Exited, PovertyStatus.MonitoredSudden, true)]
    [InlineData(PovertyStatus.Exited, PovertyStatus.RiskRemoved, false)]
    [InlineData(PovertyStatus.MonitoredMarginal, PovertyStatus.MonitoredSudden, true)]
    [InlineData(PovertyStatus.MonitoredMarginal, PovertyStatus.MonitoredMarginal, false)]
    [InlineData(PovertyStatus.MonitoredSudden, PovertyStatus.RiskRemoved, true)]
    [InlineData(PovertyStatus.RiskRemoved, PovertyStatus.MonitoredUnstable, true)]
    [InlineData(PovertyStatus.RiskRemoved, PovertyStatus.Exited, false)]
    public void Transitions_follow_the_monitoring_rules(PovertyStatus from, PovertyStatus to, bool allowed) =>
        Household.IsAllowed(from, to).Should().Be(allowed);

    [Fact]
    public void A_late_entry_is_checked_against_the_status_on_its_effective_date_and_today_s_status_follows_the_dates()
    {
        var household = Registered(new DateOnly(2019, 3, 1));
        household.ChangeStatus(PovertyStatus.Exited, new DateOnly(2020, 12, 31), "脱贫", Now.AddDays(-3), Today, "测试");
        household.ChangeStatus(PovertyStatus.MonitoredSudden, new DateOnly(2024, 2, 1), "突发困难", Now.AddDays(-2), Today, "测试");

        // Recorded last, effective between the two: from Exited (its date's status), not from today's MonitoredSudden.
        var late = household.ChangeStatus(PovertyStatus.MonitoredMarginal, new DateOnly(2023, 5, 1), "补录", Now, Today, "测试");

        late.FromStatus.Should().Be(PovertyStatus.Exited);
        household.Status.Should().Be(PovertyStatus.MonitoredSudden, "the latest effective date decides today's status");
        household.StatusOn(new DateOnly(2023, 6, 1), Now).Should().Be(PovertyStatus.MonitoredMarginal);
        household.StatusOn(new DateOnly(2023, 6, 1), Now.AddDays(-1)).Should().Be(PovertyStatus.Exited, "before it was recorded, the registry knew Exited");
        household.StatusOn(new DateOnly(2019, 2, 28), Now).Should().BeNull("before registration there is no status");
        household.StatusHistory.Should().HaveCount(4);
    }

    [Fact]
    public void A_status_change_needs_a_reason_a_date_not_in_the_future_and_not_before_registration()
    {
        var household = Registered(new DateOnly(2019, 3, 1));

        var noReason = () => household.ChangeStatus(PovertyStatus.Exited, Today, " ", Now, Today, "测试");
        var future = () => household.ChangeStatus(PovertyStatus.Exited, Today.AddDays(1), "脱贫", Now, Today, "测试");
        var early = () => household.ChangeStatus(PovertyStatus.Exited, new DateOnly(2019, 2, 28), "脱贫", Now, Today, "测试");
        var back = () => household.ChangeStatus(PovertyStatus.Registered, Today, "返回", Now, Today, "测试");

        noReason.Should().Throw<DomainException>().Which.Code.Should().Be("registry.reason_required");
        future.Should().Throw<DomainException>().Which.Code.Should().Be("registry.future_effective");
        early.Should().Throw<DomainException>().Which.Code.Should().Be("registry.before_registration");
        back.Should().Throw<DomainException>().Which.Code.Should().Be("registry.invalid_transition");
        household.StatusHistory.Should().ContainSingle();
        household.Version.Should().Be(0);
    }

    [Fact]
    public void Bank_account_and_phone_are_stored_encrypted_and_masked()
    {
        var vault = PersonalDataVault.CreateRandom();
        var household = Registered(new DateOnly(2019, 3, 1));

        household.SetBankAccount("县农村信用合作联社", "6230 1234 5678 9012", vault);
        household.SetPhone("13912345678", vault);

        household.BankAccountMasked.Should().Be("6230********9012");
        vault.Decrypt(household.BankAccountCipher!).Should().Be("6230123456789012");
        household.BankAccountHash.Should().Equal(vault.LookupHash("6230123456789012"));
        household.PhoneMasked.Should().Be("139****5678");
        vault.Decrypt(household.PhoneCipher!).Should().Be("13912345678");
        ((Action)(() => household.SetBankAccount("银行", "12345", vault))).Should().Throw<DomainException>().Which.Code.Should().Be("registry.invalid_bank_account");
        ((Action)(() => household.SetBankAccount(null, "623012345678", vault))).Should().Throw<DomainException>().Which.Code.Should().Be("registry.bank_name_required");
        ((Action)(() => household.SetPhone("12345", vault))).Should().Throw<DomainException>().Which.Code.Should().Be("registry.invalid_phone");
    }

    [Fact]
    public void A_household_has_one_head_and_the_head_is_removed_last()
    {
        var vault = PersonalDataVault.CreateRandom();
        var household = Registered(new DateOnly(2019, 3, 1));
        var head = household.AddMember("龙一", CitizenId.Compose("522699", new DateOnly(1970, 1, 1), 11), Relation.Head, LabourAbility.Normal, Health.Healthy, Education.Primary, vault);
        var spouse = household.AddMember("吴二", CitizenId.Compose("522699", new DateOnly(1971, 1, 1), 12), Relation.Spouse, LabourAbility.Normal, Health.Healthy, Education.Primary, vault);

        var secondHead = () => household.AddMember("龙三", CitizenId.Compose("522699", new DateOnly(1990, 1, 1), 13), Relation.Head, LabourAbility.Normal, Health.Healthy, Education.Primary, vault);
        var removeHead = () => household.RemoveMember(head, Today, "迁出", Now, "tester");
        var spouseBecomesHead = () => spouse.Update("吴二", Relation.Head, LabourAbility.Normal, Health.Healthy, Education.Primary);

        secondHead.Should().Throw<DomainException>().Which.Code.Should().Be("registry.second_head");
        removeHead.Should().Throw<DomainException>().Which.Code.Should().Be("registry.remove_head");
        spouseBecomesHead.Should().Throw<DomainException>().Which.Code.Should().Be("registry.second_head");
        household.HeadName.Should().Be("龙一");
        spouse.Relation.Should().Be(Relation.Spouse, "a refused change leaves the member as it was");
        household.Members.Count(m => m.Relation == Relation.Head).Should().Be(1);
        household.MemberCount.Should().Be(2);
        household.Invoking(h => h.RemoveMember(spouse, Today, "  ", Now, "tester")).Should().Throw<DomainException>().Which.Code.Should().Be("reason.required");
        household.Invoking(h => h.RemoveMember(spouse, Today, "迁出\u0007", Now, "tester")).Should().Throw<DomainException>().Which.Code.Should().Be("reason.control_characters");
        household.Invoking(h => h.RemoveMember(spouse, Today, new string('因', 201), Now, "tester")).Should().Throw<DomainException>().Which.Code.Should().Be("reason.too_long");
        household.MemberCount.Should().Be(2, "a refused removal removes no one");
        household.RemoveMember(spouse, Today, "婚嫁迁出", Now, "tester");
        household.RemoveMember(head, Today, "去世", Now, "tester");
        household.MemberCount.Should().Be(0);
        household.Removals.Select(r => (r.MemberName, r.Reason, r.RemovedOn)).Should().Equal(("吴二", "婚嫁迁出", Today), ("龙一", "去世", Today));
    }
}

using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Accounts;

public sealed class UserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly DivisionCode County = DivisionCode.ForCounty("522699");

    [Fact]
    public void The_fifth_wrong_password_locks_for_fifteen_minutes_even_against_the_right_one()
    {
        var user = User.Demo("wang", "王", Role.CountyStaff, County, "Right2026pass", null, Now);

        var outcomes = Enumerable.Range(0, 5).Select(_ => user.SignIn("Wrong2026pass", Now)).ToList();

        outcomes.Should().Equal(SignInOutcome.WrongPassword, SignInOutcome.WrongPassword, SignInOutcome.WrongPassword, SignInOutcome.WrongPassword, SignInOutcome.LockedOut);
        user.LockedUntil.Should().Be(Now + TimeSpan.FromMinutes(15));
        user.SignIn("Right2026pass", Now.AddMinutes(14)).Should().Be(SignInOutcome.LockedOut);
        user.SignIn("Right2026pass", Now.AddMinutes(15)).Should().Be(SignInOutcome.Success);
        user.LockedUntil.Should().BeNull();
        user.FailedAttempts.Should().Be(0);
    }

    [Fact]
    public void A_success_resets_the_count_of_wrong_passwords()
    {
        var user = User.Demo("wang", "王", Role.CountyStaff, County, "Right2026pass", null, Now);

        for (var i = 0; i < 4; i++)
        {
            user.SignIn("Wrong2026pass", Now);
        }
        user.SignIn("Right2026pass", Now).Should().Be(SignInOutcome.Success);

        user.SignIn("Wrong2026pass", Now).Should().Be(SignInOutcome.WrongPassword, "the count starts again");
        user.IsLockedOut(Now).Should().BeFalse();
    }

    [Fact]
    public void A_new_account_must_change_its_password_to_a_strong_one()
    {
        var user = new User("Li.Ming", "李明", Role.VillageOfficer, DivisionCode.Parse("522699001001"), "Initial2026x", null, Now);

        user.UserName.Should().Be("li.ming");
        user.SignIn("Initial2026x", Now).Should().Be(SignInOutcome.MustChangePassword);
        ((Action)(() => user.ChangePassword("Initial2026x", "short1"))).Should().Throw<DomainException>().Which.Code.Should().Be("account.weak_password");
        ((Action)(() => user.ChangePassword("Initial2026x", "li.ming2026x"))).Should().Throw<DomainException>().Which.Code.Should().Be("account.weak_password");
        ((Action)(() => user.ChangePassword("Initial2026x", "Initial2026x"))).Should().Throw<DomainException>().Which.Code.Should().Be("account.password_reused");
        ((Action)(() => user.ChangePassword("wrong", "Better2026pass"))).Should().Throw<DomainException>().Which.Code.Should().Be("account.wrong_password");
        var version = user.SecurityVersion;
        user.ChangePassword("Initial2026x", "Better2026pass");
        user.MustChangePassword.Should().BeFalse();
        user.SecurityVersion.Should().Be(version + 1, "sessions issued before the change end");
        user.SignIn("Better2026pass", Now).Should().Be(SignInOutcome.Success);
    }

    [Theory]
    [InlineData(Role.VillageOfficer, "522699000000")]
    [InlineData(Role.TownshipOfficer, "522699001001")]
    [InlineData(Role.CountyAdmin, "522699001000")]
    public void The_scope_must_be_at_the_level_of_the_role(Role role, string scope)
    {
        var create = () => new User("zhang", "张", role, DivisionCode.Parse(scope), "Initial2026x", null, Now);

        create.Should().Throw<DomainException>().Which.Code.Should().Be("account.scope_level");
    }

    [Fact]
    public void An_inactive_account_cannot_sign_in()
    {
        var user = User.Demo("zhao", "赵", Role.Supervisor, County, "Right2026pass", null, Now);
        user.Update("赵", Role.Supervisor, County, null, active: false);

        user.SignIn("Right2026pass", Now).Should().Be(SignInOutcome.Inactive);
    }
}

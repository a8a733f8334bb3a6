using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Assets;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("91440300708461136T")]
    [InlineData("91330100716105852F")]
    public void Published_codes_are_valid(string code)
    {
        CreditCode.Parse(code).Value.Should().Be(code);
        CreditCode.IsValid(code).Should().BeTrue();
    }

    [Fact]
    public void A_wrong_check_character_is_refused_with_the_field_named()
    {
        var act = () => CreditCode.Parse("91440300708461136U", "operatorCreditCode");

        var error = act.Should().Throw<DomainException>().Which;
        error.Code.Should().Be("credit_code.check");
        error.Field.Should().Be("operatorCreditCode");
        error.Message.Should().Contain("第 18 位");
    }

    [Fact]
    public void A_wrong_organisation_check_character_is_refused()
    {
        var act = () => CreditCode.Parse("91440300708461137T");

        act.Should().Throw<DomainException>().Which.Code.Should().Be("credit_code.org_check");
    }

    [Fact]
    public void Lowercase_and_surrounding_spaces_are_accepted_and_normalised()
    {
        CreditCode.Parse(" 91440300708461136t ").Value.Should().Be("91440300708461136T");
    }

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('Z')]
    [InlineData('S')]
    [InlineData('V')]
    public void Letters_outside_the_alphabet_are_refused(char letter)
    {
        var code = "91440300708461136" + letter;

        var error = FluentActions.Invoking(() => CreditCode.Parse(code)).Should().Throw<DomainException>().Which;

        error.Code.Should().Be("credit_code.character");
        error.Message.Should().Contain("第 18 位").And.Contain(letter.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("9144030070846113")]
    [InlineData("91440300708461136TX")]
    public void Codes_that_are_not_18_characters_are_refused(string code)
    {
        FluentActions.Invoking(() => CreditCode.Parse(code)).Should().Throw<DomainException>().Which.Code.Should().Be("credit_code.length");
    }

    [Theory]
    [InlineData("9144030070846113")]
    [InlineData("93522699MA6DQ4WB")]
    [InlineData("1252269900000001")]
    public void Complete_adds_both_check_characters_and_the_result_parses_back(string stem)
    {
        var code = CreditCode.Complete(stem);

        code.Value.Should().HaveLength(18).And.StartWith(stem);
        CreditCode.Parse(code.Value).Should().Be(code);
        CreditCode.Parse(code.Value.ToLowerInvariant()).Should().Be(code);
    }

    [Fact]
    public void Complete_reproduces_a_published_code()
    {
        CreditCode.Complete("9144030070846113").Value.Should().Be("91440300708461136T");
    }
}

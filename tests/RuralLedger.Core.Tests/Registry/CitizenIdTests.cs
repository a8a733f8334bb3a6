using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Tests.Registry;

public sealed class CitizenIdTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Fact]
    public void The_example_of_the_standard_has_check_character_X()
    {
        // GB 11643-1999's own example. Σ digit × weight = 167; 167 mod 11 = 2; "10X98765432"[2] = X.
        var id = CitizenId.Parse("11010519491231002X", Today);

        id.Value.Should().Be("11010519491231002X");
        id.Sex.Should().Be(Sex.Female);
        id.BirthDate.Should().Be(new DateOnly(1949, 12, 31));
        id.AreaCode.Should().Be("110105");
    }

    [Fact]
    public void A_Guizhou_number_computed_by_hand()
    {
        // 5·7+2·9+2·10+6·5+3·8+3·4+1·2+9·1+8·6+5·3+0·7+3·9+1·10+5·5+0·8+0·4+4·2 = 283; 283 mod 11 = 8; "10X98765432"[8] = 4.
        CitizenId.CheckCharacter("52263319850315004").Should().Be('4');

        var id = CitizenId.Parse("522633198503150044", Today);

        id.Sex.Should().Be(Sex.Female);
        id.BirthDate.Should().Be(new DateOnly(1985, 3, 15));
        id.Masked.Should().Be("5226************44");
        id.AgeOn(new DateOnly(2026, 3, 14)).Should().Be(40);
        id.AgeOn(new DateOnly(2026, 3, 15)).Should().Be(41);
    }

    [Fact]
    public void Masking_shows_the_first_four_and_the_last_two_characters()
    {
        var id = CitizenId.Compose("522699", new DateOnly(1970, 5, 1), 11);

        id.Masked.Should().HaveLength(18);
        id.Masked.Should().MatchRegex(@"^5226\*{12}\d[0-9X]$");
        id.ToString().Should().Be(id.Masked, "ToString never leaks the full number into logs");
        CitizenId.Mask("522699197005010112").Should().Be("5226************12");
    }

    [Fact]
    public void Lower_case_x_and_surrounding_spaces_are_accepted()
    {
        var id = CitizenId.Parse("  11010519491231002x ", Today);

        id.Value.Should().Be("11010519491231002X");
    }

    [Property(Arbitrary = [typeof(CitizenIdInputs)], MaxTest = 300)]
    public void Composed_numbers_parse_and_carry_their_parts(IdParts parts)
    {
        var composed = CitizenId.Compose(parts.Area, parts.Birth, parts.Sequence);

        var parsed = CitizenId.TryParse(composed.Value, Today, out var id, out var error);

        parsed.Should().BeTrue(error);
        id.Should().Be(composed);
        id.BirthDate.Should().Be(parts.Birth);
        id.Sex.Should().Be(parts.Sequence % 2 == 1 ? Sex.Male : Sex.Female);
        id.AreaCode.Should().Be(parts.Area);
    }

    [Property(Arbitrary = [typeof(CitizenIdInputs)], MaxTest = 300)]
    public void Changing_any_one_character_is_caught(IdParts parts, PositiveInt position, PositiveInt delta)
    {
        var value = CitizenId.Compose(parts.Area, parts.Birth, parts.Sequence).Value;
        var i = position.Get % 18;
        var alphabet = i == 17 ? "0123456789X" : "0123456789";
        var replacement = alphabet[(alphabet.IndexOf(value[i], StringComparison.Ordinal) + 1 + delta.Get % (alphabet.Length - 1)) % alphabet.Length];
        var mutated = value[..i] + replacement + value[(i + 1)..];

        // A single-character change always breaks MOD 11-2 (or the area code or the date before it).
        CitizenId.TryParse(mutated, Today, out _, out var error).Should().BeFalse($"{mutated} differs from {value} at {i}");
        error.Should().NotBeEmpty();
    }

    [Fact]
    public void A_wrong_check_digit_is_rejected_with_its_reason()
    {
        var act = () => CitizenId.Parse("522633198503150045", Today);

        var error = act.Should().Throw<DomainException>().Which;
        error.Code.Should().Be("registry.invalid_citizen_id");
        error.Message.Should().Contain("校验位");
        error.Field.Should().Be("citizenId");
    }

    [Fact]
    public void A_birth_date_after_today_is_rejected()
    {
        var tomorrow = Today.AddDays(1);
        var future = CitizenId.Compose("522699", tomorrow, 11).Value;
        var bornToday = CitizenId.Compose("522699", Today, 11).Value;

        CitizenId.TryParse(future, Today, out _, out var error).Should().BeFalse();
        error.Should().Contain("晚于今天");
        CitizenId.TryParse(future, tomorrow, out _, out _).Should().BeTrue("the same number is valid once its birth date has come");
        CitizenId.TryParse(bornToday, Today, out _, out _).Should().BeTrue();
    }

    [Theory]
    [InlineData("19850230")] // 30 February
    [InlineData("19851301")] // month 13
    [InlineData("19850000")]
    [InlineData("18991231")] // before 1900
    public void An_impossible_birth_date_is_rejected(string birth)
    {
        var first17 = "522633" + birth + "004";
        var value = first17 + CitizenId.CheckCharacter(first17);

        CitizenId.TryParse(value, Today, out _, out var error).Should().BeFalse();
        error.Should().Contain("出生日期").And.Contain(birth);
    }

    [Theory]
    [InlineData("", "不能为空")]
    [InlineData("52263319850315004", "18 位")]
    [InlineData("5226331985031500444", "18 位")]
    [InlineData("52263319850315A044", "第 15 位")]
    [InlineData("52263319850315004Y", "数字或 X")]
    public void Malformed_numbers_are_rejected_with_a_chinese_reason(string value, string reason)
    {
        CitizenId.TryParse(value, Today, out _, out var error).Should().BeFalse();
        error.Should().Contain(reason);
    }

    [Fact]
    public void An_address_code_that_is_no_county_is_rejected()
    {
        var first17 = "992633" + "19850315" + "004";

        CitizenId.TryParse(first17 + CitizenId.CheckCharacter(first17), Today, out _, out var error).Should().BeFalse();
        error.Should().Contain("地址码");
    }

    [Fact]
    public void Sex_comes_from_the_parity_of_the_seventeenth_digit()
    {
        CitizenId.Compose("522699", new DateOnly(1990, 1, 1), 11).Sex.Should().Be(Sex.Male);
        CitizenId.Compose("522699", new DateOnly(1990, 1, 1), 10).Sex.Should().Be(Sex.Female);
        CitizenId.Compose("522699", new DateOnly(1990, 1, 1), 999).Sex.Should().Be(Sex.Male);
        CitizenId.Compose("522699", new DateOnly(1990, 1, 1), 0).Sex.Should().Be(Sex.Female);
    }
}

public sealed record IdParts(string Area, DateOnly Birth, int Sequence)
{
    public override string ToString() => $"{Area} {Birth:yyyy-MM-dd} {Sequence:D3}";
}

public static class CitizenIdInputs
{
    public static Arbitrary<IdParts> Parts() =>
        (from area in Gen.Elements("522699", "522633", "110105", "520102", "310101", "440305")
         from days in Gen.Choose(0, new DateOnly(2026, 11, 25).DayNumber - new DateOnly(1900, 1, 1).DayNumber)
         from sequence in Gen.Choose(0, 999)
         select new IdParts(area, DateOnly.FromDayNumber(new DateOnly(1900, 1, 1).DayNumber + days), sequence)).ToArbitrary();
}

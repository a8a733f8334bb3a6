using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Areas;

public sealed class DivisionCodeTests
{
    [Theory]
    [InlineData("522699000000", AreaLevel.County, "522699")]
    [InlineData("522699001000", AreaLevel.Township, "522699001")]
    [InlineData("522699001002", AreaLevel.Village, "522699001002")]
    [InlineData("522699001002003", AreaLevel.Group, "522699001002003")]
    [InlineData("110105000000", AreaLevel.County, "110105")]
    public void Level_and_scope_prefix_are_read_from_the_code(string text, AreaLevel level, string prefix)
    {
        var code = DivisionCode.Parse(text);

        code.Level.Should().Be(level);
        code.ScopePrefix.Should().Be(prefix);
        code.County.Should().Be(text[..6]);
        code.ToString().Should().Be(text);
    }

    [Fact]
    public void Children_extend_the_parent_code_one_level_down()
    {
        var county = DivisionCode.ForCounty("522699");

        var township = county.Child(12);
        var village = township.Child(7);
        var group = village.Child(3);

        township.Value.Should().Be("522699012000");
        village.Value.Should().Be("522699012007");
        group.Value.Should().Be("522699012007003");
        new[] { township.Level, village.Level, group.Level }.Should().Equal(AreaLevel.Township, AreaLevel.Village, AreaLevel.Group);
    }

    [Fact]
    public void Containment_follows_the_prefix()
    {
        var county = DivisionCode.Parse("522699000000");
        var township = DivisionCode.Parse("522699001000");
        var village = DivisionCode.Parse("522699001002");
        var otherTownshipsVillage = DivisionCode.Parse("522699002002");
        var otherCounty = DivisionCode.Parse("522633001002");

        county.Contains(village).Should().BeTrue();
        township.Contains(village).Should().BeTrue();
        township.Contains(otherTownshipsVillage).Should().BeFalse();
        county.Contains(otherCounty).Should().BeFalse();
        village.Contains(village).Should().BeTrue();
        village.Contains(township).Should().BeFalse();
    }

    [Theory]
    [InlineData("123", "12 位数字")]
    [InlineData("5226990010", "12 位数字")]
    [InlineData("52269900100", "12 位数字")]
    [InlineData("52269900100a", "12 位数字")]
    [InlineData("992699000000", "省级代码 99 不存在")]
    [InlineData("522600000000", "缺少县级代码")]
    [InlineData("520012000000", "缺少地市级代码")]
    [InlineData("522699000005", "没有乡镇级代码")]
    [InlineData("522699001000001", "村级代码加 3 位非零组号")]
    [InlineData("522699001002000", "村级代码加 3 位非零组号")]
    [InlineData("", "不能为空")]
    [InlineData("   ", "不能为空")]
    public void Invalid_codes_are_refused_with_a_chinese_reason(string text, string reason)
    {
        var act = () => DivisionCode.Parse(text, "parent");

        var error = act.Should().Throw<DomainException>().Which;
        error.Code.Should().Be("area.invalid_code");
        error.Field.Should().Be("parent");
        error.Message.Should().Contain(reason);
        DivisionCode.TryParse(text, out _, out var message).Should().BeFalse();
        message.Should().Be(error.Message);
    }

    [Fact]
    public void Municipalities_have_no_prefecture_digits()
    {
        DivisionCode.Parse("110005000000").Level.Should().Be(AreaLevel.County);
        DivisionCode.Parse("500005000000").Level.Should().Be(AreaLevel.County);
    }

    [Fact]
    public void Child_numbers_outside_1_to_999_and_children_of_groups_are_refused()
    {
        var county = DivisionCode.ForCounty("522699");
        var group = DivisionCode.Parse("522699001002003");

        county.Invoking(c => c.Child(0)).Should().Throw<DomainException>().Which.Code.Should().Be("area.invalid_child_number");
        county.Invoking(c => c.Child(1000)).Should().Throw<DomainException>().Which.Code.Should().Be("area.invalid_child_number");
        group.Invoking(g => g.Child(1)).Should().Throw<DomainException>().Which.Code.Should().Be("area.no_children");
    }

    [Fact]
    public void An_area_must_sit_directly_under_the_area_its_code_names()
    {
        var county = new Area(DivisionCode.ForCounty("522699"), "茶乡县", null);
        var township = new Area(county.Code.Child(1), "甲镇", county);
        var village = new Area(township.Code.Child(1), "混寨村", township, formerlyPoor: true);

        village.Parent.Should().BeSameAs(township);
        village.Level.Should().Be(AreaLevel.Village);
        village.CountyCode.Should().Be("522699");
        village.FormerlyPoor.Should().BeTrue();

        var otherTownship = new Area(county.Code.Child(2), "乙乡", county);
        var wrongParent = () => new Area(DivisionCode.Parse("522699001002"), "洪家湾村", otherTownship);
        var skipsALevel = () => new Area(DivisionCode.Parse("522699001002"), "洪家湾村", county);
        var orphan = () => new Area(DivisionCode.Parse("522699001002"), "洪家湾村", null);
        var countyWithParent = () => new Area(DivisionCode.ForCounty("522633"), "别县", county);

        wrongParent.Should().Throw<DomainException>().Which.Code.Should().Be("area.parent_mismatch");
        skipsALevel.Should().Throw<DomainException>().Which.Code.Should().Be("area.parent_mismatch");
        orphan.Should().Throw<DomainException>().Which.Code.Should().Be("area.parent_required");
        countyWithParent.Should().Throw<DomainException>().Which.Code.Should().Be("area.county_has_parent");
    }
}

using RuralLedger.Core.Areas;
using RuralLedger.Data.Demo;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Web.Tests.Demo;

/// <summary>One generated demo county (22,498 people), shared by the tests of this class.</summary>
public sealed class GeneratedCounty
{
    public GeneratedCounty()
    {
        Vault = PersonalDataVault.CreateRandom();
        County = new DemoCountyGenerator(Vault).Generate(DemoSize.County).Single();
        Households = County.Households.ToList();
    }

    public PersonalDataVault Vault { get; }

    public DemoCounty County { get; }

    public IReadOnlyList<Household> Households { get; }
}

public sealed class DemoCountyGeneratorTests(GeneratedCounty generated) : IClassFixture<GeneratedCounty>
{
    // The generator's reference date; every birth date must be on or before it.
    private static readonly DateOnly Reference = new(2026, 1, 1);

    [Fact]
    public void The_county_has_the_seed_figures()
    {
        var county = generated.County;

        county.CountyCode.Should().Be("522699");
        generated.Households.Should().HaveCount(6_279);
        generated.Households.Sum(h => h.Members.Count).Should().Be(22_498);
        generated.Households.Sum(h => h.MemberCount).Should().Be(22_498);
        county.HouseholdCount.Should().Be(6_279);
        county.PeopleCount.Should().Be(22_498);
        county.Areas.Count(a => a.Level == AreaLevel.County).Should().Be(1);
        county.Areas.Count(a => a.Level == AreaLevel.Township).Should().Be(12);
        county.Areas.Count(a => a.Level == AreaLevel.Village).Should().Be(100);
        county.Areas.Count(a => a.Level == AreaLevel.Village && a.FormerlyPoor).Should().Be(44);
    }

    [Fact]
    public void Areas_come_parents_first_with_unique_codes_and_village_names()
    {
        var areas = generated.County.Areas.ToList();

        areas.Select(a => a.Code).Should().OnlyHaveUniqueItems();
        areas.Where(a => a.Level == AreaLevel.Village).Select(a => a.Name).Should().OnlyHaveUniqueItems();
        for (var i = 0; i < areas.Count; i++)
        {
            if (areas[i].Parent is { } parent)
            {
                areas.IndexOf(parent).Should().BeLessThan(i, $"{areas[i].Code} comes after its parent");
            }
        }
    }

    [Fact]
    public void Every_household_lives_in_a_village_and_group_of_the_county()
    {
        var villages = generated.County.Areas.Where(a => a.Level == AreaLevel.Village).Select(a => a.Code).ToHashSet();
        var groups = generated.County.Areas.Where(a => a.Level == AreaLevel.Group).Select(a => a.Code).ToHashSet();

        generated.Households.Should().AllSatisfy(h =>
        {
            villages.Should().Contain(h.VillageCode);
            groups.Should().Contain(h.GroupCode!.Value);
            h.CountyCode.Should().Be("522699");
        });
        generated.Households.Select(h => h.HouseholdNo).Should().OnlyHaveUniqueItems();
        generated.Households.Select(h => h.VillageCode).Distinct().Should().HaveCount(100, "every village has households");
    }

    [Fact]
    public void Every_citizen_id_is_valid_unique_and_matches_the_stored_fields()
    {
        var members = generated.Households.SelectMany(h => h.Members).ToList();
        var ids = members.Select(m => generated.Vault.Decrypt(m.CitizenIdCipher)).ToList();

        ids.Should().OnlyHaveUniqueItems();
        members.Select(m => Convert.ToHexString(m.CitizenIdHash)).Should().OnlyHaveUniqueItems();
        for (var i = 0; i < members.Count; i++)
        {
            CitizenId.TryParse(ids[i], Reference, out var id, out var error).Should().BeTrue($"{ids[i]}: {error}");
            id.AreaCode.Should().Be("522699");
            members[i].Sex.Should().Be(id.Sex);
            members[i].BirthDate.Should().Be(id.BirthDate);
            members[i].CitizenIdMasked.Should().Be(id.Masked);
            members[i].CitizenIdHash.Should().Equal(generated.Vault.LookupHash(ids[i]));
        }
    }

    [Fact]
    public void Two_runs_give_the_same_people_in_the_same_order()
    {
        var otherVault = PersonalDataVault.CreateRandom();
        var again = new DemoCountyGenerator(otherVault).Generate(DemoSize.County).Single();

        var first = generated.Households.SelectMany(h => h.Members).Select(m => (m.CitizenIdMasked, m.Name, m.BirthDate, m.Relation)).ToList();
        var second = again.Households.SelectMany(h => h.Members).Select(m => (m.CitizenIdMasked, m.Name, m.BirthDate, m.Relation)).ToList();
        second.Should().Equal(first);

        var firstIds = generated.Households.Take(200).SelectMany(h => h.Members).Select(m => generated.Vault.Decrypt(m.CitizenIdCipher));
        var secondIds = again.Households.Take(200).SelectMany(h => h.Members).Select(m => otherVault.Decrypt(m.CitizenIdCipher));
        secondIds.Should().Equal(firstIds, "the plaintext numbers are deterministic even though the ciphertexts are not");
        again.Areas.Select(a => (a.Code, a.Name, a.FormerlyPoor)).Should().Equal(generated.County.Areas.Select(a => (a.Code, a.Name, a.FormerlyPoor)));
    }

    [Fact]
    public void Every_household_has_exactly_one_head_listed_first()
    {
        generated.Households.Should().AllSatisfy(h =>
        {
            h.Members.Should().NotBeEmpty();
            h.Members[0].Relation.Should().Be(Relation.Head);
            h.Members.Count(m => m.Relation == Relation.Head).Should().Be(1);
            h.Members.Count(m => m.Relation == Relation.Spouse).Should().BeLessThanOrEqualTo(1);
        });
    }

    [Fact]
    public void Sexes_match_the_relation_to_the_head()
    {
        foreach (var household in generated.Households)
        {
            var head = household.Members[0];
            foreach (var member in household.Members.Skip(1))
            {
                var expected = member.Relation switch
                {
                    Relation.Spouse => head.Sex == Sex.Male ? Sex.Female : Sex.Male,
                    Relation.Son or Relation.Father or Relation.Grandson or Relation.SonInLaw => Sex.Male,
                    Relation.Daughter or Relation.Mother or Relation.Granddaughter or Relation.DaughterInLaw => Sex.Female,
                    _ => member.Sex,
                };
                member.Sex.Should().Be(expected, $"{member.Relation} {member.Name} of household {household.HouseholdNo}");
            }
        }
    }

    [Fact]
    public void Ages_are_plausible_for_each_relation()
    {
        foreach (var household in generated.Households)
        {
            var head = household.Members[0];
            var context = $"household {household.HouseholdNo}";
            head.BirthDate.AddYears(18).Should().BeOnOrBefore(Reference, $"the head of {context} is an adult");
            var sons = household.Members.Where(m => m.Relation == Relation.Son).ToList();
            foreach (var member in household.Members.Skip(1))
            {
                member.BirthDate.Should().BeOnOrBefore(Reference, context);
                member.BirthDate.Year.Should().BeGreaterThanOrEqualTo(1900, context);
                switch (member.Relation)
                {
                    case Relation.Son or Relation.Daughter:
                        head.BirthDate.AddYears(15).Should().BeOnOrBefore(member.BirthDate, $"a child of {context} is at least 15 years younger than the head");
                        break;
                    case Relation.Father or Relation.Mother:
                        member.BirthDate.AddYears(15).Should().BeOnOrBefore(head.BirthDate, $"a parent of the head of {context} is at least 15 years older");
                        break;
                    case Relation.Grandson or Relation.Granddaughter:
                        head.BirthDate.AddYears(30).Should().BeOnOrBefore(member.BirthDate, $"a grandchild of {context} is at least 30 years younger than the head");
                        sons.Should().Contain(s => s.BirthDate.AddYears(15) <= member.BirthDate, $"a grandchild of {context} has a son of the head old enough to be the parent");
                        break;
                    case Relation.Spouse:
                        member.BirthDate.AddYears(18).Should().BeOnOrBefore(Reference, $"the spouse in {context} is an adult");
                        break;
                    default:
                        break;
                }
            }
        }
    }

    [Fact]
    public void Formerly_poor_villages_hold_three_times_the_households_of_the_others()
    {
        var perVillage = generated.Households.GroupBy(h => h.VillageCode).ToDictionary(g => g.Key, g => g.Count());
        var villages = generated.County.Areas.Where(a => a.Level == AreaLevel.Village).ToList();

        // 6,279 by weights 3 (44 villages) and 1 (56): shares 100.20 and 33.40; the 31 leftover households go to
        // the larger remainders (0.40), so 100 in each formerly poor village and 33 or 34 in the others.
        villages.Where(v => v.FormerlyPoor).Should().AllSatisfy(v => perVillage[v.Code].Should().Be(100));
        villages.Where(v => !v.FormerlyPoor).Should().AllSatisfy(v => perVillage[v.Code].Should().BeInRange(33, 34));
    }
}

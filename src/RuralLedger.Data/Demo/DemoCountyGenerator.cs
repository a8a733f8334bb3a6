using System.Globalization;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Data.Demo;

public enum DemoSize
{
    /// <summary>One county like the seed's: 12 townships, 100 villages (44 formerly poor), 6,279 households, 22,498 people.</summary>
    County,

    /// <summary>160 such counties: 1,000,000 households, for benchmarks.</summary>
    Province,
}

/// <summary>One county of demo data: its areas (parents before children) and a lazily generated stream of households.</summary>
public sealed record DemoCounty(string CountyCode, string Name, IReadOnlyList<Area> Areas, int HouseholdCount, int PeopleCount, IEnumerable<Household> Households);

/// <summary>
/// Deterministic demo data (fixed seeds): the same size always gives the same areas, names, ID numbers and
/// household shapes, so demos, tests and benchmarks are repeatable. Ages are relative to 2026-01-01.
/// </summary>
public sealed class DemoCountyGenerator(PersonalDataVault vault)
{
    public const string DemoCountyCode = "522699";
    public const string DemoCountyName = "茶乡县";
    public const int CountyHouseholds = 6_279;
    public const int CountyPeople = 22_498;
    public const int ProvinceCounties = 160;
    public const int ProvinceHouseholds = 1_000_000;

    private const int Townships = 12;
    private const int Villages = 100;
    private const int PoorVillages = 44;
    private static readonly DateOnly Reference = new(2026, 1, 1);

    public IEnumerable<DemoCounty> Generate(DemoSize size)
    {
        if (size == DemoSize.County)
        {
            yield return BuildCounty(0, DemoCountyCode, DemoCountyName, CountyHouseholds, CountyPeople);
            yield break;
        }

        // Households spread evenly over the counties; people keep the seed county's 3.583 per household.
        for (var i = 0; i < ProvinceCounties; i++)
        {
            var households = ProvinceHouseholds / ProvinceCounties + (i < ProvinceHouseholds % ProvinceCounties ? 1 : 0);
            var people = (int)Math.Round(households * (double)CountyPeople / CountyHouseholds);
            var code = string.Create(CultureInfo.InvariantCulture, $"52{i / 20 + 1:D2}{i % 20 + 1:D2}");
            yield return BuildCounty(i + 1, code, $"示范{i + 1}县", households, people);
        }
    }

    private DemoCounty BuildCounty(int seed, string countyCode, string name, int householdCount, int peopleCount)
    {
        var rng = new Random(20_140_101 + seed);
        var county = new Area(DivisionCode.ForCounty(countyCode), name, null);
        var areas = new List<Area> { county };
        var villages = new List<(Area Village, List<Area> Groups, bool Poor)>();
        var poorFlags = Shuffle(Enumerable.Range(0, Villages).Select(v => v < PoorVillages).ToArray(), rng);
        var usedVillageNames = new HashSet<string>();

        for (var t = 0; t < Townships; t++)
        {
            var township = new Area(county.Code.Child(t + 1), DemoNames.TownshipNames[t], county);
            areas.Add(township);
            var villagesHere = Villages / Townships + (t < Villages % Townships ? 1 : 0);
            for (var v = 0; v < villagesHere; v++)
            {
                var poor = poorFlags[villages.Count];
                var villageName = t == 0 && v < 2 ? (v == 0 ? "混寨村" : "洪家湾村") : UniqueVillageName(rng, usedVillageNames);
                usedVillageNames.Add(villageName);
                var village = new Area(township.Code.Child(v + 1), villageName, township, poor);
                areas.Add(village);
                var groups = new List<Area>();
                for (var g = 0; g < rng.Next(4, 9); g++)
                {
                    var group = new Area(village.Code.Child(g + 1), DemoNames.GroupNumerals[g] + "组", village);
                    areas.Add(group);
                    groups.Add(group);
                }
                villages.Add((village, groups, poor));
            }
        }

        var sizes = HouseholdSizes(rng, householdCount, peopleCount);
        // Formerly poor villages hold most registered households (weight 3 against 1).
        var villageWeights = villages.Select(v => v.Poor ? 3L : 1L).ToArray();
        var perVillage = Allocation.Split(householdCount, villageWeights);
        return new DemoCounty(countyCode, name, areas, householdCount, peopleCount, Households(seed, countyCode, villages, perVillage, sizes));
    }

    private IEnumerable<Household> Households(int seed, string countyCode, List<(Area Village, List<Area> Groups, bool Poor)> villages, long[] perVillage, int[] sizes)
    {
        var rng = new Random(7_000_000 + seed);
        var sequences = new Dictionary<DateOnly, int>();
        var index = 0;
        for (var v = 0; v < villages.Count; v++)
        {
            var (village, groups, _) = villages[v];
            for (var h = 0; h < perVillage[v]; h++)
            {
                var group = groups[rng.Next(groups.Count)];
                var householdNo = village.Code.Value + (h + 1).ToString("D4", CultureInfo.InvariantCulture);
                var type = Pick(rng, (HouseholdType.General, 85), (HouseholdType.Dibao, 13), (HouseholdType.Tekun, 2));
                var registeredOn = new DateOnly(2014 + rng.Next(3), rng.Next(1, 13), rng.Next(1, 29));
                var household = new Household(householdNo, village.Code, group.Code, type, PovertyStatus.Registered, registeredOn, At(registeredOn), DemoActor);
                household.SetCauses(Causes(rng));
                AddMembers(household, sizes[index++], rng, countyCode, sequences);
                AddHistory(household, rng);
                household.SetBankAccount("县农村信用合作联社", "6230" + rng.NextInt64(100_000_000_000L, 999_999_999_999L).ToString(CultureInfo.InvariantCulture), vault);
                household.SetPhone("1" + rng.Next(3, 10).ToString(CultureInfo.InvariantCulture) + rng.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture), vault);
                yield return household;
            }
        }
    }

    private const string DemoActor = "演示数据";

    // The seed county exited poverty household by household from 2016 to 2019; monitoring began in 2020.
    private static void AddHistory(Household household, Random rng)
    {
        var exit = new DateOnly(2016 + rng.Next(4), rng.Next(9, 13), rng.Next(1, 29));
        if (exit <= household.RegisteredOn)
        {
            exit = household.RegisteredOn.AddMonths(6);
        }
        household.ChangeStatus(PovertyStatus.Exited, exit, "达到“一达标两不愁三保障”脱贫标准", At(exit), Reference, DemoActor);
        var roll = rng.Next(100);
        if (roll >= 10)
        {
            return;
        }
        var monitored = roll < 4 ? PovertyStatus.MonitoredUnstable : roll < 8 ? PovertyStatus.MonitoredMarginal : PovertyStatus.MonitoredSudden;
        var start = new DateOnly(2021 + rng.Next(3), rng.Next(1, 13), rng.Next(1, 29));
        household.ChangeStatus(monitored, start, "防返贫动态监测排查纳入", At(start), Reference, DemoActor);
        if (roll % 3 == 0)
        {
            var removed = start.AddMonths(rng.Next(6, 24));
            household.ChangeStatus(PovertyStatus.RiskRemoved, removed, "帮扶措施落实，收入稳定，风险消除", At(removed), Reference, DemoActor);
        }
    }

    private static DateTimeOffset At(DateOnly date) => new(date.ToDateTime(new TimeOnly(9, 0)), BusinessCalendar.ChinaOffset);

    private static PovertyCause Causes(Random rng)
    {
        var main = Pick(rng, (PovertyCause.Illness, 30), (PovertyCause.LackOfFunds, 18), (PovertyCause.LackOfSkills, 14), (PovertyCause.Disability, 10), (PovertyCause.Schooling, 9), (PovertyCause.LackOfLabour, 8), (PovertyCause.PoorTransport, 4), (PovertyCause.LackOfLand, 3), (PovertyCause.Disaster, 2), (PovertyCause.LowMotivation, 2));
        return rng.Next(3) == 0 ? main | PovertyCause.LackOfFunds : main;
    }

    private void AddMembers(Household household, int size, Random rng, string countyCode, Dictionary<DateOnly, int> sequences)
    {
        var surname = DemoNames.Surnames[rng.Next(DemoNames.Surnames.Length)];
        var headMale = rng.NextDouble() < 0.85;
        var headAge = size == 1 ? rng.Next(55, 86) : rng.Next(28, 76);
        Add(household, rng, countyCode, sequences, surname, headMale, headAge, Relation.Head);
        var left = size - 1;

        if (left > 0 && (headAge < 70 || rng.NextDouble() < 0.6))
        {
            var spouseAge = Math.Clamp(headAge + rng.Next(-5, 6), 20, 90);
            Add(household, rng, countyCode, sequences, Surname(rng), !headMale, spouseAge, Relation.Spouse);
            left--;
        }
        if (left >= 3 && headAge < 50 && rng.NextDouble() < 0.5)
        {
            var male = rng.NextDouble() < 0.4;
            Add(household, rng, countyCode, sequences, male ? surname : Surname(rng), male, Math.Min(headAge + rng.Next(22, 32), 95), male ? Relation.Father : Relation.Mother);
            left--;
        }
        var oldestSon = -1;
        while (left > 0)
        {
            var childAge = headAge - rng.Next(20, 36);
            if (childAge < 0)
            {
                childAge = rng.Next(0, Math.Max(1, headAge - 18));
            }
            if (oldestSon >= 24 && left >= 1 && rng.NextDouble() < 0.5)
            {
                var grandMale = rng.NextDouble() < 0.52;
                Add(household, rng, countyCode, sequences, surname, grandMale, rng.Next(0, Math.Min(oldestSon - 19, 15)), grandMale ? Relation.Grandson : Relation.Granddaughter);
                left--;
                continue;
            }
            var male = rng.NextDouble() < 0.52;
            Add(household, rng, countyCode, sequences, surname, male, childAge, male ? Relation.Son : Relation.Daughter);
            if (male && childAge > oldestSon)
            {
                oldestSon = childAge;
            }
            left--;
        }
    }

    private void Add(Household household, Random rng, string countyCode, Dictionary<DateOnly, int> sequences, string surname, bool male, int age, Relation relation)
    {
        var birth = Reference.AddYears(-age - 1).AddDays(rng.Next(1, 365));
        // Sequence numbers run per birth date; odd for men, even for women (GB 11643).
        sequences.TryGetValue(birth, out var next);
        var sequence = next * 2 + (male ? 1 : 0) + 10;
        sequences[birth] = next + 1;
        var id = CitizenId.Compose(countyCode, birth, sequence);
        var ageNow = id.AgeOn(Reference);
        var labour = ageNow switch
        {
            < 16 => LabourAbility.NotLabour,
            > 65 => rng.NextDouble() < 0.7 ? LabourAbility.NotLabour : LabourAbility.Weak,
            _ => Pick(rng, (LabourAbility.Normal, 70), (LabourAbility.Skilled, 12), (LabourAbility.Weak, 13), (LabourAbility.None, 5)),
        };
        var health = Pick(rng, (Health.Healthy, 84), (Health.LongTermIllness, 9), (Health.SeriousIllness, 2), (Health.Disabled, 5));
        if (health == Health.Disabled && labour is LabourAbility.Normal or LabourAbility.Skilled)
        {
            labour = LabourAbility.Weak;
        }
        var education = ageNow switch
        {
            < 6 => Education.Preschool,
            < 19 => Education.InSchool,
            < 40 => Pick(rng, (Education.Primary, 15), (Education.JuniorHigh, 55), (Education.SeniorHigh, 22), (Education.College, 8)),
            < 60 => Pick(rng, (Education.None, 8), (Education.Primary, 42), (Education.JuniorHigh, 40), (Education.SeniorHigh, 10)),
            _ => Pick(rng, (Education.None, 40), (Education.Primary, 48), (Education.JuniorHigh, 12)),
        };
        household.AddMember(surname + GivenName(rng, male), id, relation, labour, health, education, vault);
    }

    private static string Surname(Random rng) => DemoNames.Surnames[rng.Next(DemoNames.Surnames.Length)];

    private static string GivenName(Random rng, bool male)
    {
        var chars = male ? DemoNames.MaleChars : DemoNames.FemaleChars;
        var first = chars[rng.Next(chars.Length)];
        return rng.NextDouble() < 0.25 ? first : first + chars[rng.Next(chars.Length)];
    }

    /// <summary>Sizes from a rural household-size distribution, then nudged one person at a time to the exact total.</summary>
    private static int[] HouseholdSizes(Random rng, int households, int people)
    {
        var sizes = new int[households];
        var sum = 0;
        for (var i = 0; i < households; i++)
        {
            sizes[i] = Pick(rng, (1, 9), (2, 16), (3, 22), (4, 26), (5, 16), (6, 8), (7, 3));
            sum += sizes[i];
        }
        while (sum != people)
        {
            var i = rng.Next(households);
            if (sum < people && sizes[i] < 8)
            {
                sizes[i]++;
                sum++;
            }
            else if (sum > people && sizes[i] > 1)
            {
                sizes[i]--;
                sum--;
            }
        }
        return sizes;
    }

    private static string UniqueVillageName(Random rng, HashSet<string> used)
    {
        while (true)
        {
            var name = DemoNames.VillagePrefixes[rng.Next(DemoNames.VillagePrefixes.Length)] + "村";
            if (!used.Contains(name))
            {
                return name;
            }
            name = DemoNames.VillagePrefixes[rng.Next(DemoNames.VillagePrefixes.Length)] + DemoNames.VillagePrefixes[rng.Next(DemoNames.VillagePrefixes.Length)][..1] + "村";
            if (!used.Contains(name))
            {
                return name;
            }
        }
    }

    private static T Pick<T>(Random rng, params (T Value, int Weight)[] options)
    {
        var total = 0;
        foreach (var o in options)
        {
            total += o.Weight;
        }
        var roll = rng.Next(total);
        foreach (var (value, weight) in options)
        {
            if (roll < weight)
            {
                return value;
            }
            roll -= weight;
        }
        return options[^1].Value;
    }

    private static T[] Shuffle<T>(T[] items, Random rng)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }
}

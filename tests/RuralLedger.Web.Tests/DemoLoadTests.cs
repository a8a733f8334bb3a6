using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Demo;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Demo;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests;

/// <summary>A fresh database of one provider, migrated, with the demo county written by the bulk writer (through DemoLoader).</summary>
public sealed class LoadedDemo<TDatabase> : IAsyncLifetime where TDatabase : TestDatabase, new()
{
    public TDatabase Database { get; } = new();

    public PersonalDataVault Vault { get; } = PersonalDataVault.CreateRandom();

    public DemoLoadResult? Result { get; private set; }

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        if (Database.Unavailable is not null)
        {
            return;
        }
        await using var db = Database.CreateContext();
        await db.Database.MigrateAsync();
        Result = await new DemoLoader(db, Vault, new AuditWriter(TimeProvider.System), TimeProvider.System).LoadAsync(DemoSize.County, null, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

public abstract class DemoLoadTests<TDatabase> : IClassFixture<LoadedDemo<TDatabase>> where TDatabase : TestDatabase, new()
{
    private readonly LoadedDemo<TDatabase> _demo;

    protected DemoLoadTests(LoadedDemo<TDatabase> demo)
    {
        Assert.SkipWhen(demo.Database.Unavailable is not null, demo.Database.Unavailable ?? "");
        _demo = demo;
    }

    [Fact]
    public async Task The_bulk_writer_stores_every_household_and_member()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = _demo.Database.CreateContext();

        _demo.Result!.Households.Should().Be(6_279);
        _demo.Result.Members.Should().Be(22_498);
        _demo.Result.Counties.Should().Be(1);
        (await db.Households.CountAsync(ct)).Should().Be(6_279);
        (await db.Members.CountAsync(ct)).Should().Be(22_498);
        (await db.Households.SumAsync(h => h.MemberCount, ct)).Should().Be(22_498);
        (await db.Areas.CountAsync(a => a.Level == AreaLevel.Township, ct)).Should().Be(12);
        (await db.Areas.CountAsync(a => a.Level == AreaLevel.Village, ct)).Should().Be(100);
        (await db.Areas.CountAsync(a => a.Level == AreaLevel.Village && a.FormerlyPoor, ct)).Should().Be(44);
        (await db.Members.Select(m => m.HouseholdId).Distinct().CountAsync(ct)).Should().Be(6_279, "every household has members");
    }

    [Fact]
    public async Task EF_reads_back_a_household_with_its_members_as_generated()
    {
        var ct = TestContext.Current.CancellationToken;
        var throwaway = PersonalDataVault.CreateRandom();
        var expected = new DemoCountyGenerator(throwaway).Generate(DemoSize.County).Single().Households.Skip(17).First();
        await using var db = _demo.Database.CreateContext();

        var household = await db.Households.AsNoTracking()
            .Include(h => h.Members)
            .SingleAsync(h => h.HouseholdNo == expected.HouseholdNo, ct);

        household.VillageCode.Should().Be(expected.VillageCode);
        household.GroupCode.Should().Be(expected.GroupCode);
        household.Type.Should().Be(expected.Type);
        household.Status.Should().Be(expected.Status);
        household.RegisteredOn.Should().Be(expected.RegisteredOn);
        household.MemberCount.Should().Be(expected.Members.Count);
        var members = household.Members.OrderBy(m => m.Id.Value).ToList();
        members.Select(m => (m.Name, m.CitizenIdMasked, m.Sex, m.BirthDate, m.Relation, m.Labour, m.Health, m.Education))
            .Should().Equal(expected.Members.Select(m => (m.Name, m.CitizenIdMasked, m.Sex, m.BirthDate, m.Relation, m.Labour, m.Health, m.Education)));
        members.Select(m => _demo.Vault.Decrypt(m.CitizenIdCipher))
            .Should().Equal(expected.Members.Select(m => throwaway.Decrypt(m.CitizenIdCipher)), "the stored ciphertexts decrypt to the generated numbers");
        members.Should().AllSatisfy(m => m.HouseholdId.Should().Be(household.Id));
    }

    [Fact]
    public async Task A_member_is_found_by_the_keyed_hash_of_the_citizen_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var throwaway = PersonalDataVault.CreateRandom();
        var generated = new DemoCountyGenerator(throwaway).Generate(DemoSize.County).Single().Households.Skip(1_000).First().Members[0];
        var citizenId = throwaway.Decrypt(generated.CitizenIdCipher);
        await using var db = _demo.Database.CreateContext();

        var hash = _demo.Vault.LookupHash(citizenId);
        var found = await db.Members.AsNoTracking().Include(m => m.Household).SingleAsync(m => m.CitizenIdHash == hash, ct);

        found.Name.Should().Be(generated.Name);
        found.CitizenIdMasked.Should().Be(CitizenId.Mask(citizenId));
        found.Household!.MemberCount.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task EF_can_add_a_household_after_the_bulk_load()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = _demo.Database.CreateContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var maxId = await db.Households.OrderByDescending(h => h.Id).Select(h => h.Id).FirstAsync(ct);
        var village = await db.Areas.AsNoTracking().FirstAsync(a => a.Level == AreaLevel.Village, ct);

        var household = new Household(village.Code.Value[..12] + "9999", village.Code, null, HouseholdType.General, PovertyStatus.Exited, new DateOnly(2016, 5, 1), DateTimeOffset.UtcNow, "测试");
        household.AddMember("测试", CitizenId.Compose("522699", new DateOnly(1960, 1, 1), 991), Relation.Head, LabourAbility.Normal, Health.Healthy, Education.Primary, _demo.Vault);
        db.Households.Add(household);
        await db.SaveChangesAsync(ct);

        // The bulk writer sets explicit ids; the id generators must have been moved past them.
        household.Id.Value.Should().BeGreaterThan(maxId.Value);
        household.Members[0].Id.Value.Should().BeGreaterThan(0);
        await tx.RollbackAsync(ct);
    }

    [Fact]
    public async Task The_demo_load_writes_the_demo_accounts_and_an_intact_audit_chain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = _demo.Database.CreateContext();

        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var verification = await new AuditVerifier(db).VerifyAsync(ct);

        users.Select(u => (u.UserName, u.Role, u.ScopeCode.Value)).Should().Equal(
            ("admin", Core.Accounts.Role.CountyAdmin, "522699000000"),
            ("bank", Core.Accounts.Role.BankOfficer, "522699000000"),
            ("county", Core.Accounts.Role.CountyStaff, "522699000000"),
            ("supervisor", Core.Accounts.Role.Supervisor, "522699000000"),
            ("township", Core.Accounts.Role.TownshipOfficer, "522699001000"),
            ("village", Core.Accounts.Role.VillageOfficer, "522699001001"),
            ("village2", Core.Accounts.Role.VillageOfficer, "522699001002"));
        users.Should().AllSatisfy(u =>
        {
            u.MustChangePassword.Should().BeFalse("demo accounts keep their documented password");
            Core.Accounts.PasswordHashing.Verify(u.PasswordHash, DemoLoader.DemoPassword).Should().BeTrue();
        });
        verification.Intact.Should().BeTrue(verification.FirstBreak?.Problem);
        verification.Chains.Select(c => c.ChainKey).Should().Contain("522699");
        (await db.AuditEntries.CountAsync(a => a.Action == "import" && a.EntityType == "Household" && a.After!.Contains("\"households\":6279"), ct)).Should().Be(1);
    }

    [Fact]
    public async Task Loading_the_demo_county_twice_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = _demo.Database.CreateContext();

        var again = () => new DemoLoader(db, _demo.Vault, new AuditWriter(TimeProvider.System), TimeProvider.System).LoadAsync(DemoSize.County, null, ct);

        (await again.Should().ThrowAsync<ConflictException>()).Which.Code.Should().Be("demo.county_exists");
        (await db.Households.CountAsync(ct)).Should().Be(6_279);
    }
}

public sealed class SqliteDemoLoadTests(LoadedDemo<SqliteTestDatabase> demo) : DemoLoadTests<SqliteTestDatabase>(demo);

public sealed class PostgresDemoLoadTests(LoadedDemo<PostgresTestDatabase> demo) : DemoLoadTests<PostgresTestDatabase>(demo);

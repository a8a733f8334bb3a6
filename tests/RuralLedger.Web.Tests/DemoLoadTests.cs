using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Contracts;
using RuralLedger.Data.Credit;
using RuralLedger.Data.Demo;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Audit;
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
    public async Task The_demo_county_has_funds_projects_assets_contracts_and_certificates_that_add_up()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = _demo.Database.CreateContext();
        var assets = await db.Assets.AsNoTracking().AsSplitQuery().ToListAsync(ct);
        var contracts = await db.Contracts.AsNoTracking().AsSplitQuery().ToListAsync(ct);
        var certificates = await db.Certificates.AsNoTracking().ToListAsync(ct);
        var projects = await db.Projects.AsNoTracking().AsSplitQuery().ToListAsync(ct);
        var funds = await db.FundSources.AsNoTracking().ToListAsync(ct);
        var incomes = await db.AssetIncomes.AsNoTracking().ToListAsync(ct);
        var today = BusinessCalendar.Today(TimeProvider.System);

        funds.Count.Should().BeInRange(35, 50);
        funds.Select(f => f.Year).Should().Contain([2016, 2020, 2024]).And.OnlyContain(y => y >= 2016 && y <= 2024);
        funds.Select(f => f.Kind).Distinct().Count().Should().BeGreaterThanOrEqualTo(6);
        projects.Count.Should().BeInRange(35, 50);
        projects.Select(p => p.Status).Distinct().Should().BeEquivalentTo(Enum.GetValues<ProjectStatus>());
        projects.Select(p => p.Industry).Should().Contain([Industry.CamelliaOil, Industry.EdibleFungi, Industry.FineFruit, Industry.Pigs]);
        assets.Count.Should().BeInRange(200, 300);
        contracts.Count.Should().BeInRange(100, 130);
        certificates.Count.Should().BeInRange(120, 180);

        assets.Should().AllSatisfy(a =>
        {
            a.OriginalValue.Should().Be(Money.Sum(a.Funding.Select(f => f.Amount)), $"asset {a.Code}'s value is its funding");
            a.Shares.Sum(s => s.BasisPoints).Should().Be(10_000, $"asset {a.Code}'s shares make 100%");
            a.ProjectId.Should().NotBeNull();
        });
        assets.Count(a => a.Funding.Count > 1).Should().BeGreaterThan(50, "most assets have mixed funding");
        assets.Count(a => a.Shares.Count > 1).Should().BeGreaterThan(0, "some assets are jointly owned");
        assets.Count(a => a.Shares.Any(s => s.HolderKind == HolderKind.CountyCompany)).Should().BeGreaterThan(5);
        assets.Should().OnlyContain(a => a.SupervisionUnit != null && a.SupervisionPerson != null);
        foreach (var project in projects.Where(p => p.Status == ProjectStatus.Accepted))
        {
            var spent = assets.Where(a => a.ProjectId == project.Id).SelectMany(a => a.Funding).GroupBy(f => f.FundSourceId);
            spent.Should().AllSatisfy(g => project.Budget.Single(b => b.FundSourceId == g.Key).Amount.Should().BeGreaterThanOrEqualTo(Money.Sum(g.Select(f => f.Amount))));
        }

        contracts.Select(c => c.Mode).Distinct().Should().BeEquivalentTo(Enum.GetValues<OperationMode>());
        contracts.Select(c => c.Consideration).Distinct().Should().BeEquivalentTo(Enum.GetValues<ConsiderationKind>());
        contracts.Where(c => c.OperatorCreditCode != null).Should().OnlyContain(c => CreditCode.IsValid(c.OperatorCreditCode));
        contracts.Where(c => c.OperatorKind is OperatorKind.Enterprise or OperatorKind.Cooperative).Should().OnlyContain(c => c.OperatorCreditCode != null);
        contracts.Where(c => c.Mode == OperationMode.PublicContracting).Should().OnlyContain(c => c.Bids.Count >= 2 && c.Bids.Count(b => b.Won) == 1);
        contracts.Count(c => c.Status == ContractStatus.Terminated).Should().BeGreaterThanOrEqualTo(2);
        contracts.Count(c => c.ExpiresSoon(today)).Should().BeGreaterThanOrEqualTo(3);
        var active = contracts.Where(c => c.Status == ContractStatus.Active).ToList();
        active.Count(c => c.Receivables.Any(r => r.DueOn <= today) && ArrearsAging.Age(c.Receivables, today).Values.All(v => v == Money.Zero)).Should().BeGreaterThan(20, "many contracts are paid up");
        var aging = ArrearsAging.Buckets.ToDictionary(b => b, b => active.Count(c => ArrearsAging.Age(c.Receivables, today)[b] > Money.Zero));
        aging.Should().AllSatisfy(b => b.Value.Should().BeGreaterThan(0, $"some contract is in arrears {ArrearsAging.Label(b.Key)}"));
        // The arrears list holds real cases only: no contract owes a rounding remainder.
        active.Select(c => (c.Number, Owed: Money.Sum(ArrearsAging.Age(c.Receivables, today).Values)))
            .Where(c => c.Owed > Money.Zero)
            .Should().OnlyContain(c => c.Owed >= Money.FromYuan(100m), "a contract in arrears owes a real amount");

        // Every receipt is income of the contract's assets, to the fen.
        var receipts = contracts.SelectMany(c => c.Receipts.Select(r => (c.Id, r.Id, r.Amount))).ToList();
        receipts.Count.Should().BeGreaterThan(100);
        incomes.Should().OnlyContain(i => i.Kind == IncomeKind.ContractReceipt && i.ContractId != null);
        Money.Sum(incomes.Select(i => i.Amount)).Should().Be(Money.Sum(receipts.Select(r => r.Amount)));
        foreach (var (contractId, receiptId, amount) in receipts.Take(50))
        {
            Money.Sum(incomes.Where(i => i.ContractId == contractId && i.SourceId == receiptId).Select(i => i.Amount)).Should().Be(amount);
        }

        certificates.Should().OnlyContain(c => c.Number == $"522699-{c.Year}-{c.Sequence:D5}" && c.VerificationCode.Length == 26);
        certificates.Select(c => c.Number).Should().OnlyHaveUniqueItems();
        certificates.Count(c => c.Status == CertificateStatus.Revoked).Should().Be(1);
        certificates.Count(c => c.Status == CertificateStatus.Valid).Should().BeGreaterThan(100);

        // The seed's example, as data.
        var seedAsset = assets.Single(a => a.Name == DemoAssetGenerator.SeedBaseName);
        var seedProject = projects.Single(p => p.Id == seedAsset.ProjectId);
        seedProject.Villages.Select(v => v.VillageCode.Value).Should().BeEquivalentTo(["522699001001", "522699001002"]);
        seedProject.TownshipCode!.Value.Value.Should().Be("522699001000");
        seedAsset.TownshipCode!.Value.Value.Should().Be("522699001000");
        seedAsset.Shares.Should().ContainSingle().Which.Should().Match<AssetShare>(s =>
            s.HolderKind == HolderKind.CountyCompany && s.HolderName == "茶乡县扶贫开发投资有限责任公司" && s.BasisPoints == 10_000);
        seedAsset.Funding.Should().OnlyContain(f => funds.Single(x => x.Id == f.FundSourceId).Kind != FundSourceKind.Donation);
        var seedContract = contracts.Single(c => c.Assets.Any(a => a.AssetId == seedAsset.Id));
        seedContract.OperatorName.Should().Be("贵州茶乡康荣生态农业开发有限公司");
        seedContract.OperatorKind.Should().Be(OperatorKind.Enterprise);
        CreditCode.IsValid(seedContract.OperatorCreditCode).Should().BeTrue();
        var report = seedContract.Employment.Single(e => e.PoorPeople == 85);
        report.Wages.Should().Be(Money.FromYuan(2_000_000m));
        report.WagesToPoor.Should().Be(Money.FromYuan(406_700m));

        // The demo's repayments have their payer links (decision 0047): one per loan, account and payer, and nothing to rebuild.
        var triples = await db.Repayments.AsNoTracking().Select(r => new { r.LoanId, r.PayerAccountHash, r.PayerName }).Distinct().CountAsync(ct);
        triples.Should().BeGreaterThan(100);
        (await db.LoanPayerLinks.CountAsync(ct)).Should().Be(triples);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            (await PayerLinks.RebuildAsync(db, ct)).Should().Be((0, 0));
        }
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

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Data;

namespace RuralLedger.Architecture.Tests;

/// <summary>
/// Bank scope has no entity yet (the microcredit module brings the first), so the convention is shown on a tiny
/// model of its own: the same <see cref="ScopeConvention.Apply"/> the real context calls, on a real SQLite file.
/// </summary>
public sealed class ScopeConventionTests : IDisposable
{
    private static readonly DivisionCode County = DivisionCode.Parse("520102000000");
    private static readonly DivisionCode Township = DivisionCode.Parse("520102001000");
    private static readonly DivisionCode VillageOne = DivisionCode.Parse("520102001001");
    private static readonly DivisionCode VillageTwo = DivisionCode.Parse("520102001002");

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"scope-convention-{Guid.NewGuid():N}.db");

    public ScopeConventionTests()
    {
        using var db = Context(AccessContext.System("test"));
        db.Database.EnsureCreated();
        db.Loans.AddRange(
            new Loan("A-1", "BANK-A", VillageOne),
            new Loan("A-2", "BANK-A", VillageTwo),
            new Loan("A-county", "BANK-A", null),
            new Loan("B-1", "BANK-B", VillageOne));
        db.SaveChanges();
    }

    [Fact]
    public void A_bank_officer_sees_only_its_own_banks_records()
    {
        Names(Officer("BANK-A", County)).Should().Equal("A-1", "A-2", "A-county");
        Names(Officer("BANK-B", County)).Should().Equal("B-1");
    }

    [Fact]
    public void Area_scope_still_applies_to_a_bank_officer()
    {
        Names(Officer("BANK-A", VillageOne)).Should().Equal("A-1");
        Names(Officer("BANK-A", Township)).Should().Equal("A-1", "A-2");
        Names(Officer("BANK-A", DivisionCode.Parse("520103000000"))).Should().BeEmpty();
    }

    [Fact]
    public void Other_roles_see_every_banks_records_of_their_area()
    {
        Names(Signed(Role.CountyStaff, County, bankCode: null)).Should().Equal("A-1", "A-2", "A-county", "B-1");
        Names(Signed(Role.VillageOfficer, VillageOne, bankCode: null)).Should().Equal("A-1", "B-1");
    }

    [Fact]
    public void A_bank_officer_without_a_bank_code_sees_nothing()
    {
        Names(Officer(null, County)).Should().BeEmpty();
    }

    [Fact]
    public void Two_contexts_over_one_cached_model_each_follow_their_own_caller()
    {
        using var a = Context(Officer("BANK-A", County));
        using var b = Context(Officer("BANK-B", County));

        a.Loans.Count().Should().Be(3);
        b.Loans.Count().Should().Be(1);
        b.Loans.IgnoreQueryFilters().Count().Should().Be(4);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private static AccessContext Officer(string? bankCode, DivisionCode scope) => Signed(Role.BankOfficer, scope, bankCode);

    private static AccessContext Signed(Role role, DivisionCode scope, string? bankCode)
    {
        var access = new AccessContext();
        access.SignedIn(7, "tester", role, AreaScope.Of(scope), bankCode is null ? null : "某银行", bankCode);
        return access;
    }

    private string[] Names(AccessContext access)
    {
        using var db = Context(access);
        return [.. db.Loans.OrderBy(l => l.Name).Select(l => l.Name)];
    }

    private LoanContext Context(AccessContext access) =>
        new(new DbContextOptionsBuilder<LoanContext>().UseSqlite($"Data Source={_file}").Options, access);

    private sealed class Loan : IAreaScoped, IBankScoped
    {
        private Loan()
        {
            Name = "";
            CountyCode = "";
            BankCode = "";
        }

        public Loan(string name, string bankCode, DivisionCode? village)
        {
            Name = name;
            BankCode = bankCode;
            CountyCode = County.County;
            VillageCode = village;
            TownshipCode = village?.TownshipOf();
        }

        public long Id { get; private set; }

        public string Name { get; private set; }

        public string BankCode { get; private set; }

        public string CountyCode { get; private set; }

        public DivisionCode? TownshipCode { get; private set; }

        public DivisionCode? VillageCode { get; private set; }
    }

    private sealed class LoanContext(DbContextOptions<LoanContext> options, AccessContext access) : DbContext(options)
    {
        public AccessContext Access { get; } = access;

        public DbSet<Loan> Loans => Set<Loan>();

        protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
            configurationBuilder.Properties<DivisionCode>().HaveConversion<CodeConverter>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Loan>();
            ScopeConvention.Apply(modelBuilder, () => Access);
        }
    }
}

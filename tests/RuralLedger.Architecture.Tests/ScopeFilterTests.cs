using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Data;

namespace RuralLedger.Architecture.Tests;

/// <summary>
/// Every area-bound entity is scoped: an entity with a county, township or village key (a property named
/// *CountyCode/*TownshipCode/*VillageCode or typed <see cref="DivisionCode"/>) implements <see cref="IAreaScoped"/>
/// and carries a query filter, unless it is listed below with the reason its scope is different.
/// </summary>
public sealed class ScopeFilterTests
{
    private static readonly Dictionary<Type, string> Exempt = new()
    {
        // County reference data, filtered by county in RuralDbContext (any signed-in user of the county reads the rules).
        [typeof(DistributionRule)] = "county reference data with its own county filter",
        // Accounts: administrators see their county's accounts, everyone else only themselves.
        [typeof(User)] = "accounts, with their own filter",
        // The numbering counter (NumberSeries): a position in a series, not a record; written and read only by its
        // one atomic statement, never queried, so there is nothing to filter (decision 0016).
        [typeof(NumberSeriesCounter)] = "a counter, not a record",
    };

    [Theory]
    [MemberData(nameof(Models.Providers), MemberType = typeof(Models))]
    public void Every_area_bound_entity_has_a_scope_filter(string provider)
    {
        Unscoped(Models.Of(provider)).Where(e => !Exempt.ContainsKey(e.ClrType)).Select(e => e.ClrType.Name).Should().BeEmpty();
    }

    [Fact]
    public void The_exemptions_are_all_still_area_bound_entities()
    {
        Exempt.Keys.Where(t => Models.Sqlite.FindEntityType(t) is not { } e || !AreaBound(e)).Should().BeEmpty();
    }

    [Fact]
    public void The_check_flags_a_crafted_entity_without_a_filter()
    {
        using var db = new CraftedContext();

        Unscoped(db.Model).Select(e => e.ClrType.Name).Should().Equal(nameof(Unfiltered));
    }

    private static IEnumerable<IEntityType> Unscoped(IModel model) =>
        model.GetEntityTypes()
            .Where(e => !e.IsOwned() && AreaBound(e))
            .Where(e => !typeof(IAreaScoped).IsAssignableFrom(e.ClrType) || e.GetDeclaredQueryFilters().Count == 0)
            .OrderBy(e => e.ClrType.Name, StringComparer.Ordinal);

    private static bool AreaBound(IReadOnlyEntityType entity) =>
        entity.GetProperties().Any(p =>
            p.Name.EndsWith("CountyCode", StringComparison.Ordinal)
            || p.Name.EndsWith("TownshipCode", StringComparison.Ordinal)
            || p.Name.EndsWith("VillageCode", StringComparison.Ordinal)
            || (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType) == typeof(DivisionCode));

    private sealed class Filtered : IAreaScoped
    {
        public long Id { get; set; }

        public string CountyCode { get; set; } = "";

        public DivisionCode? TownshipCode { get; set; }

        public DivisionCode? VillageCode { get; set; }
    }

    // Area-bound by its village key, but declares no IAreaScoped: the convention can't see it.
    private sealed class Unfiltered
    {
        public long Id { get; set; }

        public DivisionCode VillageCode { get; set; }
    }

    private sealed class NotAreaBound
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";
    }

    private sealed class CraftedContext() : DbContext(new DbContextOptionsBuilder<CraftedContext>().UseSqlite("Data Source=:memory:").Options)
    {
        public AccessContext Access { get; } = AccessContext.System("architecture");

        protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
            configurationBuilder.Properties<DivisionCode>().HaveConversion<CodeConverter>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Filtered>();
            modelBuilder.Entity<Unfiltered>();
            modelBuilder.Entity<NotAreaBound>();
            ScopeConvention.Apply(modelBuilder, () => Access);
        }
    }
}

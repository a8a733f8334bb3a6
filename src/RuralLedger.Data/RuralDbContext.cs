using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Data;

/// <summary>
/// The one model of the system. Two provider-specific subclasses exist only so that each provider keeps
/// its own migration set (see docs/decisions/0002-one-model-two-migration-sets.md).
/// </summary>
public abstract class RuralDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Area> Areas => Set<Area>();

    public DbSet<Household> Households => Set<Household>();

    public DbSet<Member> Members => Set<Member>();

    public abstract DatabaseProvider Provider { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<AreaId>().HaveConversion<AreaIdConverter>();
        configurationBuilder.Properties<HouseholdId>().HaveConversion<HouseholdIdConverter>();
        configurationBuilder.Properties<MemberId>().HaveConversion<MemberIdConverter>();
        configurationBuilder.Properties<DivisionCode>().HaveConversion<DivisionCodeConverter>().HaveMaxLength(15);
        configurationBuilder.Properties<Money>().HaveConversion<MoneyConverter>();
        configurationBuilder.Properties<string>().HaveMaxLength(200);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RuralDbContext).Assembly);

        // snake_case columns on both providers: hand-written SQL (bulk writers, reports) reads the same everywhere.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class SqliteRuralDbContext(DbContextOptions<SqliteRuralDbContext> options) : RuralDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // AUTOINCREMENT: ids are never reused after a delete, so an audit entry can't come to point at another
        // row. Set explicitly because the convention skips keys with value converters (typed ids).
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var key in entity.FindPrimaryKey()?.Properties ?? [])
            {
                if (key.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd)
                {
                    modelBuilder.Entity(entity.ClrType).Property(key.Name).UseAutoincrement();
                }
            }
        }
    }
}

public sealed class PostgresRuralDbContext(DbContextOptions<PostgresRuralDbContext> options) : RuralDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

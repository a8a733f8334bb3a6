using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RuralLedger.Core.Accounts;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Sealing;

namespace RuralLedger.Data;

public static class StorageRegistration
{
    /// <summary>Registers the provider's context as <see cref="RuralDbContext"/>, the only type the app asks for.</summary>
    public static IServiceCollection AddRuralStorage(this IServiceCollection services, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var connection = storage.ResolveConnectionString();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AuditWriter>();
        services.AddSingleton(RowSealer.FromKeyFile(storage.ResolveKeyFile()));
        services.AddSingleton<AuditInterceptor>();
        services.AddScoped<AccessContext>();
        switch (storage.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<SqliteRuralDbContext>((sp, o) => ConfigureSqlite(o, connection).AddInterceptors(sp.GetRequiredService<AuditInterceptor>()));
                services.AddScoped<RuralDbContext>(sp => sp.GetRequiredService<SqliteRuralDbContext>());
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<PostgresRuralDbContext>((sp, o) => ConfigurePostgres(o, connection).AddInterceptors(sp.GetRequiredService<AuditInterceptor>()));
                services.AddScoped<RuralDbContext>(sp => sp.GetRequiredService<PostgresRuralDbContext>());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(storage), storage.Provider, "Unknown provider.");
        }
        services.AddSingleton(KeyFile.LoadOrCreate(storage.ResolveKeyFile()));
        return services;
    }

    /// <summary>A context outside dependency injection (CLI, tests), acting as <paramref name="access"/> and audited with <paramref name="clock"/>.</summary>
    public static RuralDbContext CreateContext(StorageOptions storage, AccessContext access, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return CreateContext(storage, access, clock, RowSealer.FromKeyFile(storage.ResolveKeyFile()));
    }

    private static RuralDbContext CreateContext(StorageOptions storage, AccessContext access, TimeProvider? clock, RowSealer sealer)
    {
        var connection = storage.ResolveConnectionString();
        var interceptor = new AuditInterceptor(new AuditWriter(clock ?? TimeProvider.System), sealer);
        return storage.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteRuralDbContext(Build<SqliteRuralDbContext>((o, c) => ConfigureSqlite(o, c).AddInterceptors(interceptor), connection), access),
            DatabaseProvider.Postgres => new PostgresRuralDbContext(Build<PostgresRuralDbContext>((o, c) => ConfigurePostgres(o, c).AddInterceptors(interceptor), connection), access),
            _ => throw new ArgumentOutOfRangeException(nameof(storage), storage.Provider, "Unknown provider."),
        };
    }

    /// <summary>
    /// Another context on the same database, acting as the same caller: for work that runs on several connections
    /// at once (plans for many counties). The caller disposes it.
    /// </summary>
    public static RuralDbContext CreateSibling(RuralDbContext db, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        var storage = new StorageOptions { Provider = db.Provider, ConnectionString = db.Database.GetConnectionString() };
        return CreateContext(storage, db.Access, clock, RowSeals.SealerOf(db));
    }

    internal static DbContextOptions<T> Build<T>(Func<DbContextOptionsBuilder, string, DbContextOptionsBuilder> configure, string connection) where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        configure(builder, connection);
        return builder.Options;
    }

    internal static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder o, string connection) =>
        o.UseSqlite(connection, s => s.MigrationsAssembly(typeof(RuralDbContext).Assembly.FullName)).AddInterceptors(SqliteSetup);

    private static readonly SqliteConnectionSetup SqliteSetup = new();

    internal static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder o, string connection) =>
        o.UseNpgsql(connection, s => s.MigrationsAssembly(typeof(RuralDbContext).Assembly.FullName));
}

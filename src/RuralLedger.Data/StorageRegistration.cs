using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace RuralLedger.Data;

public static class StorageRegistration
{
    /// <summary>Registers the provider's context as <see cref="RuralDbContext"/>, the only type the app asks for.</summary>
    public static IServiceCollection AddRuralStorage(this IServiceCollection services, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var connection = storage.ResolveConnectionString();
        switch (storage.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<SqliteRuralDbContext>(o => ConfigureSqlite(o, connection));
                services.AddScoped<RuralDbContext>(sp => sp.GetRequiredService<SqliteRuralDbContext>());
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContext<PostgresRuralDbContext>(o => ConfigurePostgres(o, connection));
                services.AddScoped<RuralDbContext>(sp => sp.GetRequiredService<PostgresRuralDbContext>());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(storage), storage.Provider, "Unknown provider.");
        }
        services.AddSingleton(KeyFile.LoadOrCreate(storage.ResolveKeyFile()));
        return services;
    }

    public static RuralDbContext CreateContext(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var connection = storage.ResolveConnectionString();
        return storage.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteRuralDbContext(Build<SqliteRuralDbContext>(ConfigureSqlite, connection)),
            DatabaseProvider.Postgres => new PostgresRuralDbContext(Build<PostgresRuralDbContext>(ConfigurePostgres, connection)),
            _ => throw new ArgumentOutOfRangeException(nameof(storage), storage.Provider, "Unknown provider."),
        };
    }

    internal static DbContextOptions<T> Build<T>(Func<DbContextOptionsBuilder, string, DbContextOptionsBuilder> configure, string connection) where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        configure(builder, connection);
        return builder.Options;
    }

    internal static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder o, string connection) =>
        o.UseSqlite(connection, s => s.MigrationsAssembly(typeof(RuralDbContext).Assembly.FullName));

    internal static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder o, string connection) =>
        o.UseNpgsql(connection, s => s.MigrationsAssembly(typeof(RuralDbContext).Assembly.FullName));
}

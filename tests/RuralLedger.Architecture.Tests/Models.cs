using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using RuralLedger.Core.Accounts;
using RuralLedger.Data;

namespace RuralLedger.Architecture.Tests;

/// <summary>The EF model of each provider, built without a database (reading the model opens no connection).</summary>
internal static class Models
{
    public static IModel Sqlite { get; } = Build<SqliteRuralDbContext>(o => o.UseSqlite("Data Source=:memory:"), o => new SqliteRuralDbContext(o, AccessContext.System("architecture")));

    public static IModel Postgres { get; } = Build<PostgresRuralDbContext>(o => o.UseNpgsql("Host=unused"), o => new PostgresRuralDbContext(o, AccessContext.System("architecture")));

    public static TheoryData<string> Providers => new("Sqlite", "Postgres");

    public static IModel Of(string provider) => provider == "Postgres" ? Postgres : Sqlite;

    private static IModel Build<T>(Action<DbContextOptionsBuilder<T>> use, Func<DbContextOptions<T>, T> create)
        where T : DbContext
    {
        var options = new DbContextOptionsBuilder<T>();
        use(options);
        using var db = create(options.Options);
        return db.Model;
    }
}

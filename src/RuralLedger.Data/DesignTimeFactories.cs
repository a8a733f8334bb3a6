using RuralLedger.Core.Accounts;
using Microsoft.EntityFrameworkCore.Design;

namespace RuralLedger.Data;

// Used only by `dotnet ef migrations add`; no database is opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteRuralDbContext>
{
    public SqliteRuralDbContext CreateDbContext(string[] args) =>
        new(StorageRegistration.Build<SqliteRuralDbContext>(StorageRegistration.ConfigureSqlite, "Data Source=design.db"), AccessContext.System("design"));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresRuralDbContext>
{
    public PostgresRuralDbContext CreateDbContext(string[] args) =>
        new(StorageRegistration.Build<PostgresRuralDbContext>(StorageRegistration.ConfigurePostgres, "Host=localhost;Database=design"), AccessContext.System("design"));
}

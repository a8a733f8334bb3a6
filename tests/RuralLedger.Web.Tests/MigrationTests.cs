using Microsoft.EntityFrameworkCore;
using RuralLedger.Data;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests;

/// <summary>The provider's own migration set, applied to an empty database, produces exactly the current model.</summary>
public abstract class MigrationTests<TDatabase> : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    protected TDatabase Database { get; }

    protected MigrationTests(TDatabase database)
    {
        Assert.SkipWhen(database.Unavailable is not null, database.Unavailable ?? "");
        Database = database;
    }

    [Fact]
    public async Task Migrating_an_empty_database_leaves_nothing_pending()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = Database.CreateContext();

        (await db.Database.GetAppliedMigrationsAsync(ct)).Should().BeEmpty("the database is new");
        await db.Database.MigrateAsync(ct);

        db.Database.HasPendingModelChanges().Should().BeFalse("the model snapshot of this provider's migration set matches the model");
        (await db.Database.GetPendingMigrationsAsync(ct)).Should().BeEmpty();
        (await db.Database.GetAppliedMigrationsAsync(ct)).Should().Equal(db.Database.GetMigrations());
        db.Database.GetMigrations().Should().NotBeEmpty();

        var tableQuery = db.Provider switch
        {
            DatabaseProvider.Sqlite => "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'",
            DatabaseProvider.Postgres => "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'",
        };
        var tables = await db.Database.SqlQueryRaw<string>(tableQuery).ToListAsync(ct);
        tables.Should().Contain(["areas", "households", "household_status_changes", "members", "users", "audit_log", "__EFMigrationsHistory"]);

        // Applying again is a no-op.
        await db.Database.MigrateAsync(ct);
        (await db.Database.GetAppliedMigrationsAsync(ct)).Should().Equal(db.Database.GetMigrations());
    }
}

public sealed class SqliteMigrationTests(SqliteTestDatabase database) : MigrationTests<SqliteTestDatabase>(database)
{
    [Fact]
    public void Uses_the_sqlite_migration_set()
    {
        using var db = Database.CreateContext();

        db.Should().BeOfType<SqliteRuralDbContext>();
        db.Database.GetMigrations().Should().Contain("20261125094432_Initial");
        db.Database.GetMigrations().Should().NotContain("20261125094439_Initial", "that is the PostgreSQL set's migration");
    }
}

public sealed class PostgresMigrationTests(PostgresTestDatabase database) : MigrationTests<PostgresTestDatabase>(database)
{
    [Fact]
    public void Uses_the_postgres_migration_set()
    {
        using var db = Database.CreateContext();

        db.Should().BeOfType<PostgresRuralDbContext>();
        db.Database.GetMigrations().Should().Contain("20261125094439_Initial");
        db.Database.GetMigrations().Should().NotContain("20261125094432_Initial", "that is the SQLite set's migration");
    }
}

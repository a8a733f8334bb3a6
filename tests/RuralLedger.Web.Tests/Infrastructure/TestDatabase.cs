using Microsoft.Data.Sqlite;
using RuralLedger.Core.Accounts;
using RuralLedger.Data;

namespace RuralLedger.Web.Tests.Infrastructure;

/// <summary>
/// A fresh database for one test class, on a real engine, with its own data folder (key file, SQLite file): empty
/// (<see cref="InitializeAsync"/>) or a copy of the prepared demo county (<see cref="InitializeFromDemoAsync"/>).
/// <see cref="Unavailable"/> says why it could not be had; tests then skip (outside CI) — in CI the fixture fails instead.
/// </summary>
public abstract class TestDatabase : IAsyncLifetime
{
    protected TestDatabase()
    {
        DataFolder = Path.Combine(Path.GetTempPath(), "rl-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
    }

    public abstract DatabaseProvider Provider { get; }

    public string ConnectionString { get; protected set; } = "";

    public string DataFolder { get; }

    public string KeyFile => Path.Combine(DataFolder, "keys", "personal-data.key");

    public string? Unavailable { get; protected set; }

    public StorageOptions Storage => new()
    {
        Provider = Provider,
        ConnectionString = ConnectionString,
        DataFolder = DataFolder,
        KeyFile = KeyFile,
        AutoMigrate = true,
    };

    /// <summary>
    /// A context on this database, outside any app (for arranging and for checking what the app wrote). Acts as a
    /// system job (sees every county) unless <paramref name="access"/> says otherwise; its writes are audited.
    /// </summary>
    public RuralDbContext CreateContext(AccessContext? access = null, TimeProvider? clock = null) =>
        StorageRegistration.CreateContext(Storage, access ?? AccessContext.System("test"), clock);

    /// <summary>Creates the database empty.</summary>
    public abstract ValueTask InitializeAsync();

    /// <summary>
    /// Creates the database as a copy of the demo county the app's first start writes (see <see cref="PreparedDemo"/>),
    /// with the key file its personal data is encrypted with. A provider without a copy starts empty, and the app
    /// loads the demo itself.
    /// </summary>
    public virtual ValueTask InitializeFromDemoAsync() => InitializeAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a host that is shutting down; the temp folder is cleaned by the system.
        }
        return ValueTask.CompletedTask;
    }

    protected static bool RunningInCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A SQLite file in a temporary folder.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string DatabaseFile => Path.Combine(DataFolder, "ruralledger.db");

    public override ValueTask InitializeAsync()
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = DatabaseFile }.ToString();
        return ValueTask.CompletedTask;
    }

    public override async ValueTask InitializeFromDemoAsync()
    {
        await InitializeAsync();
        await PreparedDemo.RestoreSqliteAsync(DataFolder);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return base.DisposeAsync();
    }
}

/// <summary>
/// A database rl_test_&lt;guid&gt; created on the server named by RURAL_TEST_PG (a connection string to the
/// database "postgres") and dropped afterwards.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    public const string ServerVariable = PostgresServer.Variable;

    private string? _server;
    private string? _name;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override ValueTask InitializeAsync() => CreateAsync(fromDemo: false);

    public override ValueTask InitializeFromDemoAsync() => CreateAsync(fromDemo: true);

    private async ValueTask CreateAsync(bool fromDemo)
    {
        _server = PostgresServer.Find(out var unavailable);
        if (_server is null)
        {
            Unavailable = unavailable;
            return;
        }
        _name = "rl_test_" + Guid.NewGuid().ToString("N");
        if (fromDemo)
        {
            await PreparedDemo.RestorePostgresAsync(_server, _name, DataFolder);
        }
        else
        {
            await PostgresServer.CreateDatabaseAsync(_server, _name);
        }
        ConnectionString = PostgresServer.ConnectionTo(_server, _name);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_server is not null && _name is not null)
        {
            await PostgresServer.DropDatabaseAsync(_server, _name);
        }
        await base.DisposeAsync();
    }
}

using Microsoft.Data.Sqlite;
using Npgsql;
using RuralLedger.Core.Accounts;
using RuralLedger.Data;

namespace RuralLedger.Web.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test class, on a real engine, with its own data folder (key file, SQLite file).
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

    public abstract ValueTask InitializeAsync();

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
    public const string ServerVariable = "RURAL_TEST_PG";

    private string? _server;
    private string? _name;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async ValueTask InitializeAsync()
    {
        _server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(_server))
        {
            var reason = $"{ServerVariable} is not set: PostgreSQL tests need a Npgsql connection string to a server's \"postgres\" database, e.g. Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres";
            if (RunningInCi)
            {
                throw new InvalidOperationException($"CI=true but {reason}. The PostgreSQL tests must run in CI.");
            }
            Unavailable = reason;
            return;
        }
        _name = "rl_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(_server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ToString();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_server is not null && _name is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        await base.DisposeAsync();
    }
}

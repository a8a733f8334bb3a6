using Microsoft.EntityFrameworkCore;
using Npgsql;
using RuralLedger.Core.Accounts;
using RuralLedger.Data.Demo;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Audit;

namespace RuralLedger.Bench;

/// <summary>
/// A loaded demo kept between bench runs, for whoever measures the same thing many times: set
/// RURAL_BENCH_DEMO_CACHE to a folder. SQLite keeps a copy of the loaded file there; PostgreSQL keeps a template
/// database (rural_bench_demo_&lt;size&gt;) that each run's scratch database is created from. Loading the demo is never
/// part of a timed figure, so the figures don't change, only the waiting. Delete the folder and drop the template
/// after changing the demo generator; pending migrations are applied on top as usual.
/// </summary>
internal static class DemoCache
{
    public const string Variable = "RURAL_BENCH_DEMO_CACHE";

    private static string? Folder => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } f ? f : null;

    private static string FileFor(DemoSize size) => Path.Combine(Folder!, $"demo-{size.ToString().ToLowerInvariant()}.db");

    private static string TemplateFor(DemoSize size) => $"rural_bench_demo_{size.ToString().ToLowerInvariant()}";

    /// <summary>SQLite: copies a cached demo into <paramref name="dataFolder"/>; false if there is none to copy.</summary>
    public static bool TryRestoreSqlite(DemoSize size, string dataFolder)
    {
        if (Folder is null || !File.Exists(FileFor(size)))
        {
            return false;
        }
        File.Copy(FileFor(size), Path.Combine(dataFolder, "ruralledger.db"));
        return true;
    }

    /// <summary>
    /// SQLite: puts the key the cached demo was sealed with into <paramref name="dataFolder"/>, for a bench that verifies
    /// the seals; false if none was kept (then every row reads as changed under a new key).
    /// </summary>
    public static bool TryRestoreSqliteKey(DemoSize size, string dataFolder)
    {
        if (Folder is null || !File.Exists(FileFor(size) + ".key"))
        {
            return false;
        }
        var key = new StorageOptions { DataFolder = dataFolder }.ResolveKeyFile();
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        File.Copy(FileFor(size) + ".key", key, overwrite: true);
        return true;
    }

    /// <summary>SQLite: keeps the freshly loaded demo for the next run, with the key it was sealed with, if a cache folder is set.</summary>
    public static async Task SaveSqliteAsync(RuralDbContext db, DemoSize size, string dataFolder, CancellationToken ct)
    {
        if (Folder is null)
        {
            return;
        }
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", ct);
        Directory.CreateDirectory(Folder);
        File.Copy(Path.Combine(dataFolder, "ruralledger.db"), FileFor(size), overwrite: true);
        var key = new StorageOptions { DataFolder = dataFolder }.ResolveKeyFile();
        if (File.Exists(key))
        {
            File.Copy(key, FileFor(size) + ".key", overwrite: true);
        }
    }

    /// <summary>
    /// PostgreSQL: the key file the template database is sealed with, kept in the cache folder (none without a cache: the
    /// bench's own context then loads the demo and seals with its default key). Set it on the scratch database's storage.
    /// </summary>
    public static string? PostgresKeyFile(DemoSize size) => Folder is null ? null : Path.Combine(Folder, $"demo-{size.ToString().ToLowerInvariant()}-postgres.key");

    /// <summary>
    /// PostgreSQL: creates the scratch database, from the cached demo when a cache is set (loading it into the
    /// template first if needed). True when the scratch database already holds the demo.
    /// </summary>
    public static async Task<bool> CreatePostgresAsync(string adminConnection, string scratch, DemoSize size, CancellationToken ct)
    {
        if (Folder is null)
        {
            await AdminAsync(adminConnection, $"CREATE DATABASE {scratch}", ct);
            return false;
        }
        var template = TemplateFor(size);
        if (!await TemplateExistsAsync(adminConnection, template, ct))
        {
            await AdminAsync(adminConnection, $"CREATE DATABASE {template}", ct);
            var storage = new StorageOptions
            {
                Provider = DatabaseProvider.Postgres,
                ConnectionString = new NpgsqlConnectionStringBuilder(adminConnection) { Database = template, Pooling = false }.ConnectionString,
                KeyFile = PostgresKeyFile(size),
            };
            await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"));
            await db.Database.MigrateAsync(ct);
            await new DemoLoader(db, PersonalDataVault.CreateRandom(), new AuditWriter(TimeProvider.System), TimeProvider.System).LoadAsync(size, progress: null, ct);
        }
        NpgsqlConnection.ClearAllPools();
        await AdminAsync(adminConnection, $"CREATE DATABASE {scratch} TEMPLATE {template}", ct);
        return true;
    }

    /// <summary>PostgreSQL: whether a database of that name (a cache's template) exists on the server.</summary>
    public static async Task<bool> TemplateExistsAsync(string adminConnection, string template, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(adminConnection);
        await connection.OpenAsync(ct);
        await using var query = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", connection);
        query.Parameters.AddWithValue("name", template);
        return (bool)(await query.ExecuteScalarAsync(ct))!;
    }

    public static async Task AdminAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}

using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;
using RuralLedger.Data;

[assembly: AssemblyFixture(typeof(RuralLedger.Web.Tests.Infrastructure.PreparedDemo.Cleanup))]

namespace RuralLedger.Web.Tests.Infrastructure;

/// <summary>
/// The demo county as the app's first start leaves it (migrations, the county with its assets, the demo accounts),
/// prepared once per test process and provider by the first test class that asks, then copied for each class:
/// SQLite by copying the data folder, PostgreSQL by <c>CREATE DATABASE … TEMPLATE</c>. Loading the demo takes about
/// 25 s, a copy well under one. The data folder travels with every copy because the personal data in the database
/// is encrypted with the key in its keys/personal-data.key.
/// </summary>
public static class PreparedDemo
{
    // Task.Run: the first start blocks its thread until the app serves; the classes waiting meanwhile only await.
    private static readonly Lazy<Task<string>> Sqlite = new(() => Task.Run(PrepareSqliteAsync));
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Postgres = new();
    private static readonly ConcurrentBag<string> Folders = [];
    private static readonly ConcurrentBag<(string Server, string Database)> Templates = [];

    private const string DatabaseFile = "ruralledger.db";

    /// <summary>Fills <paramref name="dataFolder"/> with a copy of the prepared SQLite demo (ruralledger.db and its key file).</summary>
    public static async Task RestoreSqliteAsync(string dataFolder)
    {
        var template = await Sqlite.Value;
        CopyFolder(template, dataFolder);
    }

    /// <summary>Creates <paramref name="database"/> on <paramref name="server"/> as a copy of the prepared demo, and its key file in <paramref name="dataFolder"/>.</summary>
    public static async Task RestorePostgresAsync(string server, string database, string dataFolder)
    {
        var template = await Postgres.GetOrAdd(server, s => new Lazy<Task<string>>(() => Task.Run(() => PreparePostgresAsync(s)))).Value;
        await PostgresServer.CreateDatabaseAsync(server, database, Template(template));
        CopyFolder(template, dataFolder);
    }

    private static async Task<string> PrepareSqliteAsync()
    {
        var folder = NewFolder("rl-demo-sqlite-");
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, DatabaseFile) }.ToString();
        await FirstStartAsync(new StorageOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = connection, DataFolder = folder, KeyFile = KeyFile(folder) });
        SqliteConnection.ClearAllPools();
        // The whole demo into the main file, so that a copy of the folder is a consistent database.
        await using (var last = new SqliteConnection(connection + ";Pooling=False"))
        {
            await last.OpenAsync();
            await using var checkpoint = last.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }
        return folder;
    }

    private static async Task<string> PreparePostgresAsync(string server)
    {
        var folder = NewFolder("rl-demo-postgres-");
        var database = Template(folder);
        Templates.Add((server, database));
        await PostgresServer.CreateDatabaseAsync(server, database);
        await FirstStartAsync(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = PostgresServer.ConnectionTo(server, database), DataFolder = folder, KeyFile = KeyFile(folder) });
        // CREATE DATABASE … TEMPLATE refuses a source that has sessions: none may stay open, and none may come later.
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.ExecuteAsync(server, $"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS false");
        await PostgresServer.ExecuteAsync(server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        return folder;
    }

    /// <summary>Starts the app once on the empty database, as an operator's first start: it migrates and loads the demo before serving.</summary>
    private static async Task FirstStartAsync(StorageOptions storage)
    {
        await using var app = new AppFactory(storage);
        app.UseKestrel(0);
        app.StartServer();
    }

    /// <summary>rl_template_&lt;guid&gt; of the template whose data folder is <paramref name="folder"/>.</summary>
    private static string Template(string folder) => "rl_template_" + Path.GetFileName(folder)[^32..];

    private static string KeyFile(string folder) => Path.Combine(folder, "keys", "personal-data.key");

    private static string NewFolder(string prefix)
    {
        var folder = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Folders.Add(folder);
        return folder;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Drops the templates and their folders when the test process is done.</summary>
    public sealed class Cleanup : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var (server, database) in Templates)
            {
                await PostgresServer.DropDatabaseAsync(server, database);
            }
            foreach (var folder in Folders)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // Left to the system's temp cleaning.
                }
            }
        }
    }
}

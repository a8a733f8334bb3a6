using Npgsql;

namespace RuralLedger.Web.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests run against, named by RURAL_TEST_PG (a Npgsql connection string to its
/// "postgres" database), and the one place where test databases are created and dropped.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "RURAL_TEST_PG";

    /// <summary>
    /// The server's connection string, or null with <paramref name="unavailable"/> saying why; tests then skip. In CI
    /// a missing server is an error instead, since the PostgreSQL tests must run there.
    /// </summary>
    public static string? Find(out string? unavailable)
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(server))
        {
            unavailable = null;
            return server;
        }
        var reason = $"{Variable} is not set: PostgreSQL tests need a Npgsql connection string to a server's \"postgres\" database, e.g. Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"CI=true but {reason}. The PostgreSQL tests must run in CI.");
        }
        unavailable = reason;
        return null;
    }

    /// <summary>The connection string of <paramref name="database"/> on <paramref name="server"/>.</summary>
    public static string ConnectionTo(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();

    /// <summary>Creates <paramref name="database"/>, empty or as a copy of <paramref name="template"/> (which must have no open connection).</summary>
    public static Task CreateDatabaseAsync(string server, string database, string? template = null) =>
        ExecuteAsync(server, template is null ? $"CREATE DATABASE \"{database}\"" : $"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"");

    /// <summary>Drops <paramref name="database"/>, closing the pooled connections of this process and any other session on it.</summary>
    public static Task DropDatabaseAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        return ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    internal static async Task ExecuteAsync(string server, string sql)
    {
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}

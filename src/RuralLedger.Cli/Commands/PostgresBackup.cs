using System.Diagnostics;
using Npgsql;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Cli.Commands;

/// <summary>
/// The PostgreSQL half of `rural backup` / `rural restore` (decision 0032): <c>pg_dump -Fc</c> (one snapshot, consistent
/// while the app writes) and <c>pg_restore</c>. A dump can't be opened in place, so both commands verify it the only
/// faithful way: restored into a scratch database beside the live one, where the key check and the audit chains run.
/// A restore then drops the live database and renames the verified scratch copy in its place — what was checked is
/// exactly what goes live. The role needs CREATEDB; the app must be stopped (a live connection makes the drop fail).
/// </summary>
internal static class PostgresBackup
{
    public const string DumpFile = "ruralledger.dump";

    public static async Task DumpAsync(StorageOptions options, string folder, CancellationToken ct)
    {
        var target = Builder(options);
        await RunAsync("pg_dump", target, ["--format=custom", "--no-owner", "--no-privileges", "--file", Path.Combine(folder, DumpFile)], ct);
    }

    /// <summary>A new database next to the live one with the dump restored into it; the caller drops it (<see cref="DropAsync"/>).</summary>
    public static async Task<StorageOptions> RestoreToScratchAsync(StorageOptions options, string folder, CancellationToken ct)
    {
        var live = Builder(options);
        var name = Scratch(live.Database!);
        await ExecuteAsync(live, $"CREATE DATABASE \"{name}\"", ct);
        var scratch = new NpgsqlConnectionStringBuilder(live.ConnectionString) { Database = name };
        await RunAsync("pg_restore", scratch, ["--no-owner", "--no-privileges", "--exit-on-error", "--dbname", name, Path.Combine(folder, DumpFile)], ct);
        return new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = scratch.ConnectionString, DataFolder = options.DataFolder, KeyFile = options.KeyFile };
    }

    public static async Task DropAsync(StorageOptions scratch)
    {
        NpgsqlConnection.ClearAllPools();
        var builder = Builder(scratch);
        await ExecuteAsync(builder, $"DROP DATABASE IF EXISTS \"{builder.Database}\"", CancellationToken.None);
    }

    /// <summary>True when the live database exists and holds tables: a restore over it needs --force.</summary>
    public static async Task<bool> HasDataAsync(StorageOptions options, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Builder(options).ConnectionString);
            await connection.OpenAsync(ct);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
            return (long)(await count.ExecuteScalarAsync(ct))! > 0;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return false;
        }
    }

    /// <summary>Drops the live database and renames the verified scratch database in its place.</summary>
    public static async Task ReplaceAsync(StorageOptions options, StorageOptions scratch, CancellationToken ct)
    {
        NpgsqlConnection.ClearAllPools();
        var live = Builder(options);
        var copy = Builder(scratch);
        try
        {
            await ExecuteAsync(live, $"DROP DATABASE IF EXISTS \"{live.Database}\"", ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
        {
            throw new DomainException("restore.database_in_use", $"数据库 {live.Database} 仍有连接（应用未停止？）。请先停止应用再恢复。");
        }
        await ExecuteAsync(live, $"ALTER DATABASE \"{copy.Database}\" RENAME TO \"{live.Database}\"", ct);
    }

    private static NpgsqlConnectionStringBuilder Builder(StorageOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ResolveConnectionString()) { Pooling = false };
        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new DomainException("backup.no_database", "PostgreSQL 连接字符串须指定 Database。");
        }
        return builder;
    }

    /// <summary>Statements on databases themselves run from the maintenance database.</summary>
    private static async Task ExecuteAsync(NpgsqlConnectionStringBuilder any, string sql, CancellationToken ct)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(any.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string Scratch(string live)
    {
        var suffix = "_r" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        return (live.Length + suffix.Length > 63 ? live[..(63 - suffix.Length)] : live) + suffix;
    }

    /// <summary>Runs a PostgreSQL client tool with the connection in libpq's environment (the password never on the command line).</summary>
    private static async Task RunAsync(string tool, NpgsqlConnectionStringBuilder connection, string[] args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(ToolPath(tool)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = connection.Database;
        if (connection.Username is { } user)
        {
            start.Environment["PGUSER"] = user;
        }
        if (connection.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }
        using var process = Process.Start(start)
            ?? throw new DomainException("backup.pg_tool", $"无法启动 {tool}。");
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new DomainException("backup.pg_tool_failed", $"{tool} 失败（退出码 {process.ExitCode}）：{(await error).Trim()}");
        }
    }

    /// <summary>The newest installed server version's tools (a dump must come from a pg_dump at least as new as the server), else PATH.</summary>
    private static string ToolPath(string tool)
    {
        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var newest = Directory.GetDirectories(root)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Dir, "bin", tool)))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin", tool))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(p => Path.Combine(p, tool))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new DomainException("backup.pg_tool_missing",
            $"找不到 {tool}：请安装 PostgreSQL 客户端（如 apt-get install postgresql-client），或把其 bin 目录加入 PATH。");
    }
}

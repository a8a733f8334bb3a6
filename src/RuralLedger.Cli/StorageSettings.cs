using System.CommandLine;
using RuralLedger.Data;

namespace RuralLedger.Cli;

/// <summary>
/// The storage options every command takes. Each falls back to the environment variable the web app reads
/// through ASP.NET configuration (Storage__Provider, …), so one environment serves both; an option on the
/// command line wins.
/// </summary>
internal sealed class StorageSettings
{
    public Option<string?> Provider { get; } = new("--provider")
    {
        Description = "数据库类型：sqlite 或 postgres（环境变量 Storage__Provider，默认 sqlite）/ database provider",
        HelpName = "sqlite|postgres",
        Recursive = true,
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "数据库连接字符串（Storage__ConnectionString；SQLite 默认为数据目录下的 ruralledger.db）/ connection string",
        HelpName = "string",
        Recursive = true,
    };

    public Option<string?> Data { get; } = new("--data")
    {
        Description = "数据目录（Storage__DataFolder，默认 data）/ data folder",
        HelpName = "folder",
        Recursive = true,
    };

    public Option<string?> KeyFile { get; } = new("--key-file")
    {
        Description = "个人信息密钥文件（Storage__KeyFile，默认 <数据目录>/keys/personal-data.key）/ personal-data key file",
        HelpName = "path",
        Recursive = true,
    };

    public StorageSettings()
    {
        Provider.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "sqlite", "postgres");
    }

    public void AddTo(Command root)
    {
        root.Add(Provider);
        root.Add(Connection);
        root.Add(Data);
        root.Add(KeyFile);
    }

    public StorageOptions Resolve(ParseResult parse)
    {
        var options = new StorageOptions();
        var provider = parse.GetValue(Provider) ?? Environment.GetEnvironmentVariable("Storage__Provider");
        if (!string.IsNullOrWhiteSpace(provider))
        {
            options.Provider = Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var p) && Enum.IsDefined(p)
                ? p
                : throw new ArgumentException($"未知的数据库类型“{provider}”，应为 sqlite 或 postgres。");
        }
        options.ConnectionString = FirstSet(parse.GetValue(Connection), "Storage__ConnectionString") ?? options.ConnectionString;
        options.DataFolder = FirstSet(parse.GetValue(Data), "Storage__DataFolder") ?? options.DataFolder;
        options.KeyFile = FirstSet(parse.GetValue(KeyFile), "Storage__KeyFile") ?? options.KeyFile;
        return options;
    }

    private static string? FirstSet(string? option, string environmentVariable)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return option;
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(environmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment;
    }
}

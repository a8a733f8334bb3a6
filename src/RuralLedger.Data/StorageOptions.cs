namespace RuralLedger.Data;

/// <summary>
/// Where the data lives. Bound from the "Storage" configuration section (environment: Storage__Provider, …).
/// The embedded default is a SQLite file in <see cref="DataFolder"/>.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty means the SQLite file ruralledger.db in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    public string DataFolder { get; set; } = "data";

    /// <summary>Empty means keys/personal-data.key in <see cref="DataFolder"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Apply pending migrations when the web app starts (the embedded default does; a shared server may prefer `rural db migrate`).</summary>
    public bool AutoMigrate { get; set; } = true;

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }
        if (Provider == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException("Storage:ConnectionString is required when Storage:Provider is Postgres.");
        }
        Directory.CreateDirectory(DataFolder);
        return $"Data Source={Path.Combine(DataFolder, "ruralledger.db")}";
    }

    public string ResolveKeyFile() =>
        string.IsNullOrWhiteSpace(KeyFile) ? Path.Combine(DataFolder, "keys", "personal-data.key") : KeyFile;
}

using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Sealing;

namespace RuralLedger.Cli.Commands;

/// <summary>
/// `rural backup --to DIR` and `rural restore --from DIR` (decisions 0030, 0032): the database through SQLite's online
/// backup API or PostgreSQL's pg_dump (<see cref="PostgresBackup"/>; each a consistent copy while the app writes), the key file beside it (the database is unreadable without
/// it, decision 0004), and a manifest with each file's SHA-256, the key's fingerprint and the audit chain heads.
/// A restore checks all of that on the backup before it touches the live data folder, and refuses a backup whose files
/// changed, whose key does not open its database, or whose audit chain is broken.
/// </summary>
internal static class BackupCommand
{
    private const string DatabaseFile = "ruralledger.db";
    private const string KeyFileName = "personal-data.key";
    private const string ManifestFile = "manifest.json";

    private sealed record Manifest(int Format, DateTimeOffset CreatedAt, string Provider, Dictionary<string, string> Sha256, string KeyFingerprint, Dictionary<string, string> AuditHeads);

    public static IEnumerable<Command> Create(StorageSettings storage)
    {
        var to = new Option<string>("--to") { Description = "备份目录（须不存在或为空）/ backup folder (new or empty)", Required = true };
        var backup = new Command("backup", "在线备份数据库（SQLite 在线备份；PostgreSQL 用 pg_dump）与密钥文件，附校验清单 / back up the database and the key file with a manifest") { to };
        backup.SetAction(async (parse, ct) =>
        {
            var options = storage.Resolve(parse);
            var postgres = options.Provider == DatabaseProvider.Postgres;
            var folder = Path.GetFullPath(parse.GetRequiredValue(to));
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                throw new DomainException("backup.folder_not_empty", $"备份目录 {folder} 不是空的；请指定新目录。");
            }
            Directory.CreateDirectory(folder);
            if (postgres)
            {
                await PostgresBackup.DumpAsync(options, folder, ct);
            }
            else
            {
                await using var source = new SqliteConnection(options.ResolveConnectionString());
                await using var target = new SqliteConnection(Connection(Path.Combine(folder, DatabaseFile)));
                await source.OpenAsync(ct);
                await target.OpenAsync(ct);
                source.BackupDatabase(target);
            }
            File.Copy(options.ResolveKeyFile(), Path.Combine(folder, KeyFileName));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(folder, KeyFileName), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var (fingerprint, heads) = postgres ? await VerifyDumpAsync(options, folder, ct) : await VerifyCopyAsync(folder, ct);
            var dataFile = postgres ? PostgresBackup.DumpFile : DatabaseFile;
            var manifest = new Manifest(1, DateTimeOffset.UtcNow, options.Provider.ToString(),
                new Dictionary<string, string> { [dataFile] = Sha256Of(Path.Combine(folder, dataFile)), [KeyFileName] = Sha256Of(Path.Combine(folder, KeyFileName)) },
                fingerprint, heads);
            await File.WriteAllTextAsync(Path.Combine(folder, ManifestFile), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }), ct);
            Console.WriteLine($"备份完成：{folder}（数据库、密钥文件、清单 {ManifestFile}；审计链 {heads.Count} 条，已校验）。");
            Console.WriteLine("注意：备份目录含个人信息密钥，请按密钥的保密要求保管（加密介质、离线存放、限制访问）。 / The backup holds the personal-data key: keep it as secret as the key.");
            return 0;
        });

        var from = new Option<string>("--from") { Description = "备份目录 / backup folder", Required = true };
        var force = new Option<bool>("--force") { Description = "覆盖现有数据库与密钥文件（须先停止应用）/ replace the existing database and key (stop the app first)" };
        var restore = new Command("restore", "校验备份（校验和、密钥、审计链）后恢复到数据目录；须先停止应用 / verify a backup, then restore it (app stopped)") { from, force };
        restore.SetAction(async (parse, ct) =>
        {
            var options = storage.Resolve(parse);
            var folder = Path.GetFullPath(parse.GetRequiredValue(from));
            var manifestPath = Path.Combine(folder, ManifestFile);
            if (!File.Exists(manifestPath))
            {
                throw new DomainException("restore.no_manifest", $"{folder} 中没有备份清单 {ManifestFile}，不是 rural backup 生成的备份。");
            }
            var manifest = JsonSerializer.Deserialize<Manifest>(await File.ReadAllTextAsync(manifestPath, ct))
                ?? throw new DomainException("restore.no_manifest", $"备份清单 {manifestPath} 是空的。");
            foreach (var (file, sha) in manifest.Sha256)
            {
                var path = Path.Combine(folder, Path.GetFileName(file));
                if (!File.Exists(path) || Sha256Of(path) != sha)
                {
                    throw new DomainException("restore.checksum", $"备份文件 {file} 缺失或与清单的校验和不符（已被改动或损坏），拒绝恢复。");
                }
            }
            if (!string.Equals(manifest.Provider, options.Provider.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                throw new DomainException("restore.provider_mismatch", $"这是 {manifest.Provider} 的备份，不能恢复到 {options.Provider} 数据库。");
            }
            if (options.Provider == DatabaseProvider.Postgres)
            {
                return await RestorePostgresAsync(options, folder, manifest, parse.GetValue(force), ct);
            }
            var (fingerprint, heads) = await VerifyCopyAsync(folder, ct);
            Compare(manifest, fingerprint, heads);
            var databasePath = new SqliteConnectionStringBuilder(options.ResolveConnectionString()).DataSource;
            var keyPath = options.ResolveKeyFile();
            if (!parse.GetValue(force) && (File.Exists(databasePath) || File.Exists(keyPath)))
            {
                throw new DomainException("restore.target_exists", $"{databasePath} 或 {keyPath} 已存在。请先停止应用并确认要覆盖，再加 --force 重新执行。");
            }
            await using (var source = new SqliteConnection(Connection(Path.Combine(folder, DatabaseFile))))
            await using (var target = new SqliteConnection(Connection(databasePath)))
            {
                await source.OpenAsync(ct);
                await target.OpenAsync(ct);
                source.BackupDatabase(target);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyPath))!);
            File.Copy(Path.Combine(folder, KeyFileName), keyPath, overwrite: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"恢复完成：{databasePath} 与 {keyPath}（备份于 {manifest.CreatedAt:yyyy-MM-dd HH:mm} UTC，校验和、密钥与审计链均已核对）。"));
            return 0;
        });
        return [backup, restore];
    }

    /// <summary>
    /// PostgreSQL: the dump goes into a scratch database and is verified there; only then, and only with --force over
    /// existing data, does the scratch database replace the live one (so the live data is untouched by any refusal).
    /// </summary>
    private static async Task<int> RestorePostgresAsync(StorageOptions options, string folder, Manifest manifest, bool force, CancellationToken ct)
    {
        var scratch = await PostgresBackup.RestoreToScratchAsync(options, folder, ct);
        try
        {
            var (fingerprint, heads) = await VerifyAsync(scratch, Path.Combine(folder, KeyFileName), ct);
            Compare(manifest, fingerprint, heads);
            var keyPath = options.ResolveKeyFile();
            if (!force && (await PostgresBackup.HasDataAsync(options, ct) || File.Exists(keyPath)))
            {
                throw new DomainException("restore.target_exists", "目标数据库已有数据或密钥文件已存在。请先停止应用并确认要覆盖，再加 --force 重新执行。");
            }
            await PostgresBackup.ReplaceAsync(options, scratch, ct);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyPath))!);
            File.Copy(Path.Combine(folder, KeyFileName), keyPath, overwrite: true);
        }
        finally
        {
            await PostgresBackup.DropAsync(scratch);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"恢复完成：PostgreSQL 数据库与 {options.ResolveKeyFile()}（备份于 {manifest.CreatedAt:yyyy-MM-dd HH:mm} UTC，校验和、密钥与审计链均已核对）。"));
        return 0;
    }

    private static void Compare(Manifest manifest, string fingerprint, Dictionary<string, string> heads)
    {
        if (fingerprint != manifest.KeyFingerprint)
        {
            throw new DomainException("restore.key_mismatch", "备份中的密钥文件不是清单记录的那一把，拒绝恢复。");
        }
        if (heads.Count != manifest.AuditHeads.Count || heads.Any(h => manifest.AuditHeads.GetValueOrDefault(h.Key) != h.Value))
        {
            throw new DomainException("restore.audit_mismatch", "备份数据库的审计链头与清单不符（记录被增删），拒绝恢复。");
        }
    }

    private static async Task<(string Fingerprint, Dictionary<string, string> Heads)> VerifyDumpAsync(StorageOptions options, string folder, CancellationToken ct)
    {
        var scratch = await PostgresBackup.RestoreToScratchAsync(options, folder, ct);
        try
        {
            return await VerifyAsync(scratch, Path.Combine(folder, KeyFileName), ct);
        }
        finally
        {
            await PostgresBackup.DropAsync(scratch);
        }
    }

    /// <summary>Opens the copy in <paramref name="folder"/> with the key beside it.</summary>
    private static Task<(string Fingerprint, Dictionary<string, string> Heads)> VerifyCopyAsync(string folder, CancellationToken ct)
    {
        var keyPath = Path.Combine(folder, KeyFileName);
        var copy = new StorageOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = Connection(Path.Combine(folder, DatabaseFile)), DataFolder = folder, KeyFile = keyPath };
        return VerifyAsync(copy, keyPath, ct);
    }

    /// <summary>The key must open the copy's personal data and every audit chain must verify.</summary>
    private static async Task<(string Fingerprint, Dictionary<string, string> Heads)> VerifyAsync(StorageOptions copy, string keyPath, CancellationToken ct)
    {
        var vault = KeyFile.LoadOrCreate(keyPath);
        await using var db = StorageRegistration.CreateContext(copy, AccessContext.System("backup"));
        try
        {
            await KeyCheck.VerifyAsync(db, vault, keyPath, ct);
        }
        catch (KeyMismatchException e)
        {
            throw new DomainException("restore.key_mismatch", e.Message);
        }
        var audit = await new AuditVerifier(db).VerifyAsync(ct);
        if (audit.FirstBreak is { } broken)
        {
            throw new DomainException("backup.audit_broken",
                string.Create(CultureInfo.InvariantCulture, $"审计链校验失败：链 {broken.ChainKey} 序号 {broken.Sequence}（id {broken.Id}）：{broken.Problem}"));
        }
        var seals = await new SealVerifier(db).VerifyAsync(ct);
        if (!seals.Clean)
        {
            throw new DomainException("backup.seals_broken", "数据封签校验失败：" + string.Join("；", seals.Findings.Take(20).Select(SealReport.Describe))
                + (seals.Findings.Count > 20 ? string.Create(CultureInfo.InvariantCulture, $"……共 {seals.Findings.Count} 处") : ""));
        }
        // The key's fingerprint: a keyed hash of a fixed text, which names the key without revealing it.
        var fingerprint = Convert.ToHexStringLower(vault.LookupHash("RURALLEDGER-KEY-FINGERPRINT"));
        return (fingerprint, audit.Chains.ToDictionary(c => c.ChainKey, c => string.Create(CultureInfo.InvariantCulture, $"{c.Rows}:{c.Hash}")));
    }

    private static string Connection(string path) => $"Data Source={path};Pooling=False";

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

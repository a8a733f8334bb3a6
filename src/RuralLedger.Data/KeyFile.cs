using System.Security.Cryptography;
using System.Text.Json;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Data;

/// <summary>
/// The personal-data keys, kept in a file outside the database. Created on first start with owner-only
/// permissions; losing it makes encrypted fields unreadable, so backups must include it (separately).
/// </summary>
public static class KeyFile
{
    private sealed record Content(int Version, string EncryptionKey, string LookupKey);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> CreatedHere = new(StringComparer.Ordinal);

    /// <summary>True when this process made the file because it was missing (see <see cref="KeyCheck"/>).</summary>
    public static bool WasCreatedByThisProcess(string path) => CreatedHere.ContainsKey(Path.GetFullPath(path));

    /// <summary>Removes a key file this process made, so a restored file can take its place.</summary>
    public static void Discard(string path)
    {
        if (CreatedHere.TryRemove(Path.GetFullPath(path), out _))
        {
            File.Delete(path);
        }
    }

    /// <summary>The key that row seals are derived from (0031): the lookup key, made first if the file is missing.</summary>
    public static byte[] LoadSealingRoot(string path)
    {
        LoadOrCreate(path);
        var content = JsonSerializer.Deserialize<Content>(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"Key file {path} is empty.");
        return Convert.FromBase64String(content.LookupKey);
    }

    public static PersonalDataVault LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var created = new Content(1, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            try
            {
                using (var stream = new FileStream(path, options))
                {
                    JsonSerializer.Serialize(stream, created);
                }
                CreatedHere[Path.GetFullPath(path)] = true;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }
        var content = JsonSerializer.Deserialize<Content>(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"Key file {path} is empty.");
        return new PersonalDataVault(Convert.FromBase64String(content.EncryptionKey), Convert.FromBase64String(content.LookupKey));
    }
}

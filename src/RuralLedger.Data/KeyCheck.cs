using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Data;

/// <summary>The key file does not fit the database it is to read; the message says why and how to fix it.</summary>
public sealed class KeyMismatchException(string message) : Exception(message);

/// <summary>
/// Proves at start that the key file opens the database's personal data: one sealed citizen ID must decrypt, and its
/// keyed hash must equal the stored lookup hash. Without this a lost or swapped key file started the app on existing
/// data: reveals and bank files failed, lookups by citizen ID found nobody, and a known person registered again as new.
/// </summary>
public static class KeyCheck
{
    public static async Task VerifyAsync(RuralDbContext db, PersonalDataVault vault, string keyPath, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(vault);
        var sample = await db.Members.IgnoreQueryFilters().AsNoTracking()
            .OrderBy(m => m.Id).Select(m => new { m.CitizenIdCipher, m.CitizenIdHash }).FirstOrDefaultAsync(ct);
        if (sample is null)
        {
            return;
        }
        if (KeyFile.WasCreatedByThisProcess(keyPath))
        {
            // The file was missing: the new key it holds can open nothing here, and left on disk it would hide the loss.
            KeyFile.Discard(keyPath);
            throw new KeyMismatchException(
                $"密钥文件 {keyPath} 不存在，而数据库中已有加密的个人信息。请从备份恢复原密钥文件后再启动；系统不会为已有数据新建密钥。"
                + $" (The key file {keyPath} is missing but the database holds personal data encrypted with a key: restore the key file from its backup. A new key is made only for an empty database.)");
        }
        bool fits;
        try
        {
            fits = CryptographicOperations.FixedTimeEquals(vault.LookupHash(vault.Decrypt(sample.CitizenIdCipher)), sample.CitizenIdHash);
        }
        catch (CryptographicException)
        {
            fits = false;
        }
        if (!fits)
        {
            throw new KeyMismatchException(
                $"密钥文件 {keyPath} 与数据库不匹配：数据库中的个人信息不是用这把密钥加密的。请换回该数据库原来的密钥文件（或恢复与之配套的备份）。"
                + $" (The key file {keyPath} does not open this database's personal data: use the key file this database was written with.)");
        }
    }
}

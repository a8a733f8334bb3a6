using System.Security.Cryptography;
using System.Text;

namespace RuralLedger.Core.Kernel;

/// <summary>
/// Protects personal information at rest: AES-256-GCM for the value (random 96-bit nonce per value,
/// stored as nonce ‖ ciphertext ‖ tag), HMAC-SHA256 under a separate key for exact lookup. The keys live in
/// a key file outside the database, so a copy of the database alone reveals neither the values nor,
/// by brute force over the small space of valid ID numbers, their hashes.
/// </summary>
public sealed class PersonalDataVault
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    // Creating an AesGcm or HMAC object costs more than using it (key schedule, native context), and neither
    // is thread-safe: each thread keeps its own. Creating them per value made up most of the time it took
    // to generate the demo province.
    private readonly ThreadLocal<AesGcm> _aes;
    private readonly ThreadLocal<IncrementalHash> _hmac;

    public PersonalDataVault(byte[] encryptionKey, byte[] lookupKey)
    {
        ArgumentNullException.ThrowIfNull(encryptionKey);
        ArgumentNullException.ThrowIfNull(lookupKey);
        if (encryptionKey.Length != 32 || lookupKey.Length != 32)
        {
            throw new ArgumentException("Both keys must be 32 bytes.");
        }
        var aesKey = (byte[])encryptionKey.Clone();
        var hmacKey = (byte[])lookupKey.Clone();
        _aes = new ThreadLocal<AesGcm>(() => new AesGcm(aesKey, TagSize));
        _hmac = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, hmacKey));
    }

    public static PersonalDataVault CreateRandom() => new(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));

    public byte[] Encrypt(string plain) => Seal(Encoding.UTF8.GetBytes(plain));

    /// <summary>AES-GCM over bytes (a staged upload): nonce ‖ ciphertext ‖ tag, as for values.</summary>
    public byte[] Seal(ReadOnlySpan<byte> data)
    {
        var output = new byte[NonceSize + data.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _aes.Value!.Encrypt(nonce, data, output.AsSpan(NonceSize, data.Length), output.AsSpan(NonceSize + data.Length, TagSize));
        return output;
    }

    public byte[] Unseal(ReadOnlySpan<byte> sealedData)
    {
        var length = sealedData.Length - NonceSize - TagSize;
        var plain = new byte[length];
        _aes.Value!.Decrypt(sealedData[..NonceSize], sealedData.Slice(NonceSize, length), sealedData.Slice(NonceSize + length, TagSize), plain);
        return plain;
    }

    public string Decrypt(byte[] sealedValue)
    {
        ArgumentNullException.ThrowIfNull(sealedValue);
        return Encoding.UTF8.GetString(Unseal(sealedValue));
    }

    /// <summary>Keyed hash of the normalised value (trimmed, upper-case), for equality lookup and uniqueness.</summary>
    public byte[] LookupHash(string plain)
    {
        ArgumentNullException.ThrowIfNull(plain);
        var hmac = _hmac.Value!;
        hmac.AppendData(Encoding.UTF8.GetBytes(plain.Trim().ToUpperInvariant()));
        return hmac.GetHashAndReset();
    }
}

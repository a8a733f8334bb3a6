using System.Security.Cryptography;
using System.Text;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Tests.Kernel;

public sealed class PersonalDataVaultTests
{
    private static readonly byte[] EncryptionKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] LookupKey = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Encrypted_values_decrypt_to_the_original()
    {
        var vault = new PersonalDataVault(EncryptionKey, LookupKey);

        vault.Decrypt(vault.Encrypt("522633198503150044")).Should().Be("522633198503150044");
        vault.Decrypt(vault.Encrypt("")).Should().Be("");
        vault.Decrypt(vault.Encrypt("贵州省茶乡县混寨村 6228480000000000000")).Should().Be("贵州省茶乡县混寨村 6228480000000000000");
    }

    [Fact]
    public void The_ciphertext_hides_the_value_and_holds_nonce_and_tag()
    {
        var vault = new PersonalDataVault(EncryptionKey, LookupKey);

        var sealedValue = vault.Encrypt("522633198503150044");

        sealedValue.Should().HaveCount(12 + 18 + 16);
        Encoding.ASCII.GetString(sealedValue).Should().NotContain("5226331985");
    }

    [Fact]
    public void The_same_value_encrypts_differently_each_time()
    {
        var vault = new PersonalDataVault(EncryptionKey, LookupKey);

        var first = vault.Encrypt("522633198503150044");
        var second = vault.Encrypt("522633198503150044");

        second.Should().NotEqual(first);
        first.AsSpan(0, 12).SequenceEqual(second.AsSpan(0, 12)).Should().BeFalse("each value gets its own random nonce");
    }

    [Fact]
    public void A_tampered_ciphertext_or_another_key_fails_to_decrypt()
    {
        var vault = new PersonalDataVault(EncryptionKey, LookupKey);
        var other = PersonalDataVault.CreateRandom();
        var sealedValue = vault.Encrypt("522633198503150044");
        var tampered = sealedValue.ToArray();
        tampered[20] ^= 1;

        vault.Invoking(v => v.Decrypt(tampered)).Should().Throw<CryptographicException>();
        other.Invoking(v => v.Decrypt(sealedValue)).Should().Throw<CryptographicException>();
    }

    [Fact]
    public void The_lookup_hash_is_stable_and_ignores_case_and_surrounding_spaces()
    {
        var vault = new PersonalDataVault(EncryptionKey, LookupKey);
        var again = new PersonalDataVault(EncryptionKey, LookupKey);

        var hash = vault.LookupHash("11010519491231002X");

        hash.Should().HaveCount(32);
        vault.LookupHash("11010519491231002X").Should().Equal(hash);
        again.LookupHash("11010519491231002X").Should().Equal(hash, "the hash depends on the key, not on the instance");
        vault.LookupHash("  11010519491231002x\t").Should().Equal(hash);
        vault.LookupHash("110105194912310021").Should().NotEqual(hash);
        hash.Should().Equal(HMACSHA256.HashData(LookupKey, Encoding.UTF8.GetBytes("11010519491231002X")));
    }

    [Fact]
    public void Different_lookup_keys_give_different_hashes()
    {
        var vault = new PersonalDataVault(EncryptionKey, LookupKey);
        var otherLookupKey = new PersonalDataVault(EncryptionKey, Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray());

        otherLookupKey.LookupHash("11010519491231002X").Should().NotEqual(vault.LookupHash("11010519491231002X"));
    }

    [Fact]
    public void Keys_must_be_32_bytes()
    {
        var shortKey = () => new PersonalDataVault(new byte[16], LookupKey);

        shortKey.Should().Throw<ArgumentException>();
    }
}

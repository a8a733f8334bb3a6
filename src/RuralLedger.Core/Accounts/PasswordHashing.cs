using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RuralLedger.Core.Accounts;

/// <summary>
/// PBKDF2-HMAC-SHA512 with a 16-byte random salt, the scheme of ASP.NET Core Identity v3 but with more
/// iterations (210,000, OWASP 2023 for SHA-512). Stored as "pbkdf2-sha512$iterations$salt$hash" so the cost
/// can rise later without invalidating old hashes.
/// </summary>
public static class PasswordHashing
{
    private const string Scheme = "pbkdf2-sha512";
    private const int Iterations = 210_000;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, 32);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    private static readonly Lazy<string> Decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));

    /// <summary>
    /// Spends the time of one <see cref="Verify"/> against a hash no password opens: a sign-in with an unknown user
    /// name then takes as long as a wrong password, so the answer's time does not tell which accounts exist.
    /// </summary>
    public static void VerifyDecoy(string password) => Verify(Decoy.Value, password ?? "");

    public static bool Verify(string stored, string password)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Minimum policy: 10+ characters with letters and digits, not the user name.</summary>
    public static string? Weakness(string password, string userName)
    {
        if (password.Length < 10)
        {
            return "密码至少 10 位。";
        }
        if (!password.Any(char.IsAsciiLetter) || !password.Any(char.IsAsciiDigit))
        {
            return "密码须同时包含字母和数字。";
        }
        // Every string contains the empty string: an empty name is refused by the account itself, not here.
        if (userName.Length > 0 && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            return "密码不能包含用户名。";
        }
        return null;
    }
}

using System.Security.Cryptography;
using RuralLedger.Core.Accounts;

namespace RuralLedger.Web.Features.Admin.Users;

/// <summary>
/// The one-time password an administrator hands to a user (by phone or on paper), who must replace it at first
/// sign-in. 12 characters from 55 (about 69 bits), drawn with a CSPRNG; letters and digits that look alike
/// (0/O, 1/l/I) are left out because it is read aloud and typed by hand.
/// </summary>
internal static class TemporaryPassword
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    public static string Generate(string userName)
    {
        while (true)
        {
            var candidate = new string(RandomNumberGenerator.GetItems<char>(Alphabet, 12));
            // Same policy as a password the user chooses (letters and digits, not containing the user name).
            if (PasswordHashing.Weakness(candidate, userName) is null)
            {
                return candidate;
            }
        }
    }
}

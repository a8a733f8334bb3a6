namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// Search input as people type it on a phone: a Chinese input method gives full-width digits and letters
/// (５２２６…), ID numbers are read out in groups and typed with spaces, and the check character X comes in lower case.
/// Every search box (households, assets, contracts, the top bar) reads its term through here.
/// </summary>
public static class SearchText
{
    /// <summary>Full-width forms turned into ASCII and every space (also the ideographic one) removed; empty when nothing is left.</summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var chars = new List<char>(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }
            // U+FF01–U+FF5E mirror ASCII '!'–'~' at a fixed distance.
            chars.Add(c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c);
        }
        return new string([.. chars]);
    }

    /// <summary>An identifier (citizen ID, household number, asset code, contract number) as stored: normalised, upper case.</summary>
    public static string Identifier(string? text) => Normalise(text).ToUpperInvariant();

    /// <summary>Looks like a citizen ID: 17 digits and a digit or X.</summary>
    public static bool IsCitizenId(string identifier) =>
        identifier.Length == 18 && identifier.AsSpan(0, 17).ContainsAnyExcept("0123456789") is false && (char.IsAsciiDigit(identifier[17]) || identifier[17] == 'X');
}

using System.Globalization;
using System.Text.Json;

namespace RuralLedger.Web.Tests.Infrastructure;

/// <summary>
/// Money and rates as the API writes them (decision 0015): strings with exactly two decimals, "1234567.89" and "12.50".
/// Reading one checks that shape first; writing one gives the text a client sends.
/// </summary>
public static class ApiValues
{
    public static decimal GetYuan(this JsonElement value) => Read(value);

    public static long GetFen(this JsonElement value) => (long)(Read(value) * 100m);

    public static decimal GetPercent(this JsonElement value) => Read(value);

    public static int GetBasisPoints(this JsonElement value) => (int)(Read(value) * 100m);

    /// <summary>A decimal as a request body carries it, digits as written: 800.001m stays "800.001" for the server to refuse.</summary>
    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Read(JsonElement value)
    {
        value.ValueKind.Should().Be(JsonValueKind.String, "money and rates are JSON strings, not {0}", value.GetRawText());
        var text = value.GetString()!;
        text.Should().MatchRegex(@"^-?[0-9]+\.[0-9]{2}$", "the API writes exactly two decimals");
        return decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }
}

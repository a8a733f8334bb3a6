using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace RuralLedger.Web.Infrastructure;

internal static class Json
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>A small JSON object for audit payloads.</summary>
    public static string Object(params (string Key, object? Value)[] pairs) =>
        JsonSerializer.Serialize(pairs.ToDictionary(p => p.Key, p => p.Value), Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
        MoneyJson.AddConverters(options.Converters);
        return options;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// A kernel value that travels in JSON as a string read by its own parser: money as yuan, "1234567.89", and rates as
/// percent, "12.50" (see decision 0015). A JSON number is refused: most clients have already read it as a binary double.
/// </summary>
public sealed class TextValueConverter<T>(Func<string?, T> parse, Func<T, string> write, string notAStringCode, string notAString) : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ValueJsonException(notAStringCode, notAString);
        }
        try
        {
            return parse(reader.GetString());
        }
        catch (DomainException e)
        {
            throw new ValueJsonException(e.Code, e.Message);
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(write(value));
}

/// <summary>A value in a JSON body refused with a stable code; the serializer adds the JSON path of the field.</summary>
public sealed class ValueJsonException(string code, string message) : JsonException(message)
{
    public string Code { get; } = code;
}

internal static class MoneyJson
{
    /// <summary>What <c>Money.Parse</c> and <c>Rate.Parse</c> read; "-" is refused by a field that takes no negative value.</summary>
    private const string Pattern = @"^-?[0-9]+(\.[0-9]{1,2})?$";

    public static void AddConverters(IList<JsonConverter> converters)
    {
        converters.Add(new TextValueConverter<Money>(Money.Parse, m => m.ToInvariantString(), MoneyErrors.Format, "金额应为字符串形式的元，如 \"1234567.89\"。"));
        // Every rate of the API is 0–100% today; a field that needs another range reads it with its own RateRange.
        converters.Add(new TextValueConverter<Rate>(text => Rate.Parse(text), r => r.ToInvariantString(), RateErrors.Format, "比例应为字符串形式的百分数，如 \"12.50\"。"));
    }

    /// <summary>Money and Rate are each one component schema, referenced wherever a field holds one.</summary>
    public static OpenApiOptions AddMoneySchemas(this OpenApiOptions options)
    {
        var defaultId = options.CreateSchemaReferenceId;
        // A nullable field (Rate? for "no share of nothing") references the same schema, so whichever the generator
        // meets first must describe it: compare the underlying type.
        static Type Plain(Type t) => Nullable.GetUnderlyingType(t) ?? t;
        options.CreateSchemaReferenceId = type =>
            Plain(type.Type) == typeof(Money) ? nameof(Money) : Plain(type.Type) == typeof(Rate) ? nameof(Rate) : defaultId(type);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (Plain(context.JsonTypeInfo.Type) == typeof(Money))
            {
                Describe(schema, Pattern, "金额，单位元：字符串，最多两位小数，不带千位分隔符；可为负数的字段以 - 开头。输出总是两位小数。", "1234567.89");
            }
            else if (Plain(context.JsonTypeInfo.Type) == typeof(Rate))
            {
                Describe(schema, Pattern, "比例，单位百分数（%）：字符串，最多两位小数，不带 % 号；除另有说明外在 0–100 之间。输出总是两位小数。", "12.50");
            }
            return Task.CompletedTask;
        });
        return options;
    }

    private static void Describe(OpenApiSchema schema, string pattern, string description, string example)
    {
        schema.Type = JsonSchemaType.String;
        schema.Format = null;
        schema.Pattern = pattern;
        schema.Description = description;
        schema.Examples = [JsonValue.Create(example)];
        schema.Properties?.Clear();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// Money in JSON is a string of yuan, "1234567.89" (see decision 0015): a JSON number would pass through
/// binary floating point in most clients, and fen alone is easy to misread as yuan.
/// </summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ValueJsonException(MoneyErrors.Format, "金额应为字符串形式的元，如 \"1234567.89\"。");
        }
        try
        {
            return Money.Parse(reader.GetString());
        }
        catch (DomainException e)
        {
            throw new ValueJsonException(e.Code, e.Message);
        }
    }

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToInvariantString());
}

/// <summary>A rate in JSON is a string of percent, "12.50"; 0–100% is the range every field accepts today.</summary>
public sealed class RateJsonConverter : JsonConverter<Rate>
{
    public override Rate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new ValueJsonException(RateErrors.Format, "比例应为字符串形式的百分数，如 \"12.50\"。");
        }
        try
        {
            return Rate.Parse(reader.GetString());
        }
        catch (DomainException e)
        {
            throw new ValueJsonException(e.Code, e.Message);
        }
    }

    public override void Write(Utf8JsonWriter writer, Rate value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToInvariantString());
}

/// <summary>A value in a JSON body refused with a stable code; the serializer adds the JSON path of the field.</summary>
public sealed class ValueJsonException(string code, string message) : JsonException(message)
{
    public string Code { get; } = code;
}

internal static class MoneyJson
{
    public const string MoneyPattern = @"^-?[0-9]+(\.[0-9]{1,2})?$";
    public const string RatePattern = @"^-?[0-9]+(\.[0-9]{1,2})?$";

    public static void AddConverters(IList<JsonConverter> converters)
    {
        converters.Add(new MoneyJsonConverter());
        converters.Add(new RateJsonConverter());
    }

    /// <summary>Money and Rate are each one component schema, referenced wherever a field holds one.</summary>
    public static OpenApiOptions AddMoneySchemas(this OpenApiOptions options)
    {
        var defaultId = options.CreateSchemaReferenceId;
        options.CreateSchemaReferenceId = type =>
            type.Type == typeof(Money) ? nameof(Money) : type.Type == typeof(Rate) ? nameof(Rate) : defaultId(type);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(Money))
            {
                Describe(schema, MoneyPattern, "金额，单位元：字符串，最多两位小数，不带千位分隔符；可为负数的字段以 - 开头。输出总是两位小数。", "1234567.89");
            }
            else if (context.JsonTypeInfo.Type == typeof(Rate))
            {
                Describe(schema, RatePattern, "比例，单位百分数（%）：字符串，最多两位小数，不带 % 号；除另有说明外在 0–100 之间。输出总是两位小数。", "12.50");
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

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// Enums travel by name ("Registered"); a number is still read for old clients, but only a value the enum defines is
/// accepted. <see cref="JsonStringEnumConverter"/> alone lets <c>999</c> through, and a stored undefined value breaks
/// every page and export that later reads the record.
/// </summary>
public sealed class DefinedEnumConverterFactory : JsonConverterFactory
{
    public const string Code = "enum.undefined";

    private readonly JsonStringEnumConverter names = new();

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(DefinedEnumConverter<>).MakeGenericType(typeToConvert), names.CreateConverter(typeToConvert, options))!;

    private sealed class DefinedEnumConverter<T>(JsonConverter inner) : JsonConverter<T> where T : struct, Enum
    {
        private static readonly bool IsFlags = typeof(T).IsDefined(typeof(FlagsAttribute), inherit: false);
        private static readonly ulong AllFlags = Enum.GetValues<T>().Aggregate(0UL, (all, v) => all | Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture));
        private readonly JsonConverter<T> names = (JsonConverter<T>)inner;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            T value;
            try
            {
                value = names.Read(ref reader, typeToConvert, options);
            }
            catch (JsonException)
            {
                throw Undefined();
            }
            if (!IsDefined(value))
            {
                throw Undefined();
            }
            return value;
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => names.Write(writer, value, options);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = names.ReadAsPropertyName(ref reader, typeToConvert, options);
            return IsDefined(value) ? value : throw Undefined();
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            names.WriteAsPropertyName(writer, value, options);

        private static bool IsDefined(T value)
        {
            if (Enum.IsDefined(value))
            {
                return true;
            }
            var bits = Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            return IsFlags && (bits & ~AllFlags) == 0;
        }

        private static ValueJsonException Undefined() =>
            new(Code, $"取值无效，可选：{string.Join("、", Enum.GetNames<T>())}。");
    }
}

internal static class EnumSchemas
{
    /// <summary>An enum is documented as its names, the same as the serializer writes and reads them.</summary>
    public static OpenApiOptions AddEnumSchemas(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type.IsEnum)
            {
                // A nullable use is written at the property as oneOf [null, $ref], so the shared schema is a plain string.
                schema.Type = JsonSchemaType.String;
                schema.Enum = [.. Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(n))];
            }
            return Task.CompletedTask;
        });
        return options;
    }
}

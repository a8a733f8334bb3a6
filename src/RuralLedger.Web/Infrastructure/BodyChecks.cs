using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// What every JSON body of the API must satisfy before its handler runs, whatever the module: the parts of a body the
/// input records' types cannot refuse by themselves. A <c>null</c> inside a list (<c>"parts": [null]</c>) or a missing
/// nested object (<c>head</c>) used to reach the handlers and answer 500; control characters and novel-length text
/// were stored; a date in year 1 or 9999 was accepted. Each is a 400 naming the field (<c>parts[0]</c>, <c>head</c>)
/// with a stable code, and nothing runs. Field-specific rules (required names, ranges, formats) stay with the handlers.
/// </summary>
public static class BodyChecks
{
    /// <summary>Longest text any field of a request body takes; longer fields (notes, minutes) are not in the model.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>The first and last business date the system takes (birth dates of the oldest residents to long terms).</summary>
    public static readonly DateOnly FirstDate = new(1900, 1, 1);
    public static readonly DateOnly LastDate = new(2099, 12, 31);

    private const int MaxDepth = 16;

    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    public static TBuilder WithBodyChecks<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory(Factory);
        return builder;
    }

    private static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        // The body is the parameter minimal APIs bind from JSON: [FromBody], or an input record that is not a service.
        var services = context.ApplicationServices.GetService<IServiceProviderIsService>();
        var index = Array.FindIndex(context.MethodInfo.GetParameters(), p =>
            p.GetCustomAttribute<FromBodyAttribute>() is not null
            || (IsInput(p.ParameterType) && services?.IsService(p.ParameterType) != true
                && !p.GetCustomAttributes().Any(a => a is IFromServiceMetadata or IFromRouteMetadata or IFromQueryMetadata or IFromFormMetadata or IFromHeaderMetadata or AsParametersAttribute)));
        if (index < 0)
        {
            return next;
        }
        return invocation =>
        {
            var errors = new List<(string Field, string Code, string Message)>();
            if (invocation.Arguments[index] is { } body)
            {
                Check(body, "", errors, 0);
            }
            return errors.Count switch
            {
                0 => next(invocation),
                1 => throw new DomainException(errors[0].Code, $"{errors[0].Field}：{errors[0].Message}", errors[0].Field),
                _ => throw new ValidationFailedException(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray())),
            };
        };
    }

    /// <summary>Checks one value found at <paramref name="path"/>; the root object has the empty path.</summary>
    public static void Check(object value, string path, List<(string Field, string Code, string Message)> errors, int depth)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(errors);
        if (depth > MaxDepth)
        {
            return;
        }
        switch (value)
        {
            case string text:
                CheckText(text, path, errors);
                return;
            case DateOnly date when date < FirstDate || date > LastDate:
                errors.Add((path, "date.range", $"日期应在 {FirstDate:yyyy-MM-dd} 至 {LastDate:yyyy-MM-dd} 之间。"));
                return;
            case IDictionary:
                return;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    var at = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
                    if (item is null)
                    {
                        errors.Add((at, "list.null_item", "列表中不能有空项。"));
                    }
                    else
                    {
                        Check(item, at, errors, depth + 1);
                    }
                    i++;
                }
                return;
        }
        foreach (var member in MembersOf(value.GetType()))
        {
            var field = path.Length == 0 ? member.JsonName : $"{path}.{member.JsonName}";
            var memberValue = member.Property.GetValue(value);
            if (memberValue is null)
            {
                if (member.Required)
                {
                    errors.Add((field, "field.required", "必填。"));
                }
                continue;
            }
            Check(memberValue, field, errors, depth + 1);
        }
    }

    private static void CheckText(string text, string path, List<(string Field, string Code, string Message)> errors)
    {
        if (text.Length > MaxTextLength)
        {
            errors.Add((path, "text.too_long", $"最多 {MaxTextLength} 个字符。"));
        }
        else if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add((path, "text.control_characters", "不能含控制字符。"));
        }
    }

    /// <summary>
    /// The members of an input record worth walking: strings, dates, lists and nested inputs. A nested input or list
    /// declared non-nullable is required; a non-nullable string is left to its handler, which names the field in its
    /// own words.
    /// </summary>
    private static Member[] MembersOf(Type type) => Members.GetOrAdd(type, static t =>
    {
        if (!IsInput(t))
        {
            return [];
        }
        return t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && Walked(p.PropertyType))
            .Select(p => new Member(p, p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p.PropertyType != typeof(string) && !p.PropertyType.IsValueType && Nullability.Create(p).ReadState == NullabilityState.NotNull))
            .ToArray();
    });

    private static bool IsInput(Type type) => !type.IsValueType && type.Namespace?.StartsWith("RuralLedger.Web", StringComparison.Ordinal) == true;

    private static bool Walked(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t == typeof(DateOnly) || IsInput(t)
            || (typeof(IEnumerable).IsAssignableFrom(t) && !typeof(IDictionary).IsAssignableFrom(t));
    }

    private sealed record Member(PropertyInfo Property, string JsonName, bool Required);
}

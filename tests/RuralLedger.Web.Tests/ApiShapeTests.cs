using System.Text.Json;
using System.Text.RegularExpressions;

namespace RuralLedger.Web.Tests;

/// <summary>
/// Reads an OpenAPI document and names every field that holds money or a rate in another shape than the one
/// the API promises (decision 0015): money is a <c>$ref</c> to <c>Money</c>, a rate a <c>$ref</c> to <c>Rate</c>.
/// A field says money by its name or by being a decimal/double number; it says rate by its name.
/// </summary>
public static partial class ApiShapes
{
    /// <summary>Words (camelCase parts, any case) that make a field an amount.</summary>
    private static readonly HashSet<string> MoneyWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "amount", "amounts", "value", "rent", "budget", "budgeted", "total", "totals", "sum", "price", "wage", "wages", "fee", "fees",
        "payout", "income", "proceeds", "balance", "paid", "unpaid", "due", "outstanding", "fen", "yuan", "allocated", "profit",
        "pool", "dividends", "dividend", "arrears", "cost", "pay", "minimum", "maximum",
    };

    private static readonly HashSet<string> RateWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "rate", "percent", "percentage", "share", "ratio", "basis",
    };

    /// <summary>Fields whose name has a money or rate word without being one; each with why.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["totalCount"] = "a number of rows",
        ["total"] = "in list pages it is the number of rows; a money total is named for what it sums (sum, totalValue)",
        ["quantity"] = "a physical quantity of the asset (m², head, machines), not money",
        ["dueOn"] = "a date",
        ["paidOn"] = "a date",
        ["payment"] = "the payment state of a line (text), not an amount",
        ["incomeRule"] = "the code of the asset's income rule (\"721\"), not an amount",
        ["incomeIds"] = "ids of income rows",
        ["totalWeight"] = "the sum of household weights of a plan, not money",
        ["representativesTotal"] = "the number of villager representatives",
        ["BatchView.paid"] = "the number of lines paid",
        ["ResultImported.paid"] = "the number of lines paid",
        ["dayCountBasis"] = "the days of a loan's interest year (360 or 365), not a rate",
        ["paidBy"] = "who marked a subsidy claim paid",
        ["weightKg"] = "a weight in kg (exact hundredths), not money",
        ["quantityKg"] = "an ordered weight in kg (exact hundredths), not money",
        ["deliveredKg"] = "a delivered weight in kg (exact hundredths), not money",
        ["areaMu"] = "an area in 亩 (exact hundredths), not money",
        ["hours"] = "training hours (exact hundredths), not money",
        ["latitude"] = "a position from the phone, not money",
        ["longitude"] = "a position from the phone, not money",
        ["InspectionDueCount.due"] = "the number of loans due for inspection",
        ["LandTransferView.yearsDue"] = "the number of lease years whose rent has fallen due",
    };

    public static IReadOnlyList<string> Violations(JsonElement document)
    {
        var components = document.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var s)
            ? s.EnumerateObject().ToDictionary(p => p.Name, p => p.Value)
            : [];
        var found = new List<string>();
        foreach (var (name, schema) in components)
        {
            if (name is not ("Money" or "Rate"))
            {
                Walk(schema, $"components.{name}", components, found);
            }
        }
        if (document.TryGetProperty("paths", out var paths))
        {
            foreach (var path in paths.EnumerateObject())
            {
                foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object))
                {
                    var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                    if (operation.Value.TryGetProperty("parameters", out var parameters))
                    {
                        foreach (var p in parameters.EnumerateArray().Where(p => p.TryGetProperty("schema", out _)))
                        {
                            Check(p.GetProperty("name").GetString()!, p.GetProperty("schema"), $"{where} parameter", components, found);
                        }
                    }
                    foreach (var content in Contents(operation.Value))
                    {
                        Walk(content, where, components, found);
                    }
                }
            }
        }
        return found;
    }

    private static IEnumerable<JsonElement> Contents(JsonElement operation)
    {
        var holders = new List<JsonElement>();
        if (operation.TryGetProperty("requestBody", out var body))
        {
            holders.Add(body);
        }
        if (operation.TryGetProperty("responses", out var responses))
        {
            holders.AddRange(responses.EnumerateObject().Select(r => r.Value));
        }
        foreach (var holder in holders)
        {
            if (holder.TryGetProperty("content", out var content))
            {
                foreach (var media in content.EnumerateObject().Where(m => m.Value.TryGetProperty("schema", out _)))
                {
                    yield return media.Value.GetProperty("schema");
                }
            }
        }
    }

    private static void Walk(JsonElement schema, string where, Dictionary<string, JsonElement> components, List<string> found)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                Check(property.Name, property.Value, where, components, found);
                Walk(property.Value, $"{where}.{property.Name}", components, found);
            }
        }
        foreach (var nested in new[] { "items", "additionalProperties" })
        {
            if (schema.TryGetProperty(nested, out var inner))
            {
                Walk(inner, where, components, found);
            }
        }
        foreach (var list in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(list, out var options))
            {
                foreach (var option in options.EnumerateArray())
                {
                    Walk(option, where, components, found);
                }
            }
        }
    }

    private static void Check(string name, JsonElement schema, string where, Dictionary<string, JsonElement> components, List<string> found)
    {
        if (RefersTo(schema, "Money") || RefersTo(schema, "Rate") || Allowed.ContainsKey(name) || Allowed.ContainsKey($"{where.Split('.')[^1]}.{name}"))
        {
            return;
        }
        var words = Words(name);
        var leaf = Leaf(schema, components);
        if (leaf is null)
        {
            return; // an object, a list of objects or an enum: its own fields are checked where it is defined
        }
        var (types, format) = leaf.Value;
        if (types.Contains("boolean") || format is "date" or "date-time")
        {
            return; // a flag or a date named after money ("paid", "dueOn") can't carry an amount
        }
        if (types.Contains("number") && format is "double" or "decimal" or "float" || words.Any(MoneyWords.Contains))
        {
            found.Add($"{where}.{name}: money must be a $ref to Money, is {Describe(types, format)}");
        }
        else if (words.Any(RateWords.Contains))
        {
            found.Add($"{where}.{name}: a rate must be a $ref to Rate, is {Describe(types, format)}");
        }
    }

    private static bool RefersTo(JsonElement schema, string component)
    {
        if (schema.TryGetProperty("$ref", out var r))
        {
            return r.GetString() == "#/components/schemas/" + component;
        }
        if (schema.TryGetProperty("items", out var items))
        {
            return RefersTo(items, component);
        }
        foreach (var list in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(list, out var options))
            {
                var choices = options.EnumerateArray().Where(o => !IsNull(o)).ToList();
                return choices.Count > 0 && choices.All(o => RefersTo(o, component));
            }
        }
        return false;
    }

    /// <summary>The scalar a field holds (through nullable wrappers and lists), or null when it holds structure or an enum.</summary>
    private static (string[] Types, string? Format)? Leaf(JsonElement schema, Dictionary<string, JsonElement> components)
    {
        if (schema.TryGetProperty("$ref", out var r))
        {
            var target = r.GetString()!.Split('/')[^1];
            return components.TryGetValue(target, out var resolved) ? Leaf(resolved, components) : null;
        }
        foreach (var list in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(list, out var options))
            {
                var choice = options.EnumerateArray().FirstOrDefault(o => !IsNull(o));
                return choice.ValueKind == JsonValueKind.Object ? Leaf(choice, components) : null;
            }
        }
        if (schema.TryGetProperty("enum", out _) || schema.TryGetProperty("properties", out _))
        {
            return null;
        }
        var types = Types(schema);
        if (types.Contains("array"))
        {
            return schema.TryGetProperty("items", out var items) ? Leaf(items, components) : null;
        }
        if (types.Contains("object"))
        {
            return null;
        }
        return (types, schema.TryGetProperty("format", out var f) ? f.GetString() : null);
    }

    private static string[] Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var t) ? []
        : t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()!).Where(x => x != "null").ToArray()
        : new[] { t.GetString()! }.Where(x => x != "null").ToArray();

    private static bool IsNull(JsonElement schema) => Types(schema) is [] && schema.TryGetProperty("type", out _);

    private static string Describe(string[] types, string? format) =>
        types.Length == 0 ? "an untyped schema" : string.Join("|", types) + (format is null ? "" : $" ({format})");

    private static string[] Words(string name) => CamelParts().Split(name).Where(w => w.Length > 0).ToArray();

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+")]
    private static partial Regex CamelParts();
}

/// <summary>The checker itself can fail: a crafted document with the shapes the API used to have is flagged.</summary>
public sealed class ApiShapeCheckerTests
{
    private const string Crafted = """
        {
          "openapi": "3.1.1",
          "paths": {
            "/api/things": {
              "post": {
                "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ThingInput" } } } },
                "responses": { "200": { "content": { "application/json": { "schema": {
                  "type": "object", "properties": { "sum": { "type": ["number", "string"], "format": "double" } } } } } } }
              }
            }
          },
          "components": {
            "schemas": {
              "Money": { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]{1,2})?$" },
              "Rate": { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]{1,2})?$" },
              "ThingInput": {
                "type": "object",
                "properties": {
                  "amount": { "type": ["number", "string"], "format": "double" },
                  "ratePercent": { "type": ["integer", "string"], "format": "int32" },
                  "budget": { "oneOf": [ { "type": "null" }, { "$ref": "#/components/schemas/Money" } ] },
                  "share": { "$ref": "#/components/schemas/Rate" },
                  "wages": { "type": "object", "properties": { "fen": { "type": "integer", "format": "int64" }, "yuan": { "type": "string" } } },
                  "quantity": { "type": "number", "format": "double" },
                  "totalCount": { "type": "integer", "format": "int32" },
                  "paid": { "type": "boolean" },
                  "name": { "type": "string" }
                }
              }
            }
          }
        }
        """;

    [Fact]
    public void Flags_a_decimal_amount_an_integer_rate_and_money_as_an_object_of_fen_and_yuan()
    {
        using var document = JsonDocument.Parse(Crafted);

        var violations = ApiShapes.Violations(document.RootElement);

        violations.Should().BeEquivalentTo(
            "components.ThingInput.amount: money must be a $ref to Money, is number|string (double)",
            "components.ThingInput.ratePercent: a rate must be a $ref to Rate, is integer|string (int32)",
            "components.ThingInput.wages.fen: money must be a $ref to Money, is integer (int64)",
            "components.ThingInput.wages.yuan: money must be a $ref to Money, is string",
            "POST /api/things.sum: money must be a $ref to Money, is number|string (double)");
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AwesomeAssertions;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Kit;

/// <summary>
/// A careless integrator's bodies, for every JSON operation of <c>/openapi/v1.json</c> (so an operation added later is
/// walked too): a null inside each list, each text at 10,001 characters and with a control character, each enum at 999,
/// each integer at int64 max, each date in year 1 and 9999, each nested object missing. Every such request is a 4xx
/// and stores nothing; <c>{}</c> and <c>null</c> are never a 5xx; afterwards every list and export still answers.
/// </summary>
public abstract class MalformedBodyTests<TDatabase> : IClassFixture<RuralApp<TDatabase>> where TDatabase : TestDatabase, new()
{
    protected MalformedBodyTests(RuralApp<TDatabase> app)
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        App = app;
    }

    protected RuralApp<TDatabase> App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_operation_refuses_malformed_bodies_with_a_4xx_and_stores_nothing()
    {
        var county = await App.SignInAsync("county");
        var admin = await App.SignInAsync("admin");
        var document = JsonNode.Parse(await county.GetStringAsync("/openapi/v1.json", Ct))!;
        var schemas = document["components"]!["schemas"]!;
        var operations = Operations(document).ToList();
        var stored = await AuditRowsAsync();

        var problems = new List<string>();
        var sent = 0;
        foreach (var (method, path, schema) in operations)
        {
            var client = path.StartsWith("/api/users", StringComparison.Ordinal) ? admin : county;
            foreach (var (what, body) in Malformed(Resolve(schema, schemas), schemas, filled: true).Concat(Malformed(Resolve(schema, schemas), schemas, filled: false)))
            {
                using var response = await SendAsync(client, method, path, body);
                sent++;
                var status = (int)response.StatusCode;
                if (status is < 400 or >= 500)
                {
                    problems.Add($"{method} {path} {what}: {status} {Truncate(await response.Content.ReadAsStringAsync(Ct))}");
                }
            }
        }

        string.Join(Environment.NewLine, problems).Should().BeEmpty();
        operations.Should().HaveCountGreaterThan(30, "the API's JSON operations were found");
        sent.Should().BeGreaterThan(500);
        (await AuditRowsAsync()).Should().Be(stored, "no malformed body changed anything");

        foreach (var (method, path, _) in operations)
        {
            var client = path.StartsWith("/api/users", StringComparison.Ordinal) ? admin : county;
            foreach (var body in new[] { "{}", "null", "[]" })
            {
                using var response = await SendAsync(client, method, path, body);
                if ((int)response.StatusCode >= 500)
                {
                    problems.Add($"{method} {path} {body}: {(int)response.StatusCode} {Truncate(await response.Content.ReadAsStringAsync(Ct))}");
                }
            }
        }
        string.Join(Environment.NewLine, problems).Should().BeEmpty();

        // Read-back: every list of the API (GET without a route parameter) still answers.
        foreach (var path in document["paths"]!.AsObject().Where(p => p.Value!["get"] is not null && !p.Key.Contains('{')).Select(p => p.Key))
        {
            using var response = await county.GetAsync(path, Ct);
            ((int)response.StatusCode).Should().BeLessThan(500, $"GET {path} after the walk");
        }
    }

    private async Task<int> AuditRowsAsync()
    {
        await using var db = App.Database.CreateContext();
        return await db.AuditEntries.CountAsync(Ct);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string body)
    {
        var url = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", "1");
        var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return client.SendAsync(request, Ct);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];

    private static IEnumerable<(string Method, string Path, JsonNode Schema)> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema)
                {
                    yield return (method.ToUpperInvariant(), path, schema);
                }
            }
        }
    }

    /// <summary>The schema itself, through a $ref or a nullable oneOf [null, $ref].</summary>
    private static JsonNode Resolve(JsonNode schema, JsonNode schemas)
    {
        for (var i = 0; i < 8; i++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = schemas[reference.Split('/')[^1]]!;
            }
            else if (schema["oneOf"] is JsonArray oneOf && oneOf.FirstOrDefault(s => s?["type"]?.ToString() != "null") is { } inner)
            {
                schema = inner;
            }
            else
            {
                return schema;
            }
        }
        return schema;
    }

    private static bool HasType(JsonNode schema, string type) =>
        schema["type"] switch
        {
            JsonValue v => v.GetValue<string>() == type,
            JsonArray a => a.Any(t => t?.GetValue<string>() == type),
            _ => false,
        };

    /// <summary>A plausible value for every field, so a damaged field is reached past the checks of the others.</summary>
    private static JsonNode? Filled(JsonNode schema, JsonNode schemas, int depth)
    {
        schema = Resolve(schema, schemas);
        if (depth > 4)
        {
            return null;
        }
        if (schema["enum"] is JsonArray values)
        {
            return values[0]?.DeepClone();
        }
        if (schema["properties"] is JsonObject properties)
        {
            var filled = new JsonObject();
            foreach (var (name, raw) in properties)
            {
                filled[name] = Filled(raw!, schemas, depth + 1);
            }
            return filled;
        }
        if (HasType(schema, "array"))
        {
            return schema["items"] is { } items ? new JsonArray(Filled(items, schemas, depth + 1)) : new JsonArray();
        }
        return schema["pattern"] is not null && HasType(schema, "string") ? "1.00"
            : schema["format"]?.ToString() == "date" ? "2025-06-01"
            : HasType(schema, "string") ? "测试"
            : HasType(schema, "integer") ? 1
            : HasType(schema, "boolean") ? false
            : null;
    }

    /// <summary>One body per field and kind of damage: the one field damaged, every other field filled or left out.</summary>
    private static IEnumerable<(string What, string Body)> Malformed(JsonNode schema, JsonNode schemas, bool filled)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            yield break;
        }
        foreach (var (name, raw) in properties)
        {
            var field = Resolve(raw!, schemas);
            string Body(JsonNode? value)
            {
                var body = filled ? (JsonObject)Filled(schema, schemas, 0)! : [];
                body[name] = value;
                return body.ToJsonString();
            }

            if (field["enum"] is not null)
            {
                yield return ($"{name}=999", Body(999));
            }
            else if (HasType(field, "array"))
            {
                yield return ($"{name}=[null]", Body(new JsonArray((JsonNode?)null)));
                if (field["items"] is { } items && Resolve(items, schemas)["properties"] is not null)
                {
                    foreach (var (what, inner) in Malformed(Resolve(items, schemas), schemas, filled))
                    {
                        yield return ($"{name}[0].{what}", Body(new JsonArray(JsonNode.Parse(inner))));
                    }
                }
            }
            else if (field["pattern"] is not null && HasType(field, "string"))
            {
                yield return ($"{name}=money/rate 1e28", Body("10000000000000000000000000000"));
            }
            else if (field["format"]?.ToString() == "date")
            {
                yield return ($"{name}=0001-01-01", Body("0001-01-01"));
                yield return ($"{name}=9999-12-31", Body("9999-12-31"));
            }
            else if (HasType(field, "string"))
            {
                yield return ($"{name}=10001 chars", Body(new string('字', 10_001)));
                yield return ($"{name}=control char", Body("甲\u0001乙"));
            }
            else if (HasType(field, "integer"))
            {
                yield return ($"{name}=int64 max", Body(long.MaxValue));
                yield return ($"{name}=1e28", Body(JsonNode.Parse("1e28")));
            }
            else if (field["properties"] is not null)
            {
                yield return ($"{name}=null", Body(null));
                yield return ($"{name}={{}}", Body(new JsonObject()));
                foreach (var (what, inner) in Malformed(field, schemas, filled))
                {
                    yield return ($"{name}.{what}", Body(JsonNode.Parse(inner)));
                }
            }
        }
    }
}

public sealed class MalformedBodyTestsOnSqlite(RuralApp<SqliteTestDatabase> app) : MalformedBodyTests<SqliteTestDatabase>(app);

public sealed class MalformedBodyTestsOnPostgres(RuralApp<PostgresTestDatabase> app) : MalformedBodyTests<PostgresTestDatabase>(app);

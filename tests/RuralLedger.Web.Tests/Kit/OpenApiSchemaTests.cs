using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using AwesomeAssertions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RuralLedger.Web.Features.Disposals;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Kit;

/// <summary>
/// OpenAPI names a schema after its CLR type's name; two types of one name share one schema and one of them is
/// documented with the other's fields (disposal approval once carried the plan approval's). The schema does not
/// depend on the database, so one provider suffices.
/// </summary>
public sealed partial class OpenApiSchemaTests(RuralApp<SqliteTestDatabase> app) : IClassFixture<RuralApp<SqliteTestDatabase>>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_two_types_share_a_schema_name_and_every_request_schema_has_the_fields_its_handler_binds()
    {
        Assert.SkipWhen(app.Database.Unavailable is not null, app.Database.Unavailable ?? "");
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var json = JsonOf(app.Services);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription != true).ToList();
        var bodies = endpoints
            .SelectMany(e => e.Metadata.OfType<IAcceptsMetadata>().Where(a => a.RequestType is not null && a.ContentTypes.Contains("application/json"))
                .SelectMany(a => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Path: PathOf(e), Type: a.RequestType!))))
            .Distinct().ToList();
        var responses = endpoints.SelectMany(e => e.Metadata.OfType<IProducesResponseTypeMetadata>()).Select(p => p.Type).OfType<Type>();

        bodies.Should().Contain(b => b.Path == "/api/disposals/{id}/township-approval", "the endpoints are found");
        Collisions(Reachable(bodies.Select(b => b.Type).Concat(responses), json), json).Should().BeEmpty();
        var missing = bodies
            .Select(b => (b.Method, b.Path, Missing: Missing(RequestSchema(document, schemas, b.Method, b.Path), b.Type, json)))
            .Where(b => b.Missing.Count > 0)
            .Select(b => $"{b.Method} {b.Path}: {string.Join(", ", b.Missing)}");
        missing.Should().BeEmpty();

        // The check would have caught the old collision: the plan's approval schema lacks the disposal approval's date.
        Missing(schemas.GetProperty("ApprovalInput"), typeof(DisposalApprovalInput), json).Should().Equal("on");
        Missing(RequestSchema(document, schemas, "POST", "/api/disposals/{id}/county-approval"), typeof(DisposalApprovalInput), json).Should().BeEmpty();
    }

    [Fact]
    public void A_deliberate_collision_is_found()
    {
        var json = new JsonSerializerOptions(JsonSerializerOptions.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        json.MakeReadOnly();

        Collisions(Reachable([typeof(Plans.ApprovalInput), typeof(Disposals.ApprovalInput)], json), json)
            .Should().ContainSingle().Which.Should().StartWith("ApprovalInput:");
        Collisions(Reachable([typeof(Plans.ApprovalInput), typeof(DisposalApprovalInput)], json), json).Should().BeEmpty();
    }

    /// <summary>Every named schema with the CLR types that would take it, where there is more than one.</summary>
    private static List<string> Collisions(IEnumerable<Type> types, JsonSerializerOptions json) => types
        .Select(t => (Type: t, Id: OpenApiOptions.CreateDefaultSchemaReferenceId(json.GetTypeInfo(t))))
        .Where(x => x.Id is not null)
        .GroupBy(x => x.Id!)
        .Where(g => g.Select(x => x.Type).Distinct().Count() > 1)
        .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Type.FullName))}")
        .ToList();

    /// <summary>The types named and every type their JSON reaches (properties, elements, dictionary values).</summary>
    private static HashSet<Type> Reachable(IEnumerable<Type> roots, JsonSerializerOptions json)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(object) || type == typeof(void) || type.ContainsGenericParameters || !seen.Add(type))
            {
                continue;
            }
            JsonTypeInfo info;
            try
            {
                info = json.GetTypeInfo(type);
            }
            catch (NotSupportedException)
            {
                continue; // not JSON (a stream, a form file): no schema of its own
            }
            foreach (var p in info.Properties)
            {
                pending.Push(p.PropertyType);
            }
            if (info.ElementType is { } element)
            {
                pending.Push(element);
            }
        }
        return seen;
    }

    /// <summary>The JSON property names of <paramref name="type"/> that <paramref name="schema"/> does not declare.</summary>
    private static List<string> Missing(JsonElement? found, Type type, JsonSerializerOptions json)
    {
        var info = json.GetTypeInfo(type);
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return [];
        }
        if (found is not { } schema)
        {
            return ["(no JSON request body documented)"];
        }
        var declared = schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
        return info.Properties.Select(p => p.Name).Where(n => !declared.Contains(n)).ToList();
    }

    /// <summary>The JSON request body's schema of the operation, followed through its reference; null when the document lacks it.</summary>
    private static JsonElement? RequestSchema(JsonElement document, JsonElement schemas, string method, string path)
    {
        if (!document.GetProperty("paths").TryGetProperty(path, out var operations)
            || !operations.TryGetProperty(method.ToLowerInvariant(), out var operation)
            || !operation.TryGetProperty("requestBody", out var body)
            || !body.GetProperty("content").TryGetProperty("application/json", out var json))
        {
            return null;
        }
        var schema = json.GetProperty("schema");
        return schema.TryGetProperty("$ref", out var reference) ? schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..]) : schema;
    }

    /// <summary>The route as the document keys it: "/api/households/{id:long}/" is "/api/households/{id}".</summary>
    private static string PathOf(RouteEndpoint endpoint) => "/" + RouteConstraint().Replace(endpoint.RoutePattern.RawText!, "}").Trim('/');

    private static JsonSerializerOptions JsonOf(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var json = new JsonSerializerOptions(configured) { TypeInfoResolver = configured.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver() };
        json.MakeReadOnly();
        return json;
    }

    [GeneratedRegex(@"(:[^}]+)?\??}")]
    private static partial Regex RouteConstraint();

    private static class Plans
    {
        public sealed record ApprovalInput(string? Opinion, int? Version);
    }

    private static class Disposals
    {
        public sealed record ApprovalInput(DateOnly? On, string? Opinion, int? Version);
    }
}

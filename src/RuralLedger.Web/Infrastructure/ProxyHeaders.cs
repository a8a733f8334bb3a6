using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto honoured only from the proxies an operator names (decision 0030): off by
/// default, since a header from anyone else is a lie the client tells. Behind a named proxy the client's address is
/// what sessions record and rate limits count, and an HTTPS proxy makes the session cookie Secure.
/// </summary>
internal static class ProxyHeaders
{
    public const string Section = "ForwardedHeaders";

    public static bool Enabled(IConfiguration configuration) =>
        Values(configuration, "KnownProxies").Length > 0 || Values(configuration, "KnownNetworks").Length > 0;

    public static IServiceCollection AddProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        if (!Enabled(configuration))
        {
            return services;
        }
        var proxies = Values(configuration, "KnownProxies").Select(p => IPAddress.TryParse(p, out var ip)
            ? ip
            : throw new InvalidOperationException($"{Section}:KnownProxies 中的 \"{p}\" 不是 IP 地址。")).ToList();
        var networks = Values(configuration, "KnownNetworks").Select(n => System.Net.IPNetwork.TryParse(n, out var network)
            ? network
            : throw new InvalidOperationException($"{Section}:KnownNetworks 中的 \"{n}\" 不是网段（如 10.0.0.0/8）。")).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the address the nearest named proxy saw: a client can prepend whatever it likes to the list.
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            proxies.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
        });
        return services;
    }

    public static IApplicationBuilder UseProxyHeaders(this IApplicationBuilder app, IConfiguration configuration) =>
        Enabled(configuration) ? app.UseForwardedHeaders() : app;

    private static string[] Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(Section).GetSection(key);
        // An array in JSON, or one comma-separated value from an environment variable.
        var values = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (section.Value is { } single)
        {
            values.AddRange(single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }
        return values.Where(v => v.Length > 0).ToArray();
    }
}

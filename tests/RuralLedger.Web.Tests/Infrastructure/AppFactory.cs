using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RuralLedger.Data;

namespace RuralLedger.Web.Tests.Infrastructure;

/// <summary>
/// The real app (Program) configured as an operator would: storage from <paramref name="storage"/>, migrations at
/// startup, and the demo county loaded when the database is empty (a prepared copy of the demo is not empty, so the
/// app starts on it as on any later start). <paramref name="clock"/> replaces the app's <see cref="TimeProvider"/>;
/// <paramref name="settings"/> adds configuration an operator would set (e.g. ForwardedHeaders:KnownProxies).
/// </summary>
public sealed class AppFactory(StorageOptions storage, TimeProvider? clock = null, IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Provider", storage.Provider.ToString());
        builder.UseSetting("Storage:ConnectionString", storage.ConnectionString ?? "");
        builder.UseSetting("Storage:DataFolder", storage.DataFolder);
        builder.UseSetting("Storage:KeyFile", storage.KeyFile ?? "");
        builder.UseSetting("Storage:AutoMigrate", "true");
        builder.UseSetting("Demo:LoadWhenEmpty", "true");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        if (clock is not null)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            });
        }
    }
}

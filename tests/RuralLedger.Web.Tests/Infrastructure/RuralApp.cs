using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RuralLedger.Web.Tests.Infrastructure;

/// <summary>
/// The real app (Program) on a fresh database of one provider, served by Kestrel on a free port of 127.0.0.1,
/// with the demo county loaded at startup exactly as a first start of the embedded default does.
/// </summary>
public sealed class RuralApp<TDatabase> : IAsyncLifetime where TDatabase : TestDatabase, new()
{
    private Factory? _factory;

    public TDatabase Database { get; } = new();

    /// <summary>http://127.0.0.1:&lt;port&gt;/ of the running server.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A plain HttpClient (real sockets) that does not follow redirects.</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        if (Database.Unavailable is not null)
        {
            return;
        }
        _factory = new Factory(Database);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        await Database.DisposeAsync();
    }

    private sealed class Factory(TestDatabase database) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Storage:Provider", database.Provider.ToString());
            builder.UseSetting("Storage:ConnectionString", database.ConnectionString);
            builder.UseSetting("Storage:DataFolder", database.DataFolder);
            builder.UseSetting("Storage:KeyFile", database.KeyFile);
            builder.UseSetting("Storage:AutoMigrate", "true");
            builder.UseSetting("Demo:LoadWhenEmpty", "true");
        }
    }
}

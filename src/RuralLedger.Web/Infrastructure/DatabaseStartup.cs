using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Data.Demo;
using RuralLedger.Data;

namespace RuralLedger.Web.Infrastructure;

internal sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Load the demo county when the database has no areas at all (first start of the embedded default).</summary>
    public bool LoadWhenEmpty { get; set; } = true;
}

/// <summary>Before the app serves: apply migrations (when configured) and load the demo county into an empty database.</summary>
internal static class DatabaseStartup
{
    public static async Task PrepareDatabaseAsync(this WebApplication app, StorageOptions storage, DemoOptions demo)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("startup");
        var db = scope.ServiceProvider.GetRequiredService<RuralDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("RuralLedger.Startup");
        if (storage.AutoMigrate)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            if (pending.Count > 0)
            {
                log.LogInformation("Applying {Count} migration(s) on {Provider}: {Names}", pending.Count, db.Provider, string.Join(", ", pending));
                await db.Database.MigrateAsync();
                if (pending.Any(m => m.EndsWith("_" + RuralLedger.Data.Sealing.SealVerifier.Migration, StringComparison.Ordinal)))
                {
                    // Rows written before sealing existed are sealed once, now (audited); later ones by their writers.
                    await RuralLedger.Data.Sealing.SealVerifier.InitAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), CancellationToken.None);
                }
                // Rows sealed before a migration added columns to their table are sealed again over the new columns.
                await RuralLedger.Data.Sealing.SealUpgrade.ApplyAsync(db, pending, scope.ServiceProvider.GetRequiredService<TimeProvider>(), CancellationToken.None);
            }
        }
        await SqliteTuning.ApplyAsync(db, CancellationToken.None);
        try
        {
            await KeyCheck.VerifyAsync(db, scope.ServiceProvider.GetRequiredService<RuralLedger.Core.Kernel.PersonalDataVault>(), storage.ResolveKeyFile(), CancellationToken.None);
        }
        catch (KeyMismatchException e)
        {
            log.LogCritical("{Message}", e.Message);
            throw;
        }
        var loader = scope.ServiceProvider.GetRequiredService<DemoLoader>();
        if (demo.LoadWhenEmpty && await loader.IsEmptyAsync(CancellationToken.None))
        {
            var result = await loader.LoadAsync(DemoSize.County, m => log.LogInformation("Demo: {Message}", m), CancellationToken.None);
            log.LogInformation("Demo county loaded: {Households} households, {Members} people in {Seconds:F1} s", result.Households, result.Members, result.Elapsed.TotalSeconds);
        }
    }
}

using RuralLedger.Data;
using RuralLedger.Web.Features.Registry.Excel;

namespace RuralLedger.Web.Features.Registry;

/// <summary>The household registry (一户一档): queries, commands, Excel import/export; /api/households.</summary>
internal static class RegistryModule
{
    public static IServiceCollection AddRegistry(this IServiceCollection services, StorageOptions storage)
    {
        services.AddScoped<HouseholdListQuery>();
        services.AddScoped<HouseholdFileQuery>();
        services.AddScoped<HouseholdCommands>();
        services.AddScoped<PersonLookupQuery>();
        services.AddScoped<RegistryOptions>();
        services.AddRegistryExcel(storage);
        return services;
    }

    public static IEndpointRouteBuilder MapRegistry(this IEndpointRouteBuilder app)
    {
        app.MapRegistryEndpoints();
        app.MapRegistryExcelEndpoints();
        return app;
    }
}

using RuralLedger.Web.Features.Disposals;
using RuralLedger.Web.Features.Income;

namespace RuralLedger.Web.Features.Contracts;

/// <summary>Operating contracts, asset income and disposals: their services and endpoints.</summary>
internal static class ContractsModule
{
    public static IServiceCollection AddContracts(this IServiceCollection services)
    {
        services.AddScoped<ContractCommands>();
        services.AddScoped<ContractQueries>();
        services.AddScoped<DisposalCommands>();
        services.AddScoped<DisposalQueries>();
        services.AddScoped<IncomeCommands>();
        return services;
    }

    public static IEndpointRouteBuilder MapContracts(this IEndpointRouteBuilder app)
    {
        app.MapContractEndpoints();
        app.MapDisposalEndpoints();
        app.MapIncomeEndpoints();
        return app;
    }
}

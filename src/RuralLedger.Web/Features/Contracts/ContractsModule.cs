using RuralLedger.Web.Features.Disposals;
using RuralLedger.Web.Features.Income;

namespace RuralLedger.Web.Features.Contracts;

/// <summary>Operating contracts, asset income and disposals: their services and endpoints.</summary>
internal static class ContractsModule
{
    public static IServiceCollection AddContracts(this IServiceCollection services)
    {
        services.AddScoped<ContractWriter>();
        services.AddScoped<ContractQueries>();
        services.AddScoped<DisposalWriter>();
        services.AddScoped<DisposalQueries>();
        services.AddScoped<IncomeLedger>();
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

namespace RuralLedger.Web.Features.Contracts;

/// <summary>Operating contracts (经营合同): their services and endpoints.</summary>
internal static class ContractsModule
{
    public static IServiceCollection AddContracts(this IServiceCollection services)
    {
        services.AddScoped<ContractCommands>();
        services.AddScoped<ContractQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapContracts(this IEndpointRouteBuilder app)
    {
        app.MapContractEndpoints();
        return app;
    }
}

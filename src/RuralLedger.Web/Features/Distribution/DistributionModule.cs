namespace RuralLedger.Web.Features.Distribution;

/// <summary>Income distribution (收益分配): rules, plans, payments and exports; services and /api/plans, /api/rules.</summary>
internal static class DistributionModule
{
    public static IServiceCollection AddDistribution(this IServiceCollection services)
    {
        services.AddScoped<PlanCommands>();
        services.AddScoped<PaymentCommands>();
        services.AddScoped<DistributionQueries>();
        services.AddScoped<Rules>();
        services.AddScoped<DistributionExport>();
        return services;
    }

    public static IEndpointRouteBuilder MapDistribution(this IEndpointRouteBuilder app)
    {
        app.MapDistributionEndpoints();
        return app;
    }
}

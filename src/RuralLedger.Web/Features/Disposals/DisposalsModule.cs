
namespace RuralLedger.Web.Features.Disposals;

/// <summary>Disposals (资产处置): commands, queries and /api/disposals.</summary>
internal static class DisposalsModule
{
    public static IServiceCollection AddDisposals(this IServiceCollection services)
    {
        services.AddScoped<DisposalCommands>();
        services.AddScoped<DisposalQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapDisposals(this IEndpointRouteBuilder app)
    {
        app.MapDisposalEndpoints();
        return app;
    }
}

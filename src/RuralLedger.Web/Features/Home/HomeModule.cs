
namespace RuralLedger.Web.Features.Home;

/// <summary>The home overview: its query and /api/overview.</summary>
internal static class HomeModule
{
    public static IServiceCollection AddHome(this IServiceCollection services)
    {
        services.AddScoped<OverviewQuery>();
        return services;
    }

    public static IEndpointRouteBuilder MapHome(this IEndpointRouteBuilder app)
    {
        app.MapOverviewEndpoints();
        return app;
    }
}


namespace RuralLedger.Web.Features.Areas;

/// <summary>Areas (区划): the area tree query and /api/areas.</summary>
internal static class AreasModule
{
    public static IServiceCollection AddAreas(this IServiceCollection services)
    {
        services.AddScoped<AreaQuery>();
        return services;
    }

    public static IEndpointRouteBuilder MapAreas(this IEndpointRouteBuilder app)
    {
        app.MapAreaEndpoints();
        return app;
    }
}

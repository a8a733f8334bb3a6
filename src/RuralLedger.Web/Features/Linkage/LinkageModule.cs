using RuralLedger.Web.Features.Linkage.PublicWelfareJobs;

namespace RuralLedger.Web.Features.Linkage;

/// <summary>Benefit linkage (利益联结): public-welfare posts so far.</summary>
internal static class LinkageModule
{
    public static IServiceCollection AddLinkage(this IServiceCollection services)
    {
        services.AddScoped<PublicJobCommands>();
        return services;
    }

    public static IEndpointRouteBuilder MapLinkage(this IEndpointRouteBuilder app)
    {
        app.MapPublicJobEndpoints();
        return app;
    }
}

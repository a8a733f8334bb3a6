using RuralLedger.Data.Audit;

namespace RuralLedger.Web.Features.Audit;

/// <summary>The audit log and chain verification for inspectors: query and /api/audit.</summary>
internal static class AuditModule
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditVerifier>();
        services.AddScoped<AuditLogQuery>();
        return services;
    }

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapAuditEndpoints();
        return app;
    }
}

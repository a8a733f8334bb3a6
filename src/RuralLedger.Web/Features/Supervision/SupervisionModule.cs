using RuralLedger.Web.Features.Supervision.Inspections;
using RuralLedger.Web.Features.Supervision.Warnings;

namespace RuralLedger.Web.Features.Supervision;

/// <summary>Supervision (监督检查): inspections, findings and rectification; anomaly rules and their warnings.</summary>
internal static class SupervisionModule
{
    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        services.AddOptions<SupervisionOptions>().BindConfiguration(SupervisionOptions.Section);
        services.AddScoped<InspectionCommands>();
        services.AddScoped<InspectionQueries>();
        services.AddScoped<WarningCommands>();
        services.AddScoped<OverdueFindings>();
        services.AddHostedService<NightlyRules>();
        return services;
    }

    public static IEndpointRouteBuilder MapSupervision(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SupervisionOptions>>().Value;
        app.MapSupervisionEndpoints(options.MaxRequestBytes);
        return app;
    }
}

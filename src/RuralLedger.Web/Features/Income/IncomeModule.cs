
namespace RuralLedger.Web.Features.Income;

/// <summary>The income ledger (资产收益台账): commands and /api/income.</summary>
internal static class IncomeModule
{
    public static IServiceCollection AddIncome(this IServiceCollection services)
    {
        services.AddScoped<IncomeCommands>();
        return services;
    }

    public static IEndpointRouteBuilder MapIncome(this IEndpointRouteBuilder app)
    {
        app.MapIncomeEndpoints();
        return app;
    }
}

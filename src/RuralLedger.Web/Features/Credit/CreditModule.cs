using RuralLedger.Data.Credit;

namespace RuralLedger.Web.Features.Credit;

/// <summary>Microcredit (小额信贷): policy versions, applications to disbursement, repayments, subsidy claims, overdue aging.</summary>
internal static class CreditModule
{
    public static IServiceCollection AddCredit(this IServiceCollection services)
    {
        services.AddScoped<LoanCommands>();
        services.AddScoped<LoanQueries>();
        services.AddScoped<SubsidyClaims>();
        services.AddScoped<SubsidyClaimExport>();
        services.AddScoped<RepaymentImport>();
        services.AddScoped<LoanImport>();
        services.AddScoped<OverdueExport>();
        services.AddScoped<CreditPolicyCommands>();
        return services;
    }

    public static IEndpointRouteBuilder MapCredit(this IEndpointRouteBuilder app)
    {
        app.MapCreditEndpoints();
        return app;
    }
}

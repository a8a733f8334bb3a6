using RuralLedger.Web.Features.Linkage.Agreements;
using RuralLedger.Web.Features.Linkage.Income;
using RuralLedger.Web.Features.Linkage.Land;
using RuralLedger.Web.Features.Linkage.Orders;
using RuralLedger.Web.Features.Linkage.PublicWelfareJobs;
using RuralLedger.Web.Features.Linkage.Training;
using RuralLedger.Web.Features.Linkage.Wages;

namespace RuralLedger.Web.Features.Linkage;

/// <summary>Benefit linkage (利益联结): public-welfare posts, agreements, payroll wages, order farming, land transfer, training and household income by category.</summary>
internal static class LinkageModule
{
    public static IServiceCollection AddLinkage(this IServiceCollection services)
    {
        services.AddScoped<PublicJobCommands>();
        services.AddScoped<AgreementCommands>();
        services.AddScoped<PayrollImport>();
        services.AddScoped<WageQueries>();
        services.AddScoped<HouseholdIncomeQuery>();
        services.AddScoped<IncomeCommands>();
        services.AddScoped<OrderCommands>();
        services.AddScoped<DeliveryImport>();
        services.AddScoped<LandCommands>();
        services.AddScoped<TrainingCommands>();
        services.AddScoped<AgreementDrafts>();
        services.AddScoped<AgreementImport>();
        services.AddScoped<LandImport>();
        services.AddScoped<TrainingImport>();
        return services;
    }

    public static IEndpointRouteBuilder MapLinkage(this IEndpointRouteBuilder app)
    {
        app.MapPublicJobEndpoints();
        app.MapAgreementEndpoints();
        app.MapWageEndpoints();
        app.MapIncomeEndpoints();
        app.MapOrderEndpoints();
        app.MapLandEndpoints();
        app.MapTrainingEndpoints();
        return app;
    }
}

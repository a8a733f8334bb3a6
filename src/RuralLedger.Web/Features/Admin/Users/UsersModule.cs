
namespace RuralLedger.Web.Features.Admin.Users;

/// <summary>User administration (county administrators): commands and /api/users.</summary>
internal static class UsersModule
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddScoped<UserCommands>();
        return services;
    }

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        app.MapUserEndpoints();
        return app;
    }
}

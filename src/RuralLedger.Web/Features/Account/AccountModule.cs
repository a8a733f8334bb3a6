namespace RuralLedger.Web.Features.Account;

/// <summary>Sign-in, sign-out and password change; pages only (the cookie scheme is in Infrastructure/Authentication).</summary>
internal static class AccountModule
{
    public static IServiceCollection AddAccount(this IServiceCollection services) => services.AddScoped<SignInCommands>();
}

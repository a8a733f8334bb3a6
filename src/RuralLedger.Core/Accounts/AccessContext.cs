using RuralLedger.Core.Areas;

namespace RuralLedger.Core.Accounts;

/// <summary>
/// Who is acting and over which part of the area tree, for one request or one job. The data layer filters every
/// query by <see cref="Scope"/> and stamps every audit row with the actor; nothing reads the HTTP user directly.
/// Starts as <see cref="AreaScope.None"/>: forgetting to set it shows nothing rather than everything.
/// </summary>
public sealed class AccessContext
{
    public AreaScope Scope { get; private set; } = AreaScope.None;

    public long? ActorId { get; private set; }

    public string ActorName { get; private set; } = "匿名";

    public Role? Role { get; private set; }

    public string? BankName { get; private set; }

    /// <summary>The bank organisation a bank officer acts for; the key of bank scope (see <see cref="IBankScoped"/>).</summary>
    public string? BankCode { get; private set; }

    public string RequestId { get; set; } = "";

    public static AccessContext System(string jobName) => new() { Scope = AreaScope.All, ActorName = "系统:" + jobName };

    public void SignedIn(long userId, string userName, Role role, AreaScope scope, string? bankName, string? bankCode = null)
    {
        ActorId = userId;
        ActorName = userName;
        Role = role;
        Scope = scope;
        BankName = bankName;
        BankCode = role == Accounts.Role.BankOfficer ? bankCode : null;
    }

    public void ActAsSystem(string jobName)
    {
        Scope = AreaScope.All;
        ActorId = null;
        ActorName = "系统:" + jobName;
        Role = null;
        BankCode = null;
    }

    public bool IsSignedIn => ActorId is not null;
}

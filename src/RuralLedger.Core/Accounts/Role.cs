namespace RuralLedger.Core.Accounts;

/// <summary>The roles of DOMAIN.md. Stored by name; the public (notice board) has no account.</summary>
public enum Role
{
    CountyAdmin = 1,
    CountyStaff = 2,
    TownshipOfficer = 3,
    VillageOfficer = 4,
    BankOfficer = 5,
    Supervisor = 6,
}

public static class Roles
{
    public const string CountyAdmin = nameof(Role.CountyAdmin);
    public const string CountyStaff = nameof(Role.CountyStaff);
    public const string TownshipOfficer = nameof(Role.TownshipOfficer);
    public const string VillageOfficer = nameof(Role.VillageOfficer);
    public const string BankOfficer = nameof(Role.BankOfficer);
    public const string Supervisor = nameof(Role.Supervisor);

    public static string DisplayName(Role role) => role switch
    {
        Role.CountyAdmin => "县级管理员",
        Role.CountyStaff => "县级业务人员",
        Role.TownshipOfficer => "乡镇干部",
        Role.VillageOfficer => "村干部",
        Role.BankOfficer => "银行经办人员",
        Role.Supervisor => "纪检审计人员",
    };

    /// <summary>The area level a role's scope must be at.</summary>
    public static Areas.AreaLevel ScopeLevel(Role role) => role switch
    {
        Role.TownshipOfficer => Areas.AreaLevel.Township,
        Role.VillageOfficer => Areas.AreaLevel.Village,
        _ => Areas.AreaLevel.County,
    };

    /// <summary>Roles that may change registry records (supervisors and bank officers read only).</summary>
    public static bool CanEditRegistry(Role role) => role is Role.CountyAdmin or Role.CountyStaff or Role.TownshipOfficer or Role.VillageOfficer;

    /// <summary>Roles that see full citizen IDs, bank accounts and phones on request (each unmasking is audited).</summary>
    public static bool CanUnmask(Role role) => role is Role.CountyAdmin or Role.CountyStaff or Role.VillageOfficer or Role.BankOfficer;
}

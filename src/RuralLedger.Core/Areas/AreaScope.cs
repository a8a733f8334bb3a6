using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Areas;

/// <summary>
/// A record that belongs somewhere in the area tree. County-level records (e.g. assets of the county company)
/// have no township or village; a village officer never sees them.
/// </summary>
public interface IAreaScoped
{
    string CountyCode { get; }

    DivisionCode? TownshipCode { get; }

    DivisionCode? VillageCode { get; }
}

public enum ScopeKind
{
    /// <summary>Sees nothing (anonymous callers, unknown roles).</summary>
    None = 0,

    /// <summary>System jobs: migrations, demo load, CLI maintenance.</summary>
    All = 1,

    County = 2,
    Township = 3,
    Village = 4,
}

/// <summary>What part of the area tree a caller may read and write. Enforced by the data layer on every query.</summary>
public sealed record AreaScope(ScopeKind Kind, DivisionCode? Code)
{
    public static readonly AreaScope None = new(ScopeKind.None, null);

    public static readonly AreaScope All = new(ScopeKind.All, null);

    public static AreaScope Of(DivisionCode code) => code.Level switch
    {
        AreaLevel.County => new AreaScope(ScopeKind.County, code),
        AreaLevel.Township => new AreaScope(ScopeKind.Township, code),
        AreaLevel.Village => new AreaScope(ScopeKind.Village, code),
        AreaLevel.Group => throw new DomainException("scope.group_not_allowed", "权限范围最小到行政村。", "scope"),
    };

    public string CountyCode => Code?.County ?? "";

    public bool Covers(DivisionCode code) => Kind switch
    {
        ScopeKind.None => false,
        ScopeKind.All => true,
        _ => Code!.Value.Contains(code),
    };

    public bool Covers(IAreaScoped record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Kind switch
        {
            ScopeKind.None => false,
            ScopeKind.All => true,
            ScopeKind.County => record.CountyCode == CountyCode,
            ScopeKind.Township => record.TownshipCode == Code,
            ScopeKind.Village => record.VillageCode == Code,
        };
    }

    /// <summary>Refuses a write outside the scope. 404 rather than 403: existence elsewhere is not disclosed.</summary>
    public void Demand(DivisionCode code, string field)
    {
        if (!Covers(code))
        {
            throw new DomainException("scope.out_of_scope", $"区划 {code} 不在您的权限范围内。", field);
        }
    }

    public override string ToString() => Kind switch
    {
        ScopeKind.None => "无",
        ScopeKind.All => "系统",
        _ => Code!.Value.Value,
    };
}

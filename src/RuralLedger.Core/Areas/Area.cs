using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Areas;

/// <summary>One node of county &gt; township &gt; village &gt; group. The code fixes the level and the parent.</summary>
public sealed class Area : IAreaScoped
{
    private Area()
    {
        Code = default;
        Name = "";
        CountyCode = "";
    }

    public Area(DivisionCode code, string name, Area? parent, bool formerlyPoor = false)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("area.name_required", "区划名称不能为空。", "name");
        }
        if (code.Level == AreaLevel.County)
        {
            if (parent is not null)
            {
                throw new DomainException("area.county_has_parent", "县级区划不能有上级。", "parent");
            }
        }
        else
        {
            if (parent is null)
            {
                throw new DomainException("area.parent_required", $"“{name}”缺少上级区划。", "parent");
            }
            if ((int)parent.Level != (int)code.Level - 1 || !parent.Code.Contains(code))
            {
                throw new DomainException("area.parent_mismatch", $"区划代码 {code} 不属于上级“{parent.Name}”（{parent.Code}）。", "code");
            }
        }
        Code = code;
        Level = code.Level;
        CountyCode = code.County;
        TownshipCode = code.TownshipOf();
        VillageCode = code.Level >= AreaLevel.Village ? DivisionCode.Parse(code.Value[..12]) : null;
        Name = name.Trim();
        Parent = parent;
        FormerlyPoor = formerlyPoor;
    }

    public AreaId Id { get; private set; }

    public DivisionCode Code { get; private set; }

    public string Name { get; private set; }

    public AreaId? ParentId { get; private set; }

    public Area? Parent { get; private set; }

    /// <summary>A village that was a registered poor village (贫困村), the seed county's 44 出列村.</summary>
    public bool FormerlyPoor { get; private set; }

    /// <summary>Stored copy of <see cref="DivisionCode.Level"/> so that queries can filter on it.</summary>
    public AreaLevel Level { get; private set; }

    /// <summary>Partition key.</summary>
    public string CountyCode { get; private set; }

    /// <summary>The township this area is or lies in (none for the county).</summary>
    public DivisionCode? TownshipCode { get; private set; }

    /// <summary>The village this area is or lies in (none above village level).</summary>
    public DivisionCode? VillageCode { get; private set; }

    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("area.name_required", "区划名称不能为空。", "name");
        }
        Name = name.Trim();
    }
}

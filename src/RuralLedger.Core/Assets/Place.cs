using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Assets;

/// <summary>
/// Where an asset-side record sits in the area tree: a village, a township or the county itself. County-level
/// records (the county company's assets spanning townships) carry no township or village code, so a village
/// officer never sees them; the columns are copied onto every area-bound row for the scope filter.
/// </summary>
public readonly record struct Place(string CountyCode, DivisionCode? TownshipCode, DivisionCode? VillageCode)
{
    public static Place Of(DivisionCode code) => code.Level switch
    {
        AreaLevel.County => new Place(code.County, null, null),
        AreaLevel.Township => new Place(code.County, code, null),
        AreaLevel.Village => new Place(code.County, code.TownshipOf(), code),
        AreaLevel.Group => throw new DomainException("assets.place_group", "资产所在地最小到行政村。", "areaCode"),
    };

    /// <summary>The narrowest area: the village, else the township, else the county.</summary>
    public DivisionCode Code => VillageCode ?? TownshipCode ?? DivisionCode.ForCounty(CountyCode);

    /// <summary>The lowest area that contains both places (a contract over assets in two villages sits at their township).</summary>
    public Place CommonWith(Place other)
    {
        if (other.CountyCode != CountyCode)
        {
            throw new DomainException("assets.cross_county", "不能跨县组合资产。", "assetIds");
        }
        if (VillageCode == other.VillageCode)
        {
            return this;
        }
        if (TownshipCode == other.TownshipCode)
        {
            return new Place(CountyCode, TownshipCode, null);
        }
        return new Place(CountyCode, null, null);
    }
}

using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Linkage;

/// <summary>How a delivery is priced, as the order (or its agreement) says.</summary>
public enum PricingRule
{
    Market = 1,      // 随行就市：按交售日的市场价
    Guaranteed = 2,  // 保护价收购：按约定价
    Floor = 3,       // 保底价：市场价与保底价取高
}

public readonly record struct FarmOrderId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct FarmDeliveryId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Where a record not bound to one household belongs: where the officer who entered it works (county, township or village).</summary>
public sealed record EntryPlace(string CountyCode, DivisionCode? TownshipCode, DivisionCode? VillageCode);

/// <summary>
/// 订单农业: a buyer (enterprise or cooperative, by its GB 32100 credit code) contracts to buy a product of a season at a
/// guaranteed price per kg, from registered households who deliver against it. Linked to an order-purchase agreement
/// where one exists, the agreement's guaranteed price is the order's and a floor: the household is paid the higher of
/// it and the market price.
/// </summary>
public sealed class FarmOrder : IAreaScoped
{
    public const int MaxTextLength = 100;

    private FarmOrder()
    {
        CountyCode = "";
        BuyerName = "";
        BuyerCode = "";
        Product = "";
        Season = "";
        RecordedBy = "";
    }

    public FarmOrder(EntryPlace place, string buyerName, string buyerCode, string product, Hundredths quantityKg, Money guaranteedPrice, PricingRule pricing,
        int year, string season, LinkageAgreement? agreement, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(place);
        BuyerName = RequiredText.Of(buyerName, "buyerName", "收购方名称", MaxTextLength);
        Product = RequiredText.Of(product, "product", "产品", MaxTextLength);
        Season = RequiredText.Of(season, "season", "季节（批次）", MaxTextLength);
        if (!Enum.IsDefined(pricing))
        {
            throw new DomainException("input.choice", "定价方式不是可选的值。", "pricing");
        }
        if (!quantityKg.IsPositive)
        {
            throw new DomainException("orders.quantity", "订单数量须大于零。", "quantityKg");
        }
        if (year is < 2000 or > 2100)
        {
            throw new DomainException("orders.year", "年度应在 2000–2100 之间。", "year");
        }
        if (agreement is not null)
        {
            if (agreement.Type is not (AgreementType.OrderPurchase or AgreementType.Mixed) || agreement.Status != AgreementStatus.Active)
            {
                throw new DomainException("orders.agreement", $"协议 {agreement.Number} 不是履行中的订单收购（或混合）协议。", "agreementId");
            }
            else if (agreement.Benefits.GuaranteedPricePerKg.Fen > 0)
            {
                // The agreement's promise governs: its price is the floor, whatever the form said.
                guaranteedPrice = agreement.Benefits.GuaranteedPricePerKg;
                pricing = PricingRule.Floor;
            }
        }
        if (guaranteedPrice.IsNegative || (pricing != PricingRule.Market && guaranteedPrice.Fen == 0))
        {
            throw new DomainException("orders.price", "保护价（保底价）须大于零；随行就市的订单可不填。", "guaranteedPrice");
        }
        (CountyCode, TownshipCode, VillageCode) = place;
        BuyerCode = buyerCode;
        QuantityKg = quantityKg;
        GuaranteedPrice = guaranteedPrice;
        Pricing = pricing;
        Year = year;
        AgreementId = agreement?.Id;
        AgreementNumber = agreement?.Number;
        RecordedBy = by;
        RecordedAt = at;
    }

    public FarmOrderId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public string BuyerName { get; private set; }

    /// <summary>The buyer's unified social credit code (GB 32100).</summary>
    public string BuyerCode { get; private set; }

    public string Product { get; private set; }

    public Hundredths QuantityKg { get; private set; }

    /// <summary>Per kg; zero for an order bought at market price.</summary>
    public Money GuaranteedPrice { get; private set; }

    public PricingRule Pricing { get; private set; }

    public int Year { get; private set; }

    public string Season { get; private set; }

    public LinkageAgreementId? AgreementId { get; private set; }

    public string? AgreementNumber { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>The price per kg the household is paid, given the market price of the day.</summary>
    public Money PriceFor(Money market) => Pricing switch
    {
        PricingRule.Market => market,
        PricingRule.Guaranteed => GuaranteedPrice,
        PricingRule.Floor => market > GuaranteedPrice ? market : GuaranteedPrice,
    };
}

/// <summary>The registry facts a record copies from its household, so it is scoped and listed like the household.</summary>
public sealed record HouseholdRef(HouseholdId Id, string HouseholdNo, string HeadName, string CountyCode, DivisionCode TownshipCode, DivisionCode VillageCode);

/// <summary>
/// One household's delivery against an order on a day: weight to 0.01 kg, the market price of the day, the price paid by
/// the order's rule, and the amount (weight × price, half away from zero to the fen). Unique per order, household and
/// day, so a delivery sheet imported twice records each delivery once.
/// </summary>
public sealed class FarmDelivery : IAreaScoped
{
    private FarmDelivery()
    {
        CountyCode = "";
        HouseholdNo = "";
        HeadName = "";
        RecordedBy = "";
    }

    public FarmDelivery(FarmOrder order, HouseholdRef household, DateOnly deliveredOn, Hundredths weightKg, Money marketPrice, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(household);
        if (!weightKg.IsPositive)
        {
            throw new DomainException("orders.weight", "交售重量须大于零。", "weightKg");
        }
        if (marketPrice.IsNegative || (order.Pricing == PricingRule.Market && marketPrice.Fen == 0))
        {
            throw new DomainException("orders.market_price", "市场价须大于零（随行就市的订单按市场价结算）。", "marketPrice");
        }
        OrderId = order.Id;
        HouseholdId = household.Id;
        HouseholdNo = household.HouseholdNo;
        HeadName = household.HeadName;
        CountyCode = household.CountyCode;
        TownshipCode = household.TownshipCode;
        VillageCode = household.VillageCode;
        DeliveredOn = deliveredOn;
        Year = deliveredOn.Year;
        WeightKg = weightKg;
        MarketPrice = marketPrice;
        PricePaid = order.PriceFor(marketPrice);
        Amount = weightKg.Times(PricePaid);
        RecordedBy = by;
        RecordedAt = at;
    }

    public FarmDeliveryId Id { get; private set; }

    public FarmOrderId OrderId { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string HouseholdNo { get; private set; }

    public string HeadName { get; private set; }

    public DateOnly DeliveredOn { get; private set; }

    /// <summary>The calendar year of the delivery: the year its amount counts as the household's business income.</summary>
    public int Year { get; private set; }

    public Hundredths WeightKg { get; private set; }

    public Money MarketPrice { get; private set; }

    public Money PricePaid { get; private set; }

    public Money Amount { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
}

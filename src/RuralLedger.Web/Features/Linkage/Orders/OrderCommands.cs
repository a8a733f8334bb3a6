using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Orders;

/// <summary>
/// An order to record: the buyer (name, GB 32100 credit code), product, quantity in kg, guaranteed price per kg (none
/// for market price), pricing rule, year and season, and the order-purchase agreement it executes, if any (its
/// guaranteed price then governs as a floor).
/// </summary>
public sealed record OrderInput(string? BuyerName, string? BuyerCode, string? Product, decimal? QuantityKg, Money? GuaranteedPrice, PricingRule Pricing,
    int? Year, string? Season, long? AgreementId);

/// <summary>A household's delivery: household number, day, weight in kg (to 0.01), the market price per kg that day.</summary>
public sealed record DeliveryInput(string? HouseholdNo, DateOnly? DeliveredOn, decimal? WeightKg, Money? MarketPrice);

public sealed record OrderListItem(long Id, string BuyerName, string BuyerCode, string Product, decimal QuantityKg, Money GuaranteedPrice, string PricingName,
    int Year, string Season, string? AgreementNumber, int Deliveries, int Households, decimal DeliveredKg, Money Paid);

public sealed record DeliveryView(long Id, long HouseholdId, string HouseholdNo, string HeadName, DateOnly DeliveredOn, decimal WeightKg, Money MarketPrice,
    Money PricePaid, Money Amount);

public sealed record OrderView(long Id, string BuyerName, string BuyerCode, string Product, decimal QuantityKg, Money GuaranteedPrice, PricingRule Pricing,
    string PricingName, int Year, string Season, long? AgreementId, string? AgreementNumber, string RecordedBy, int Households, decimal DeliveredKg, Money Paid,
    IReadOnlyList<DeliveryView> Deliveries);

/// <summary>订单农业: orders, deliveries, list, detail and the xlsx ledger, all in the caller's scope.</summary>
public sealed class OrderCommands(RuralDbContext db, AuditWriter audit, TimeProvider clock)
{
    public async Task<long> CreateAsync(OrderInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var code = v.Try("buyerCode", () => CreditCode.Parse(input.BuyerCode, "buyerCode").Value);
        var quantity = v.Try("quantityKg", () => LinkageRecords.Measure(input.QuantityKg, "quantityKg", "订单数量"));
        var year = v.Try("year", () => input.Year ?? throw new DomainException("input.required", "年度不能为空。", "year"));
        LinkageAgreement? agreement = null;
        if (input.AgreementId is { } a)
        {
            agreement = await db.LinkageAgreements.AsNoTracking().SingleOrDefaultAsync(x => x.Id == new LinkageAgreementId(a), ct);
            if (agreement is null)
            {
                v.Add("agreementId", $"协议 {a} 不存在或不在您的权限范围内。");
            }
        }
        v.ThrowIfAny();
        var order = new FarmOrder(LinkageRecords.PlaceOf(db.Access.Scope), input.BuyerName ?? "", code!, input.Product ?? "", quantity, input.GuaranteedPrice ?? Money.Zero,
            input.Pricing, year, input.Season ?? "", agreement, db.Access.ActorName, clock.GetUtcNow());
        db.FarmOrders.Add(order);
        await db.SaveChangesAsync(ct);
        return order.Id.Value;
    }

    /// <summary>One delivery; the same household's delivery on the same day again is 409 <c>orders.delivery_exists</c>.</summary>
    public async Task<long> DeliverAsync(long orderId, DeliveryInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var order = await FindAsync(orderId, ct);
        var v = new Validation();
        var household = await LinkageRecords.HouseholdAsync(db, input.HouseholdNo, "householdNo", v, ct);
        var on = v.Try("deliveredOn", () => Inputs.NotAfterToday(input.DeliveredOn, BusinessCalendar.Today(clock), "deliveredOn", "交售日期"));
        var weight = v.Try("weightKg", () => LinkageRecords.Measure(input.WeightKg, "weightKg", "交售重量"));
        v.ThrowIfAny();
        var delivery = new FarmDelivery(order, household!, on, weight, input.MarketPrice ?? Money.Zero, db.Access.ActorName, clock.GetUtcNow());
        db.FarmDeliveries.Add(delivery);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("orders.delivery_exists", $"户 {household!.HouseholdNo} 在 {BusinessCalendar.Format(on)} 的交售已登记。", "householdNo");
        }
        return delivery.Id.Value;
    }

    public async Task<IReadOnlyList<OrderListItem>> ListAsync(int? year, CancellationToken ct)
    {
        var orders = db.FarmOrders.AsNoTracking();
        if (year is { } y)
        {
            orders = orders.Where(o => o.Year == y);
        }
        var rows = await orders.OrderByDescending(o => o.Year).ThenByDescending(o => o.Id).Take(500).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var totals = await db.FarmDeliveries.AsNoTracking().Where(d => ids.Contains(d.OrderId)).GroupBy(d => d.OrderId)
            .Select(g => new { g.Key, Count = g.Count(), Households = g.Select(d => d.HouseholdId).Distinct().Count(), Weight = g.Sum(d => (long)d.WeightKg), Fen = g.Sum(d => (long)d.Amount) })
            .ToDictionaryAsync(x => x.Key, ct);
        return rows.Select(o =>
        {
            var t = totals.GetValueOrDefault(o.Id);
            return new OrderListItem(o.Id.Value, o.BuyerName, o.BuyerCode, o.Product, o.QuantityKg.Decimal, o.GuaranteedPrice, LinkageNames.Of(o.Pricing), o.Year,
                o.Season, o.AgreementNumber, t?.Count ?? 0, t?.Households ?? 0, new Hundredths(t?.Weight ?? 0).Decimal, Money.FromFen(t?.Fen ?? 0));
        }).ToList();
    }

    public async Task<OrderView> GetAsync(long id, CancellationToken ct)
    {
        var o = await FindAsync(id, ct);
        var deliveries = await db.FarmDeliveries.AsNoTracking().Where(d => d.OrderId == o.Id).OrderBy(d => d.DeliveredOn).ThenBy(d => d.HouseholdNo).ToListAsync(ct);
        return new OrderView(o.Id.Value, o.BuyerName, o.BuyerCode, o.Product, o.QuantityKg.Decimal, o.GuaranteedPrice, o.Pricing, LinkageNames.Of(o.Pricing), o.Year,
            o.Season, o.AgreementId?.Value, o.AgreementNumber, o.RecordedBy, deliveries.Select(d => d.HouseholdId).Distinct().Count(),
            deliveries.Aggregate(Hundredths.Zero, (s, d) => s + d.WeightKg).Decimal, Money.Sum(deliveries.Select(d => d.Amount)),
            deliveries.Select(d => new DeliveryView(d.Id.Value, d.HouseholdId.Value, d.HouseholdNo, d.HeadName, d.DeliveredOn, d.WeightKg.Decimal, d.MarketPrice,
                d.PricePaid, d.Amount)).ToList());
    }

    /// <summary>订单农业交售台账: one row per delivery in the caller's scope (of a year, or all), with one audited <c>export</c> event.</summary>
    public async Task<(byte[] Content, string FileName)> ExportAsync(int? year, CancellationToken ct)
    {
        var deliveries = db.FarmDeliveries.AsNoTracking();
        if (year is { } y)
        {
            deliveries = deliveries.Where(d => d.Year == y);
        }
        var rows = await deliveries.Join(db.FarmOrders.AsNoTracking(), d => d.OrderId, o => o.Id, (d, o) => new { d, o })
            .OrderBy(x => x.o.Id).ThenBy(x => x.d.DeliveredOn).ThenBy(x => x.d.HouseholdNo).ToListAsync(ct);
        var sheet = rows.Select(x => new Dictionary<string, object?>
        {
            ["订单号"] = x.o.Id.Value,
            ["收购方"] = x.o.BuyerName,
            ["统一社会信用代码"] = x.o.BuyerCode,
            ["产品"] = x.o.Product,
            ["年度"] = x.o.Year,
            ["季节（批次）"] = x.o.Season,
            ["定价方式"] = LinkageNames.Of(x.o.Pricing),
            ["保护价（元/千克）"] = x.o.GuaranteedPrice.Yuan,
            ["联结协议"] = x.o.AgreementNumber,
            ["户编号"] = x.d.HouseholdNo,
            ["户主"] = x.d.HeadName,
            ["交售日期"] = BusinessCalendar.Format(x.d.DeliveredOn),
            ["重量（千克）"] = x.d.WeightKg.Decimal,
            ["市场价（元/千克）"] = x.d.MarketPrice.Yuan,
            ["结算价（元/千克）"] = x.d.PricePaid.Yuan,
            ["金额（元）"] = x.d.Amount.Yuan,
        }).ToList();
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { ["订单农业交售"] = sheet },
            configuration: new OpenXmlConfiguration { FreezeRowCount = 1, AutoFilter = true }, cancellationToken: ct);
        var county = db.Access.Scope.CountyCode is { Length: > 0 } c ? c : AuditWriter.SystemChain;
        await audit.AppendAsync(db, [new AuditRecord(county, "export", nameof(FarmDelivery), "*", null, Json.Object(("ledger", "farm-deliveries"), ("rows", sheet.Count)))], ct);
        var stamp = BusinessCalendar.Now(clock).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return (buffer.ToArray(), $"订单农业交售台账_{stamp}.xlsx");
    }

    /// <summary>The agreements an order may execute: order purchase or mixed, in force.</summary>
    public async Task<IReadOnlyList<(long Id, string Label)>> AgreementChoicesAsync(CancellationToken ct) =>
        (await db.LinkageAgreements.AsNoTracking()
            .Where(a => a.Status == AgreementStatus.Active && (a.Type == AgreementType.OrderPurchase || a.Type == AgreementType.Mixed))
            .OrderBy(a => a.Number).Select(a => new { a.Id, a.Number, a.PartnerName }).ToListAsync(ct))
        .Select(a => (a.Id.Value, $"{a.Number} {a.PartnerName}")).ToList();

    internal async Task<FarmOrder> FindAsync(long id, CancellationToken ct) =>
        await db.FarmOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == new FarmOrderId(id), ct)
        ?? throw new NotFoundException("orders.not_found", $"订单 {id} 不存在或不在您的权限范围内。");
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data.Bulk;

namespace RuralLedger.Data.Demo;

public sealed record GeneratedLinkage(long WageRows, long Deliveries, long LandTransfers, long Attendees);

/// <summary>
/// Linkage records of one year at province scale, for the linkage bench (issue #16): a member in five paid
/// <see cref="WageMonths"/> months by an enterprise, a household in ten delivering twice to its county's order, a household in
/// twenty leasing land with the year's rent received, and in every village a class attended by a member in 25. Built with
/// the domain's constructors (prices, rents and amounts computed as entered ones are) and written page by page through
/// the bulk sink (sealed, one transaction, no audit event per row); pages are read by household id, so neither provider
/// holds a reader open while writing.
/// </summary>
public sealed class DemoLinkageGenerator(RuralDbContext db, TimeProvider clock)
{
    public const int WageMonths = 3;

    private const int Page = 20_000;

    private static readonly BulkColumn<FarmDelivery>[] DeliveryColumns =
    [
        new("order_id", NpgsqlDbType.Bigint, d => d.OrderId.Value),
        new("county_code", NpgsqlDbType.Char, d => d.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, d => d.TownshipCode?.Value),
        new("village_code", NpgsqlDbType.Varchar, d => d.VillageCode?.Value),
        new("household_id", NpgsqlDbType.Bigint, d => d.HouseholdId.Value),
        new("household_no", NpgsqlDbType.Varchar, d => d.HouseholdNo),
        new("head_name", NpgsqlDbType.Varchar, d => d.HeadName),
        new("delivered_on", NpgsqlDbType.Date, d => d.DeliveredOn),
        new("year", NpgsqlDbType.Integer, d => d.Year),
        new("weight_kg", NpgsqlDbType.Bigint, d => d.WeightKg.Value),
        new("market_price", NpgsqlDbType.Bigint, d => d.MarketPrice.Fen),
        new("price_paid", NpgsqlDbType.Bigint, d => d.PricePaid.Fen),
        new("amount", NpgsqlDbType.Bigint, d => d.Amount.Fen),
        new("recorded_by", NpgsqlDbType.Varchar, d => d.RecordedBy),
        new("recorded_at", NpgsqlDbType.TimestampTz, d => d.RecordedAt.ToUniversalTime()),
    ];

    private static readonly BulkColumn<LandTransfer>[] TransferColumns =
    [
        new("county_code", NpgsqlDbType.Char, t => t.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, t => t.TownshipCode?.Value),
        new("village_code", NpgsqlDbType.Varchar, t => t.VillageCode?.Value),
        new("household_id", NpgsqlDbType.Bigint, t => t.HouseholdId.Value),
        new("household_no", NpgsqlDbType.Varchar, t => t.HouseholdNo),
        new("head_name", NpgsqlDbType.Varchar, t => t.HeadName),
        new("tenant_name", NpgsqlDbType.Varchar, t => t.TenantName),
        new("tenant_code", NpgsqlDbType.Char, t => t.TenantCode),
        new("location", NpgsqlDbType.Varchar, t => t.Location),
        new("area_mu", NpgsqlDbType.Bigint, t => t.AreaMu.Value),
        new("rent_per_mu", NpgsqlDbType.Bigint, t => t.RentPerMu.Fen),
        new("annual_rent", NpgsqlDbType.Bigint, t => t.AnnualRent.Fen),
        new("start_on", NpgsqlDbType.Date, t => t.StartOn),
        new("end_on", NpgsqlDbType.Date, t => t.EndOn),
        new("agreement_id", NpgsqlDbType.Bigint, t => t.AgreementId?.Value),
        new("recorded_by", NpgsqlDbType.Varchar, t => t.RecordedBy),
        new("recorded_at", NpgsqlDbType.TimestampTz, t => t.RecordedAt.ToUniversalTime()),
        new("version", NpgsqlDbType.Integer, t => t.Version),
    ];

    private static readonly BulkColumn<(long TransferId, RentPayment P)>[] PaymentColumns =
    [
        new("transfer_id", NpgsqlDbType.Bigint, x => x.TransferId),
        new("paid_on", NpgsqlDbType.Date, x => x.P.PaidOn),
        new("year", NpgsqlDbType.Integer, x => x.P.Year),
        new("amount", NpgsqlDbType.Bigint, x => x.P.Amount.Fen),
        new("note", NpgsqlDbType.Varchar, x => x.P.Note),
        new("recorded_by", NpgsqlDbType.Varchar, x => x.P.RecordedBy),
        new("recorded_at", NpgsqlDbType.TimestampTz, x => x.P.RecordedAt.ToUniversalTime()),
    ];

    private static readonly BulkColumn<TrainingSession>[] SessionColumns =
    [
        new("county_code", NpgsqlDbType.Char, s => s.CountyCode),
        new("township_code", NpgsqlDbType.Varchar, s => s.TownshipCode?.Value),
        new("village_code", NpgsqlDbType.Varchar, s => s.VillageCode?.Value),
        new("topic", NpgsqlDbType.Integer, s => (int)s.Topic),
        new("subject", NpgsqlDbType.Varchar, s => s.Subject),
        new("held_on", NpgsqlDbType.Date, s => s.HeldOn),
        new("year", NpgsqlDbType.Integer, s => s.Year),
        new("place", NpgsqlDbType.Varchar, s => s.Place),
        new("trainer", NpgsqlDbType.Varchar, s => s.Trainer),
        new("hours", NpgsqlDbType.Bigint, s => s.Hours.Value),
        new("recorded_by", NpgsqlDbType.Varchar, s => s.RecordedBy),
        new("recorded_at", NpgsqlDbType.TimestampTz, s => s.RecordedAt.ToUniversalTime()),
        new("version", NpgsqlDbType.Integer, s => s.Version),
    ];

    private static readonly BulkColumn<(long SessionId, TrainingAttendee A)>[] AttendeeColumns =
    [
        new("session_id", NpgsqlDbType.Bigint, x => x.SessionId),
        new("member_id", NpgsqlDbType.Bigint, x => x.A.MemberId.Value),
        new("member_name", NpgsqlDbType.Varchar, x => x.A.MemberName),
        new("household_id", NpgsqlDbType.Bigint, x => x.A.HouseholdId.Value),
        new("household_no", NpgsqlDbType.Varchar, x => x.A.HouseholdNo),
        new("village_code", NpgsqlDbType.Varchar, x => x.A.VillageCode.Value),
        new("attended", NpgsqlDbType.Boolean, x => x.A.Attended),
        new("completed", NpgsqlDbType.Boolean, x => x.A.Completed),
        new("certificate_no", NpgsqlDbType.Varchar, x => x.A.CertificateNo),
    ];

    public async Task<GeneratedLinkage> GenerateAsync(int year, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var by = db.Access.ActorName;
        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var orders = new Dictionary<string, FarmOrder>(StringComparer.Ordinal);
        foreach (var county in await db.Households.AsNoTracking().Select(h => h.CountyCode).Distinct().ToListAsync(ct))
        {
            var order = new FarmOrder(new EntryPlace(county, null, null), "县食用菌产业有限公司", Code(county, "MA6F2BN7"), "鲜香菇",
                Hundredths.From(5_000_000m, "quantityKg", "订单数量"), Money.FromYuan(6.5m), PricingRule.Floor, year, "秋季", null, by, now);
            db.FarmOrders.Add(order);
            orders[county] = order;
        }
        await db.SaveChangesAsync(ct);
        var (wageRows, deliveries, transfers, attendees) = (0L, 0L, 0L, 0L);
        var today = BusinessCalendar.Today(clock);
        var paidOn = new DateOnly(year, 3, 5) < today ? new DateOnly(year, 3, 5) : today;
        await using var sink = BulkSink.For(db, db.Database.GetDbConnection(), transaction.GetDbTransaction());
        HouseholdId? after = null;
        while (true)
        {
            var query = db.Households.AsNoTracking();
            if (after is { } a)
            {
                query = query.Where(h => h.Id > a);
            }
            var households = await query.OrderBy(h => h.Id).Take(Page)
                .Select(h => new HouseholdRef(h.Id, h.HouseholdNo, h.HeadName, h.CountyCode, h.TownshipCode, h.VillageCode)).ToListAsync(ct);
            if (households.Count == 0)
            {
                break;
            }
            var (first, last) = (households[0].Id, households[^1].Id);
            after = last;
            var byId = households.ToDictionary(h => h.Id);
            var members = await db.Members.AsNoTracking().Where(m => m.HouseholdId >= first && m.HouseholdId <= last).OrderBy(m => m.HouseholdId)
                .Select(m => new { m.Id, m.Name, m.CitizenIdHash, m.HouseholdId, m.TownshipCode, m.VillageCode }).ToListAsync(ct);

            var wages = new List<WageRecord>();
            foreach (var m in members.Where(m => m.Id.Value % 5 == 0))
            {
                var worker = new WorkerOf(m.HouseholdId, byId[m.HouseholdId].HouseholdNo, m.Id, m.TownshipCode, m.VillageCode);
                var county = byId[m.HouseholdId].CountyCode;
                for (var month = 1; month <= WageMonths; month++)
                {
                    wages.Add(new WageRecord(county, m.CitizenIdHash, m.Name, worker, Code(county, "MA6F3CP8"), "县电商产业园有限公司", year, month, 22,
                        Money.FromFen(250_000 + m.Id.Value % 50 * 1_000), by, now));
                }
            }
            await new WageBulkWriter(db).WriteAsync(wages, ct);
            wageRows += wages.Count;

            var delivered = households.Where(h => h.Id.Value % 10 == 0).SelectMany(h => new[]
            {
                new FarmDelivery(orders[h.CountyCode], h, new DateOnly(year, 9, 10), new Hundredths(30_000 + h.Id.Value % 40 * 500), Money.FromYuan(6.2m), by, now),
                new FarmDelivery(orders[h.CountyCode], h, new DateOnly(year, 10, 15), new Hundredths(25_000 + h.Id.Value % 30 * 400), Money.FromYuan(7.1m), by, now),
            }).ToList();
            await sink.WriteAsync("farm_deliveries", DeliveryColumns, delivered, ct);
            deliveries += delivered.Count;

            var leases = households.Where(h => h.Id.Value % 20 == 7).Select(h =>
            {
                var t = new LandTransfer(h, "县食用菌产业有限公司", Code(h.CountyCode, "MA6F2BN7"), "菌棚基地", new Hundredths(150 + h.Id.Value % 10 * 35),
                    Money.FromYuan(500m), new DateOnly(year, 3, 1), new DateOnly(year + 4, 2, 28), null, by, now);
                t.RecordPayment(paidOn, t.AnnualRent, "首年租金", today, by, now);
                return t;
            }).ToList();
            var leaseIds = await sink.WriteAsync("land_transfers", TransferColumns, leases, ct) ?? throw Unsealed("land_transfers");
            await sink.WriteAsync("land_rent_payments", PaymentColumns, leases.SelectMany((t, i) => t.Payments.Select(p => (leaseIds[i], p))).ToList(), ct);
            transfers += leases.Count;

            var classes = members.Where(m => m.Id.Value % 25 == 1).GroupBy(m => m.VillageCode).Select(g =>
            {
                var h = byId[g.First().HouseholdId];
                return new TrainingSession(new EntryPlace(h.CountyCode, h.TownshipCode, h.VillageCode), TrainingTopic.Planting, "食用菌栽培", new DateOnly(year, 4, 18),
                    "村委会会议室", "县农业农村局农技推广站", Hundredths.From(6m, "hours", "学时"),
                    g.Take(TrainingSession.MaxAttendees).Select(m => new TrainingAttendee(m.Id, m.Name, m.HouseholdId, byId[m.HouseholdId].HouseholdNo, m.VillageCode)).ToList(),
                    by, now);
            }).ToList();
            var classIds = await sink.WriteAsync("training_sessions", SessionColumns, classes, ct) ?? throw Unsealed("training_sessions");
            var present = classes.SelectMany((s, i) => s.Attendees.Select(x => (classIds[i], x))).ToList();
            await sink.WriteAsync("training_attendees", AttendeeColumns, present, ct);
            attendees += present.Count;
        }
        await transaction.CommitAsync(ct);
        return new GeneratedLinkage(wageRows, deliveries, transfers, attendees);
    }

    private static string Code(string county, string tail) => CreditCode.Complete("91" + county + tail).Value;

    private static InvalidOperationException Unsealed(string table) => new($"{table} is expected to be sealed (decision 0031), so its ids are reserved by the sink.");
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;

namespace RuralLedger.Data.Demo;

public sealed record DemoLinkageResult(int Lines, int Agreements, int WageRows);

/// <summary>
/// A little benefit linkage so the pages are not empty: the province's monitoring lines of the last five years (demo
/// figures), a cooperative's mixed agreement with 30 households of the first village, and their payroll months of last
/// year and of this year up to last month; last year also an order of the cooperative's fungus with ten of them
/// delivering, five of them leasing land to it (rent paid for the first year), and a planting class twenty of them
/// attended. Households 41–70 of the village, so tests that start at its first households find them without any linkage.
/// </summary>
public sealed class DemoLinkageLoader(RuralDbContext db, TimeProvider clock)
{
    public const string CooperativeName = "茶乡县绿源食用菌专业合作社";

    private static readonly decimal[] LineYuan = [7_600m, 7_900m, 8_300m, 8_700m, 9_000m];

    public async Task<DemoLinkageResult> LoadAsync(string county, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var now = clock.GetUtcNow();
        var by = db.Access.ActorName;
        var province = county[..2];
        for (var i = 0; i < LineYuan.Length; i++)
        {
            var year = today.Year - LineYuan.Length + 1 + i;
            db.MonitoringLines.Add(new MonitoringLine(province, year, Money.FromYuan(LineYuan[i]), new DateOnly(year, 1, 1), by, now));
        }
        var village = await db.Areas.AsNoTracking().Where(a => a.CountyCode == county && a.Level == AreaLevel.Village).OrderBy(a => a.Code).Select(a => a.Code).FirstAsync(ct);
        var households = await db.Households.AsNoTracking().Include(h => h.Members).Where(h => h.VillageCode == village).OrderBy(h => h.HouseholdNo)
            .Skip(40).Take(30).ToListAsync(ct);
        var code = CreditCode.Complete("93" + county + "MA6F1JY5").Value;
        var signed = new DateOnly(today.Year - 1, 1, 10);
        var n = await NumberSeries.NextAsync(db, "linkage", county, signed.Year, ct: ct);
        var agreement = new LinkageAgreement(string.Create(CultureInfo.InvariantCulture, $"LJ{county}-{signed.Year}-{n:D5}"), county, CooperativeName, code, AgreementType.Mixed, signed,
            signed.AddDays(5), new DateOnly(today.Year + 2, 1, 14), new PromisedBenefits(Money.FromYuan(2_400m), Money.FromYuan(6.5m), Money.Zero, Money.FromYuan(300m)),
            "食用菌种植基地大棚（扶贫资产）", households.Select(h => new AgreementHousehold(h.Id, h.HouseholdNo, h.HeadName, h.VillageCode)).ToList(), by, now);
        db.LinkageAgreements.Add(agreement);
        var rows = 0;
        var random = new Random(16);
        var last = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        foreach (var h in households)
        {
            var worker = h.Members.OrderBy(m => m.Relation).ThenBy(m => m.Id.Value).First();
            var pay = 2_600 + 50 * random.Next(0, 12);
            for (var month = new DateOnly(today.Year - 1, 1, 1); month <= last; month = month.AddMonths(1))
            {
                db.WageRecords.Add(new WageRecord(county, worker.CitizenIdHash, worker.Name, new WorkerOf(h.Id, h.HouseholdNo, worker.Id, h.TownshipCode, h.VillageCode),
                    code, CooperativeName, month.Year, month.Month, 22, Money.FromYuan(pay), by, now));
                rows++;
            }
        }
        await db.SaveChangesAsync(ct);
        await RecordsAsync(county, agreement, code, households, by, now, ct);
        db.ChangeTracker.Clear();
        return new DemoLinkageResult(LineYuan.Length, 1, rows);
    }

    /// <summary>Last year's order with deliveries, land leased to the cooperative, and a planting class.</summary>
    private async Task RecordsAsync(string county, LinkageAgreement agreement, string code, List<Core.Registry.Household> households, string by, DateTimeOffset now,
        CancellationToken ct)
    {
        var year = agreement.SignedOn.Year;
        var place = new EntryPlace(county, null, null);
        var order = new FarmOrder(place, CooperativeName, code, "鲜香菇", Hundredths.From(50_000m, "quantityKg", "订单数量"), Money.Zero, PricingRule.Floor, year, "秋季",
            agreement, by, now);
        db.FarmOrders.Add(order);
        await db.SaveChangesAsync(ct);
        HouseholdRef Ref(Core.Registry.Household h) => new(h.Id, h.HouseholdNo, h.HeadName, h.CountyCode, h.TownshipCode, h.VillageCode);
        for (var i = 0; i < 10; i++)
        {
            var h = Ref(households[i]);
            // Market 6.20 is under the floor of 6.50; 7.10 is over it, so both rules of the floor show.
            db.FarmDeliveries.Add(new FarmDelivery(order, h, new DateOnly(year, 9, 10), new Hundredths(30_000 + 1_250 * i), Money.FromYuan(6.2m), by, now));
            db.FarmDeliveries.Add(new FarmDelivery(order, h, new DateOnly(year, 10, 15), new Hundredths(25_000 + 975 * i), Money.FromYuan(7.1m), by, now));
        }
        for (var i = 0; i < 5; i++)
        {
            var transfer = new LandTransfer(Ref(households[i]), CooperativeName, code, "菌棚基地（组 " + (i + 1) + "）", new Hundredths(150 + 35 * i), Money.FromYuan(500m),
                new DateOnly(year, 3, 1), new DateOnly(year + 4, 2, 28), agreement.Id, by, now);
            transfer.RecordPayment(new DateOnly(year, 3, 5), transfer.AnnualRent, "首年租金", new DateOnly(year, 3, 5), by, now);
            db.LandTransfers.Add(transfer);
        }
        var attendees = households.Take(20).Select(h => h.Members.OrderBy(m => m.Relation).ThenBy(m => m.Id.Value).First())
            .Select(m => new TrainingAttendee(m.Id, m.Name, m.HouseholdId, households.Single(h => h.Id == m.HouseholdId).HouseholdNo, m.VillageCode)).ToList();
        var session = new TrainingSession(place, TrainingTopic.Planting, "食用菌栽培与病虫害防治", new DateOnly(year, 4, 18), "村委会会议室", "县农业农村局 农技推广站",
            Hundredths.From(6m, "hours", "学时"), attendees, by, now);
        session.RecordResults(attendees.Select((a, i) => (a.MemberId, i < 18, i < 16, i < 16 ? $"NJ{year}-{i + 1:D4}" : null)).ToList());
        db.TrainingSessions.Add(session);
        await db.SaveChangesAsync(ct);
    }
}

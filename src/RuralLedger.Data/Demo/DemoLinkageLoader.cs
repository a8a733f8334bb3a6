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
/// year and of this year up to last month. Households 41–70 of the village, so tests that start at its first households
/// find them without wages.
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
        db.LinkageAgreements.Add(new LinkageAgreement(string.Create(CultureInfo.InvariantCulture, $"LJ{county}-{signed.Year}-{n:D5}"), county, CooperativeName, code, AgreementType.Mixed, signed,
            signed.AddDays(5), new DateOnly(today.Year + 2, 1, 14), new PromisedBenefits(Money.FromYuan(2_400m), Money.FromYuan(6.5m), Money.Zero, Money.FromYuan(300m)),
            "食用菌种植基地大棚（扶贫资产）", households.Select(h => new AgreementHousehold(h.Id, h.HouseholdNo, h.HeadName, h.VillageCode)).ToList(), by, now));
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
        db.ChangeTracker.Clear();
        return new DemoLinkageResult(LineYuan.Length, 1, rows);
    }
}

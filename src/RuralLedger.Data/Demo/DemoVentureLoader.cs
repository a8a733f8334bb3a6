using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;

namespace RuralLedger.Data.Demo;

public sealed record DemoVentureResult(int Ventures, int Workers);

/// <summary>
/// The entrepreneurship platform's demo: the seed's example — a small processing plant funded by its household's
/// microcredit, over 100,000 yuan a year and 12 poor people employed last year — and five smaller projects, each on a
/// disbursed demo loan. Runs after the credit demo; deterministic (loans and workers taken in number order).
/// </summary>
public sealed class DemoVentureLoader(RuralDbContext db, TimeProvider clock)
{
    public const string PlantName = "辣椒酱加工坊";

    private static readonly (string Purpose, string Name, VentureCategory Category, int Jobs, decimal Income, VentureSupportKind Support, string Provider)[] Projects =
    [
        ("农产品加工", PlantName, VentureCategory.Processing, 15, 128_600m, VentureSupportKind.SalesChannel, "县电商公共服务中心"),
        ("种植业", "精品水果种植园", VentureCategory.Planting, 4, 46_300m, VentureSupportKind.Technique, "县农业农村局果树站"),
        ("养殖业", "林下生态鸡养殖", VentureCategory.Breeding, 3, 38_900m, VentureSupportKind.Technique, "县畜牧兽医服务中心"),
        ("养殖业", "肉牛养殖场", VentureCategory.Breeding, 2, 52_000m, VentureSupportKind.MarketInfo, "县农业农村局市场信息科"),
        ("农村电商", "山货网店", VentureCategory.Commerce, 2, 31_200m, VentureSupportKind.SalesChannel, "乡镇电商服务站"),
        ("种植业", "食用菌大棚", VentureCategory.Planting, 3, 27_500m, VentureSupportKind.MarketInfo, "县供销合作社"),
    ];

    public async Task<DemoVentureResult> LoadAsync(string county, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var now = clock.GetUtcNow();
        var by = db.Access.ActorName;
        var year = today.Year - 1;
        var loans = await db.Loans.AsNoTracking().Where(l => l.CountyCode == county && l.DisbursedOn != null && l.DisbursedOn < new DateOnly(year, 1, 1))
            .OrderBy(l => l.Number).ToListAsync(ct);
        var used = new HashSet<HouseholdId>();
        var ventures = new List<Venture>();
        var workers = 0;
        foreach (var p in Projects)
        {
            var loan = loans.FirstOrDefault(l => l.Purpose == p.Purpose && !used.Contains(l.HouseholdId));
            if (loan is null)
            {
                continue;
            }
            used.Add(loan.HouseholdId);
            var owner = await Households(db.Households.Where(h => h.Id == loan.HouseholdId)).FirstAsync(ct);
            var venture = new Venture(owner, p.Name, p.Category, loan.DisbursedOn!.Value, $"{owner.HeadName}家以小额信贷开办的{VentureNames.Of(p.Category)}项目。", by, now);
            venture.FundBy(loan);
            venture.AddSupport(p.Support, loan.DisbursedOn.Value.AddDays(30), p.Provider, null, by);
            venture.RecordYear(year, p.Jobs, Money.FromYuan(p.Income));
            // Poor people of the owner's township, one per household, of working age; the plant names 12 of its 15.
            var wanted = p.Category == VentureCategory.Processing ? 12 : p.Jobs - 1;
            var township = owner.TownshipCode;
            var near = await Households(db.Households.Where(h => h.TownshipCode == township && h.Id != owner.Id && h.Status != PovertyStatus.RiskRemoved)
                .OrderBy(h => h.HouseholdNo).Skip(ventures.Count * 30).Take(wanted * 2)).ToListAsync(ct);
            foreach (var h in near)
            {
                var member = h.Members.Where(m => Loan.AgeOn(m.BirthDate, new DateOnly(year, 6, 30)) is >= 18 and <= 60).OrderBy(m => m.Relation).FirstOrDefault();
                if (member is null || !VentureNames.CountsAsPoor(h.StatusOn(new DateOnly(year, 12, 31), now) ?? h.Status) || venture.Workers.Count == wanted)
                {
                    continue;
                }
                venture.Employ(year, h, member, now);
                workers++;
            }
            ventures.Add(venture);
        }
        db.Ventures.AddRange(ventures);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return new DemoVentureResult(ventures.Count, workers);
    }

    private static IQueryable<Household> Households(IQueryable<Household> query) =>
        query.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).AsSplitQuery();
}

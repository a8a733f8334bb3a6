using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Registry;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Home;

public sealed record TownshipFigures(string Code, string Name, int Villages, int FormerlyPoorVillages, int Households, int People);

public sealed record CountyOverview(
    string? CountyName,
    int Counties,
    int Townships,
    int Villages,
    int FormerlyPoorVillages,
    int Households,
    int People,
    int MonitoredHouseholds,
    int LabourForce,
    IReadOnlyList<TownshipFigures> ByTownship);

/// <summary>The home page's figures, read from the database each time (no cached or stated numbers).</summary>
public sealed class OverviewQuery(RuralDbContext db)
{
    private static readonly PovertyStatus[] Monitored = [PovertyStatus.MonitoredUnstable, PovertyStatus.MonitoredMarginal, PovertyStatus.MonitoredSudden];
    private static readonly LabourAbility[] Labour = [LabourAbility.Normal, LabourAbility.Skilled, LabourAbility.Weak];

    public async Task<CountyOverview> RunAsync(CancellationToken ct)
    {
        var areas = await db.Areas.AsNoTracking()
            .Where(a => a.Level != AreaLevel.Group)
            .Select(a => new { a.Id, a.Code, a.Name, a.Level, a.ParentId, a.FormerlyPoor })
            .ToListAsync(ct);
        var perVillage = await db.Households.AsNoTracking()
            .GroupBy(h => h.VillageCode)
            .Select(g => new { Village = g.Key, Households = g.Count(), People = g.Sum(h => h.MemberCount) })
            .ToListAsync(ct);
        var people = await db.Members.CountAsync(ct);
        var monitored = await db.Households.CountAsync(h => Monitored.Contains(h.Status), ct);
        var labour = await db.Members.CountAsync(m => Labour.Contains(m.Labour), ct);

        var byVillage = perVillage.ToDictionary(v => v.Village.Value);
        var villages = areas.Where(a => a.Level == AreaLevel.Village).ToList();
        var townships = areas.Where(a => a.Level == AreaLevel.Township)
            .OrderBy(t => t.Code.Value, StringComparer.Ordinal)
            .Select(t =>
            {
                var own = villages.Where(v => v.ParentId == t.Id).ToList();
                var counts = own.Select(v => byVillage.GetValueOrDefault(v.Code.Value)).Where(c => c is not null).ToList();
                return new TownshipFigures(t.Code.Value, t.Name, own.Count, own.Count(v => v.FormerlyPoor), counts.Sum(c => c!.Households), counts.Sum(c => c!.People));
            })
            .ToList();
        var counties = areas.Where(a => a.Level == AreaLevel.County).ToList();
        return new CountyOverview(
            counties.Count == 1 ? counties[0].Name : null,
            counties.Count,
            townships.Count,
            villages.Count,
            villages.Count(v => v.FormerlyPoor),
            perVillage.Sum(v => v.Households),
            people,
            monitored,
            labour,
            counties.Count == 1 ? townships : []);
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Assets;

/// <summary>An idle operating asset and why: no contract in force today, and/or no income for the configured months.</summary>
public sealed record IdleAsset(long Id, string Code, string Name, string Kind, string Township, string Village, Money OriginalValue, string Status,
    bool NoActiveContract, bool NoRecentIncome, DateOnly? LastIncomeOn, IReadOnlyList<string> Reasons);

public sealed record IdleReport(DateOnly Today, int Months, DateOnly Since, int Total, Money TotalValue, IReadOnlyList<IdleAsset> Items);

/// <summary>
/// 闲置资产: operating assets not disposed that have no contract active today, or no income (a positive entry in the
/// asset income ledger) since N months ago. N is <c>Assets:IdleMonths</c> (default 12), or the caller's choice.
/// </summary>
public sealed class IdleAssetsQuery(RuralDbContext db, TimeProvider clock, IConfiguration configuration)
{
    public const int DefaultMonths = 12;
    public const int MaxItems = 1_000;

    public int ConfiguredMonths => Math.Clamp(configuration.GetValue("Assets:IdleMonths", DefaultMonths), 1, 120);

    public async Task<IdleReport> RunAsync(int? months, CancellationToken ct)
    {
        var n = months is { } m ? m is >= 1 and <= 120 ? m : throw new DomainException("assets.idle_months", "月数应在 1–120 之间。", "months") : ConfiguredMonths;
        var today = BusinessCalendar.Today(clock);
        var since = today.AddMonths(-n);
        var candidates = await db.Assets.AsNoTracking()
            .Where(a => a.Class == AssetClass.Operating && a.Status != AssetStatus.Disposed)
            .OrderBy(a => a.Code)
            .Select(a => new
            {
                a.Id, a.Code, a.Name, a.Kind, a.TownshipCode, a.VillageCode, a.OriginalValue, a.Status,
                LastIncome = db.AssetIncomes.Where(i => i.AssetId == a.Id && (long)(object)i.Amount > 0).Max(i => (DateOnly?)i.ReceivedOn),
            })
            .ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return new IdleReport(today, n, since, 0, Money.Zero, []);
        }
        // A contract over assets of two villages sits at their township, out of a village officer's sight; whether one is in
        // force still decides whether his asset is idle, so contracts are read across the county for these assets only.
        var county = db.Access.Scope.CountyCode;
        var active = db.Contracts.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Status == ContractStatus.Active && c.StartOn <= today && c.EndOn >= today);
        if (county.Length > 0)
        {
            active = active.Where(c => c.CountyCode == county);
        }
        var contracted = (await active.SelectMany(c => c.Assets.Select(x => x.AssetId)).Distinct().ToListAsync(ct)).ToHashSet();
        var names = await db.Areas.AsNoTracking().Where(a => a.Level != AreaLevel.Group).Select(a => new { a.Code, a.Name }).ToDictionaryAsync(a => a.Code.Value, a => a.Name, ct);
        var idle = new List<IdleAsset>();
        foreach (var a in candidates)
        {
            var noContract = !contracted.Contains(a.Id);
            var noIncome = a.LastIncome is null || a.LastIncome < since;
            if (!noContract && !noIncome)
            {
                continue;
            }
            var reasons = new List<string>();
            if (noContract)
            {
                reasons.Add("无有效合同");
            }
            if (noIncome)
            {
                reasons.Add($"{n} 个月无收益");
            }
            idle.Add(new IdleAsset(a.Id.Value, a.Code, a.Name, AssetNames.Of(a.Kind),
                a.TownshipCode is { } t ? names.GetValueOrDefault(t.Value, t.Value) : "", a.VillageCode is { } v ? names.GetValueOrDefault(v.Value, v.Value) : "",
                a.OriginalValue, AssetNames.Of(a.Status), noContract, noIncome, a.LastIncome, reasons));
        }
        return new IdleReport(today, n, since, idle.Count, Money.Sum(idle.Select(i => i.OriginalValue)), idle.Take(MaxItems).ToList());
    }
}

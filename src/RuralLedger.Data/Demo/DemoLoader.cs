using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;

namespace RuralLedger.Data.Demo;

public sealed record DemoLoadResult(int Counties, int Areas, int Households, int Members, TimeSpan Elapsed);

/// <summary>Writes generated demo counties: areas through EF (thousands), households and members through the bulk writer.</summary>
public sealed class DemoLoader(RuralDbContext db, PersonalDataVault vault, AuditWriter audit, TimeProvider clock)
{
    /// <summary>Password of every demo account. Demo installs only; documented in the README.</summary>
    public const string DemoPassword = "Demo2026pass";

    /// <summary>The organisation code of the demo county's rural credit cooperative (a made-up code, marked as demo).</summary>
    public const string DemoBankCode = "DEMO-RCC-0001";

    public async Task<bool> IsEmptyAsync(CancellationToken ct) => !await db.Areas.AnyAsync(ct);

    public async Task<DemoLoadResult> LoadAsync(DemoSize size, Action<string>? progress, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        int counties = 0, areas = 0, households = 0, members = 0;
        var previousTracking = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // The final checkpoint happens when the bulk settings are disposed, so it counts in the elapsed time.
        await using (await SqliteTuning.BeginBulkWriteAsync(db, ct))
        {
            try
            {
                // Generating a county (ID numbers, encryption) costs a quarter of what writing it does: the next
                // county is generated on another thread while this one is written.
                DemoCounty[] all = [.. new DemoCountyGenerator(vault).Generate(size)];
                var generating = Task.Run(() => all[0].Households.ToList(), ct);
                for (var i = 0; i < all.Length; i++)
                {
                    var county = all[i];
                    var generated = await generating;
                    if (i + 1 < all.Length)
                    {
                        var next = all[i + 1];
                        generating = Task.Run(() => next.Households.ToList(), ct);
                    }

                    var countyCode = county.Areas[0].Code;
                    if (await db.Areas.AnyAsync(a => a.Code == countyCode, ct))
                    {
                        throw new ConflictException("demo.county_exists", $"数据库中已存在县级区划 {countyCode}（{county.Name}），演示数据未重复装载。");
                    }
                    db.Areas.AddRange(county.Areas);
                    if (counties == 0)
                    {
                        db.Users.AddRange(DemoUsers(county));
                    }
                    db.ChangeTracker.DetectChanges();
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                    var written = await new RegistryBulkWriter(db).WriteAsync(generated, ct);
                    await audit.AppendAsync(db, [new AuditRecord(county.CountyCode, "import", "Household", "*", null,
                        $"{{\"source\":\"demo\",\"households\":{written.Households},\"members\":{written.Members}}}")], ct);
                    counties++;
                    areas += county.Areas.Count;
                    households += written.Households;
                    members += written.Members;
                    progress?.Invoke($"{county.Name}（{county.CountyCode}）：{written.Households:N0} 户 {written.Members:N0} 人，累计 {households:N0} 户，用时 {stopwatch.Elapsed.TotalSeconds:F1} 秒");
                }
                // The asset side (funds, projects, assets, contracts, certificates) is written for the one-county demo
                // only: the province size exists to benchmark the registry, and 160 counties of assets would add minutes.
                if (size == DemoSize.County)
                {
                    var assets = await new DemoAssetLoader(db, clock).LoadAsync(all[0], ct);
                    progress?.Invoke($"{all[0].Name}资产：{assets.Funds} 个资金来源，{assets.Projects} 个项目，{assets.Assets} 项资产，{assets.Contracts} 份经营合同，{assets.Certificates} 本所有权证，用时 {stopwatch.Elapsed.TotalSeconds:F1} 秒");
                    var credit = await new DemoCreditLoader(db, vault, clock).LoadAsync(all[0].CountyCode, ct);
                    progress?.Invoke($"{all[0].Name}小额信贷：{credit.Loans} 笔贷款，{credit.Repayments} 笔还款，{credit.Claims} 份贴息申报，用时 {stopwatch.Elapsed.TotalSeconds:F1} 秒");
                    var ventures = await new DemoVentureLoader(db, clock).LoadAsync(all[0].CountyCode, ct);
                    progress?.Invoke($"{all[0].Name}创业平台：{ventures.Ventures} 个项目，{ventures.Workers} 名脱贫人口就业，用时 {stopwatch.Elapsed.TotalSeconds:F1} 秒");
                    var inspections = await new DemoInspectionLoader(db, clock).LoadAsync(all[0].CountyCode, ct);
                    progress?.Invoke($"{all[0].Name}贷后检查：{inspections.Campaigns} 次专项检查，{inspections.Inspections} 户次，{inspections.Cases} 条线索（{inspections.Rectified} 条已整改，{inspections.Dismissed} 条已排除），用时 {stopwatch.Elapsed.TotalSeconds:F1} 秒");
                    var linkage = await new DemoLinkageLoader(db, clock).LoadAsync(all[0].CountyCode, ct);
                    progress?.Invoke($"{all[0].Name}利益联结：{linkage.Agreements} 份协议，{linkage.WageRows} 条务工工资，{linkage.Lines} 年监测收入标准，用时 {stopwatch.Elapsed.TotalSeconds:F1} 秒");
                    var board = await new DemoBoardLoader(db, clock).LoadAsync(all[0].CountyCode, ct);
                    progress?.Invoke($"{all[0].Name}公示栏：{board.Village} 村公示中与已记账的分配方案各一，用时 {stopwatch.Elapsed.TotalSeconds:F1} 秒");
                }
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = previousTracking;
            }
        }
        return new DemoLoadResult(counties, areas, households, members, stopwatch.Elapsed);
    }

    /// <summary>One account per role, scoped to the first demo county, its first township and that township's first village.</summary>
    private IEnumerable<User> DemoUsers(DemoCounty county)
    {
        var now = clock.GetUtcNow();
        var countyCode = county.Areas.First(a => a.Level == AreaLevel.County).Code;
        var township = county.Areas.First(a => a.Level == AreaLevel.Township);
        var village = county.Areas.First(a => a.Level == AreaLevel.Village && a.Code.Value.StartsWith(township.Code.ScopePrefix, StringComparison.Ordinal));
        var otherVillage = county.Areas.Where(a => a.Level == AreaLevel.Village && a.Code.Value.StartsWith(township.Code.ScopePrefix, StringComparison.Ordinal)).Skip(1).First();
        yield return User.Demo("admin", "县管理员（演示）", Role.CountyAdmin, countyCode, DemoPassword, null, now);
        yield return User.Demo("county", "县乡村振兴局业务员（演示）", Role.CountyStaff, countyCode, DemoPassword, null, now);
        yield return User.Demo("township", $"{township.Name}干部（演示）", Role.TownshipOfficer, township.Code, DemoPassword, null, now);
        yield return User.Demo("village", $"{village.Name}干部（演示）", Role.VillageOfficer, village.Code, DemoPassword, null, now);
        yield return User.Demo("village2", $"{otherVillage.Name}干部（演示）", Role.VillageOfficer, otherVillage.Code, DemoPassword, null, now);
        yield return User.Demo("bank", "县农村信用合作联社经办员（演示）", Role.BankOfficer, countyCode, DemoPassword, "县农村信用合作联社", now, DemoBankCode);
        yield return User.Demo("supervisor", "县纪委监委审计员（演示）", Role.Supervisor, countyCode, DemoPassword, null, now);
    }
}

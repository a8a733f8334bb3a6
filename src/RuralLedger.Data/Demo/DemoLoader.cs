using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Demo;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Bulk;

namespace RuralLedger.Data.Demo;

public sealed record DemoLoadResult(int Counties, int Areas, int Households, int Members, TimeSpan Elapsed);

/// <summary>Writes generated demo counties: areas through EF (thousands), households and members through the bulk writer.</summary>
public sealed class DemoLoader(RuralDbContext db, PersonalDataVault vault)
{
    public async Task<bool> IsEmptyAsync(CancellationToken ct) => !await db.Areas.AnyAsync(ct);

    public async Task<DemoLoadResult> LoadAsync(DemoSize size, Action<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
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
                    db.ChangeTracker.DetectChanges();
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                    var written = await new RegistryBulkWriter(db).WriteAsync(generated, ct);
                    counties++;
                    areas += county.Areas.Count;
                    households += written.Households;
                    members += written.Members;
                    progress?.Invoke($"{county.Name}（{county.CountyCode}）：{written.Households:N0} 户 {written.Members:N0} 人，累计 {households:N0} 户，用时 {clock.Elapsed.TotalSeconds:F1} 秒");
                }
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = previousTracking;
            }
        }
        return new DemoLoadResult(counties, areas, households, members, clock.Elapsed);
    }
}

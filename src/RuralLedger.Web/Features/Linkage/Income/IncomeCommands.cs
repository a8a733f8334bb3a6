using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Income;

/// <summary>An entered amount (收入调查): the household by number, year, category, amount in yuan; version when replacing one.</summary>
public sealed record IncomeEntryInput(string? HouseholdNo, int Year, IncomeCategory Category, Money? Amount, string? Note, int? Version);

/// <summary>A province's monitoring line for a year, per person in yuan, effective from a date.</summary>
public sealed record MonitoringLineInput(string? Province, int Year, Money? PerPerson, DateOnly? EffectiveOn);

public sealed record MonitoringLineView(long Id, string ProvinceCode, int Year, Money PerPerson, DateOnly EffectiveOn, string SetBy);

/// <summary>Entered income amounts (one per household, year and category) and the monitoring lines.</summary>
public sealed class IncomeCommands(RuralDbContext db, TimeProvider clock)
{
    private static readonly Versions Versions = new("income", "该收入记录");

    /// <summary>Records the amount, or replaces the one already entered (then the version it was read at is required).</summary>
    public async Task<long> EnterAsync(IncomeEntryInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var no = input.HouseholdNo?.Trim();
        if (string.IsNullOrEmpty(no))
        {
            v.Add("householdNo", "请填写户编号。");
        }
        if (input.Year is < 2000 or > 2100)
        {
            v.Add("year", "年度应在 2000–2100 之间。");
        }
        if (!Enum.IsDefined(input.Category))
        {
            v.Add("category", "收入类别不是可选的值。");
        }
        if (input.Amount is null)
        {
            v.Add("amount", "请填写金额（元）。");
        }
        v.ThrowIfAny();
        var household = await db.Households.AsNoTracking().Where(h => h.HouseholdNo == no).OrderBy(h => h.CountyCode).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("income.household_not_found", $"户编号 {no} 不存在或不在您的权限范围内。");
        var entry = await db.IncomeEntries.SingleOrDefaultAsync(e => e.HouseholdId == household.Id && e.Year == input.Year && e.Category == input.Category, ct);
        var now = clock.GetUtcNow();
        if (entry is null)
        {
            entry = new IncomeEntry(household.Id, household.HouseholdNo, household.CountyCode, household.TownshipCode, household.VillageCode, input.Year,
                input.Category, input.Amount!.Value, input.Note, db.Access.ActorName, now);
            db.IncomeEntries.Add(entry);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                throw Versions.Stale();
            }
            return entry.Id.Value;
        }
        Versions.Expect(entry.Version, input.Version);
        entry.Set(input.Amount!.Value, input.Note, db.Access.ActorName, now);
        await Versions.SaveAsync(db, ct);
        return entry.Id.Value;
    }

    public async Task<IReadOnlyList<MonitoringLineView>> LinesAsync(CancellationToken ct) =>
        await db.MonitoringLines.AsNoTracking().OrderBy(l => l.ProvinceCode).ThenByDescending(l => l.Year)
            .Select(l => new MonitoringLineView(l.Id, l.ProvinceCode, l.Year, l.PerPerson, l.EffectiveOn, l.SetBy)).ToListAsync(ct);

    /// <summary>Sets a line once per province and year (unique); a line once used for comparisons is not changed in place.</summary>
    public async Task<long> SetLineAsync(MonitoringLineInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var per = v.Try("perPerson", () => Inputs.Yuan(input.PerPerson, "perPerson", "监测收入标准"));
        var on = v.Try("effectiveOn", () => Inputs.Plausible(input.EffectiveOn ?? throw new DomainException("income.line_date", "请填写生效日期。", "effectiveOn"),
            "effectiveOn", "生效日期"));
        v.ThrowIfAny();
        var line = new MonitoringLine((input.Province ?? "").Trim(), input.Year, per, on, db.Access.ActorName, clock.GetUtcNow());
        db.MonitoringLines.Add(line);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("income.line_exists", $"{line.ProvinceCode} 省 {line.Year} 年的监测收入标准已设置。", "year");
        }
        return line.Id;
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Registry;

public sealed record MemberView(long Id, string Name, string CitizenIdMasked, Sex Sex, string SexName, DateOnly BirthDate, int Age,
    Relation Relation, string RelationName, LabourAbility Labour, string LabourName, Health Health, string HealthName, Education Education, string EducationName);

public sealed record StatusChangeView(PovertyStatus? From, string? FromName, PovertyStatus To, string ToName, DateOnly EffectiveOn, DateTimeOffset RecordedAt, string Reason, string RecordedBy);

public sealed record MemberRemovalView(string MemberName, string RelationName, DateOnly RemovedOn, string Reason, DateTimeOffset RecordedAt, string RecordedBy);

public sealed record HouseholdView(
    long Id, string HouseholdNo, string CountyCode, string TownshipCode, string TownshipName, string VillageCode, string VillageName, string? GroupCode, string? GroupName,
    HouseholdType Type, string TypeName, PovertyStatus Status, string StatusName, IReadOnlyList<string> Causes, DateOnly RegisteredOn,
    string? BankName, string? BankAccountMasked, string? PhoneMasked, int Version,
    IReadOnlyList<MemberView> Members, IReadOnlyList<StatusChangeView> StatusHistory, IReadOnlyList<MemberRemovalView> Removals);

/// <summary>One household's file (一户一档), masked. Not found outside the caller's scope.</summary>
public sealed class HouseholdFileQuery(RuralDbContext db, TimeProvider clock)
{
    public async Task<HouseholdView> GetAsync(long id, CancellationToken ct)
    {
        var household = await LoadAsync(id, tracking: false, ct);
        var codes = new List<DivisionCode> { household.TownshipCode, household.VillageCode };
        if (household.GroupCode is { } g)
        {
            codes.Add(g);
        }
        var names = await db.Areas.AsNoTracking().Where(a => codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code.Value, a => a.Name, ct);
        var today = BusinessCalendar.Today(clock);
        return new HouseholdView(
            household.Id.Value, household.HouseholdNo, household.CountyCode,
            household.TownshipCode.Value, names.GetValueOrDefault(household.TownshipCode.Value, ""),
            household.VillageCode.Value, names.GetValueOrDefault(household.VillageCode.Value, ""),
            household.GroupCode?.Value, household.GroupCode is { } gc ? names.GetValueOrDefault(gc.Value) : null,
            household.Type, RegistryNames.Of(household.Type), household.Status, RegistryNames.Of(household.Status),
            RegistryNames.Causes.Where(c => household.Causes.HasFlag(c.Cause)).Select(c => c.Name).ToList(),
            household.RegisteredOn, household.BankName, household.BankAccountMasked, household.PhoneMasked, household.Version,
            household.Members.OrderBy(m => m.Relation).ThenBy(m => m.BirthDate).Select(m => new MemberView(
                m.Id.Value, m.Name, m.CitizenIdMasked, m.Sex, RegistryNames.Of(m.Sex), m.BirthDate, Age(m.BirthDate, today),
                m.Relation, RegistryNames.Of(m.Relation), m.Labour, RegistryNames.Of(m.Labour), m.Health, RegistryNames.Of(m.Health),
                m.Education, RegistryNames.Of(m.Education))).ToList(),
            household.StatusHistory.OrderBy(c => c.EffectiveOn).ThenBy(c => c.RecordedAt).Select(c => new StatusChangeView(
                c.FromStatus, c.FromStatus is { } f ? RegistryNames.Of(f) : null, c.ToStatus, RegistryNames.Of(c.ToStatus),
                c.EffectiveOn, c.RecordedAt, c.Reason, c.RecordedBy)).ToList(),
            household.Removals.OrderBy(r => r.RemovedOn).ThenBy(r => r.RecordedAt).Select(r => new MemberRemovalView(
                r.MemberName, RegistryNames.Of(r.Relation), r.RemovedOn, r.Reason, r.RecordedAt, r.RecordedBy)).ToList());
    }

    public async Task<Household> LoadAsync(long id, bool tracking, CancellationToken ct)
    {
        var householdId = new HouseholdId(id);
        var query = db.Households.Include(h => h.Members).Include(h => h.StatusHistory).AsSplitQuery();
        return await (tracking ? query : query.AsNoTracking()).SingleOrDefaultAsync(h => h.Id == householdId, ct)
            ?? throw new NotFoundException("registry.household_not_found", $"户档案 {id} 不存在或不在您的权限范围内。");
    }

    private static int Age(DateOnly birth, DateOnly today)
    {
        var age = today.Year - birth.Year;
        return today < birth.AddYears(age) ? age - 1 : age;
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry;

public sealed record MemberInput(string? Name, string? CitizenId, Relation Relation, LabourAbility Labour, Health Health, Education Education);

public sealed record HouseholdInput(
    string? VillageCode, string? GroupCode, string? HouseholdNo, HouseholdType Type, PovertyStatus Status, DateOnly? RegisteredOn,
    IReadOnlyList<PovertyCause>? Causes, string? BankName, string? BankAccount, string? Phone, MemberInput Head);

public sealed record HouseholdUpdate(string? GroupCode, HouseholdType Type, IReadOnlyList<PovertyCause>? Causes, string? BankName, string? BankAccount, string? Phone, int? Version);

public sealed record StatusInput(PovertyStatus To, DateOnly? EffectiveOn, string? Reason);

public sealed record RemoveMemberInput(string? Reason, DateOnly? RemovedOn, int? Version);

/// <summary>
/// Every write to the registry. Reads go through the scoped context, so a household outside the caller's scope
/// is "not found"; a new household must lie inside it. Saving writes the audit rows in the same transaction.
/// </summary>
public sealed class HouseholdCommands(RuralDbContext db, PersonalDataVault vault, TimeProvider clock, HouseholdFileQuery files)
{
    private static readonly Versions Versions = new("registry", "该户档案");

    public async Task<long> CreateAsync(HouseholdInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var today = BusinessCalendar.Today(clock);
        var village = v.Try("villageCode", () => DivisionCode.Parse(input.VillageCode, "villageCode"));
        DivisionCode? group = string.IsNullOrWhiteSpace(input.GroupCode) ? null : v.Try("groupCode", () => DivisionCode.Parse(input.GroupCode, "groupCode"));
        if (village.Value is not null)
        {
            if (!db.Access.Scope.Covers(village))
            {
                v.Add("villageCode", $"行政村 {village} 不在您的权限范围内。");
            }
            else if (!await db.Areas.AnyAsync(a => a.Code == village && a.Level == AreaLevel.Village, ct))
            {
                v.Add("villageCode", $"行政村 {village} 不存在。");
            }
            if (group is { } g && !await db.Areas.AnyAsync(a => a.Code == g && a.Level == AreaLevel.Group, ct))
            {
                v.Add("groupCode", $"村民组 {g} 不存在。");
            }
        }
        if (input.Status is not (PovertyStatus.Registered or PovertyStatus.MonitoredUnstable or PovertyStatus.MonitoredMarginal or PovertyStatus.MonitoredSudden))
        {
            v.Add("status", "新建档案的状态应为建档立卡或监测对象。");
        }
        var registeredOn = input.RegisteredOn ?? today;
        if (registeredOn > today)
        {
            v.Add("registeredOn", "建档日期不能晚于今天。");
        }
        var headId = ParseCitizenId(v, "head.citizenId", input.Head.CitizenId, today);
        if (string.IsNullOrWhiteSpace(input.Head.Name))
        {
            v.Add("head.name", "户主姓名不能为空。");
        }
        if (input.Head.Relation != Relation.Head)
        {
            v.Add("head.relation", "新建档案的第一位成员须为户主。");
        }
        v.ThrowIfAny();

        // Numbering and insert in one transaction that holds the village's numbering lock: two officers creating
        // households at the same moment must not both be given the next number.
        await using var transaction = await BeginNumberingAsync(ct);
        var householdNo = string.IsNullOrWhiteSpace(input.HouseholdNo) ? await NextHouseholdNoAsync(village, ct) : input.HouseholdNo.Trim();
        if (await db.Households.IgnoreQueryFilters().AnyAsync(h => h.CountyCode == village.County && h.HouseholdNo == householdNo, ct))
        {
            throw new ConflictException("registry.duplicate_household_no", $"户编号 {householdNo} 已存在。", "householdNo");
        }
        await RefuseDuplicateAsync(headId, null, "head.citizenId", ct);

        var household = v.Try("household", () => new Household(householdNo, village, group, input.Type, input.Status, registeredOn, clock.GetUtcNow(), db.Access.ActorName));
        if (household is not null)
        {
            household.SetCauses(Causes(input.Causes));
            v.Try("bankAccount", () => { household.SetBankAccount(input.BankName, input.BankAccount, vault); return 0; });
            v.Try("phone", () => { household.SetPhone(input.Phone, vault); return 0; });
            v.Try("head.name", () => household.AddMember(input.Head.Name ?? "", headId, Relation.Head, input.Head.Labour, input.Head.Health, input.Head.Education, vault));
        }
        v.ThrowIfAny();
        db.Households.Add(household!);
        await SaveAsync(ct);
        await transaction.CommitAsync(ct);
        return household!.Id.Value;
    }

    /// <summary>
    /// The number comes from the village's counter (<see cref="NumberSeries"/>) inside this transaction, so a failed
    /// registration gives it back; the unique indexes on the household number and the citizen ID's hash guard the rest.
    /// </summary>
    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginNumberingAsync(CancellationToken ct) =>
        await db.Database.BeginTransactionAsync(ct);

    public async Task UpdateAsync(long id, HouseholdUpdate input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var household = await files.LoadAsync(id, tracking: true, ct);
        Versions.Expect(household.Version, input.Version);
        var v = new Validation();
        DivisionCode? group = string.IsNullOrWhiteSpace(input.GroupCode) ? null : v.Try("groupCode", () => DivisionCode.Parse(input.GroupCode, "groupCode"));
        v.Try("groupCode", () => { household.Update(group, input.Type, Causes(input.Causes)); return 0; });
        // null leaves the stored (encrypted) value as it is; an empty string clears it.
        if (input.BankAccount is not null)
        {
            v.Try("bankAccount", () => { household.SetBankAccount(input.BankName, input.BankAccount, vault); return 0; });
        }
        if (input.Phone is not null)
        {
            v.Try("phone", () => { household.SetPhone(input.Phone, vault); return 0; });
        }
        v.ThrowIfAny();
        await SaveAsync(ct);
    }

    public async Task<long> AddMemberAsync(long householdId, MemberInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var household = await files.LoadAsync(householdId, tracking: true, ct);
        var v = new Validation();
        var citizenId = ParseCitizenId(v, "citizenId", input.CitizenId, BusinessCalendar.Today(clock));
        // Every bad field in one answer: the name is checked even when the ID is already refused.
        v.Try("name", () => Member.ValidName(input.Name ?? ""));
        v.ThrowIfAny();
        await RefuseDuplicateAsync(citizenId, null, "citizenId", ct);
        var member = v.Try("name", () => household.AddMember(input.Name ?? "", citizenId, input.Relation, input.Labour, input.Health, input.Education, vault));
        v.ThrowIfAny();
        await SaveAsync(ct);
        return member!.Id.Value;
    }

    public async Task UpdateMemberAsync(long householdId, long memberId, MemberInput input, int? version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var household = await files.LoadAsync(householdId, tracking: true, ct);
        Versions.Expect(household.Version, version);
        var member = household.Members.SingleOrDefault(m => m.Id.Value == memberId)
            ?? throw new NotFoundException("registry.member_not_found", $"成员 {memberId} 不在此户中。");
        var v = new Validation();
        var corrected = string.IsNullOrWhiteSpace(input.CitizenId) ? (CitizenId?)null : ParseCitizenId(v, "citizenId", input.CitizenId, BusinessCalendar.Today(clock));
        // Every bad field in one answer: the other fields are checked even when the ID is already refused (nothing is saved then).
        v.Try("name", () => { member.Update(input.Name ?? "", input.Relation, input.Labour, input.Health, input.Education); return 0; });
        v.ThrowIfAny();
        if (corrected is { } citizenId && !vault.LookupHash(citizenId.Value).AsSpan().SequenceEqual(member.CitizenIdHash))
        {
            await RefuseDuplicateAsync(citizenId, member.Id, "citizenId", ct);
            member.CorrectCitizenId(citizenId, vault);
        }
        await SaveAsync(ct);
    }

    /// <summary>Removal is irreversible: the reason (and the date it took effect, today unless given) stays on the file.</summary>
    public async Task RemoveMemberAsync(long householdId, long memberId, RemoveMemberInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var version = input.Version;
        var household = await files.LoadAsync(householdId, tracking: true, ct);
        Versions.Expect(household.Version, version);
        var member = household.Members.SingleOrDefault(m => m.Id.Value == memberId)
            ?? throw new NotFoundException("registry.member_not_found", $"成员 {memberId} 不在此户中。");
        var today = BusinessCalendar.Today(clock);
        var on = input.RemovedOn ?? today;
        if (on > today)
        {
            throw new DomainException("registry.future_date", "移除日期不能晚于今天。", "removedOn");
        }
        household.RemoveMember(member, on, input.Reason, clock.GetUtcNow(), db.Access.ActorName);
        db.Members.Remove(member);
        await SaveAsync(ct);
    }

    public async Task ChangeStatusAsync(long householdId, StatusInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var household = await files.LoadAsync(householdId, tracking: true, ct);
        var today = BusinessCalendar.Today(clock);
        household.ChangeStatus(input.To, input.EffectiveOn ?? today, input.Reason ?? "", clock.GetUtcNow(), today, db.Access.ActorName);
        await SaveAsync(ct);
    }

    private static CitizenId ParseCitizenId(Validation v, string field, string? text, DateOnly today)
    {
        if (CitizenId.TryParse(text, today, out var id, out var error))
        {
            return id;
        }
        v.Add(field, error);
        return default;
    }

    /// <summary>A citizen ID may be registered once per county. Where it is is named only if the caller may see it.</summary>
    private async Task RefuseDuplicateAsync(CitizenId id, MemberId? except, string field, CancellationToken ct)
    {
        var hash = vault.LookupHash(id.Value);
        var county = db.Access.Scope.CountyCode; // empty for system jobs: checked everywhere
        var existing = await db.Members.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.CitizenIdHash == hash && (county == "" || m.CountyCode == county))
            .Select(m => new { m.Id, m.Name, m.CountyCode, m.TownshipCode, m.VillageCode, m.HouseholdId })
            .FirstOrDefaultAsync(ct);
        if (existing is null || existing.Id == except)
        {
            return;
        }
        var visible = db.Access.Scope.Kind switch
        {
            ScopeKind.All => true,
            ScopeKind.County => existing.CountyCode == db.Access.Scope.CountyCode,
            ScopeKind.Township => existing.TownshipCode == db.Access.Scope.Code,
            ScopeKind.Village => existing.VillageCode == db.Access.Scope.Code,
            ScopeKind.None => false,
        };
        if (visible)
        {
            var householdNo = await db.Households.AsNoTracking().Where(h => h.Id == existing.HouseholdId).Select(h => h.HouseholdNo).SingleAsync(ct);
            var village = await db.Areas.AsNoTracking().Where(a => a.Code == existing.VillageCode).Select(a => a.Name).SingleAsync(ct);
            throw new ConflictException("registry.duplicate_citizen_id", $"该身份证号已登记：{village}，户编号 {householdNo}，姓名 {existing.Name}。", field);
        }
        throw new ConflictException("registry.duplicate_citizen_id", "该身份证号已在本县其他村登记，请联系乡镇或县级部门核实。", field);
    }

    private static PovertyCause Causes(IReadOnlyList<PovertyCause>? causes) =>
        causes?.Aggregate(PovertyCause.None, (all, c) => all | c) ?? PovertyCause.None;

    private async Task<string> NextHouseholdNoAsync(DivisionCode village, CancellationToken ct)
    {
        var prefix = village.Value;
        var last = await db.Households.IgnoreQueryFilters().Where(h => h.VillageCode == village)
            .OrderByDescending(h => h.HouseholdNo).Select(h => h.HouseholdNo).FirstOrDefaultAsync(ct);
        var seed = last is not null && last.Length == prefix.Length + 4 && int.TryParse(last[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        // A village's households are numbered for good, not per year: the series is the village's, its year 0.
        var next = await NumberSeries.NextAsync(db, "household:" + village.Value, village.County, 0, seed: seed, ct: ct);
        return prefix + next.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await Versions.SaveAsync(db, ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("registry.duplicate", "与已登记的身份证号或户编号重复。");
        }
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry;

public sealed record PersonHit(long MemberId, long HouseholdId, string HouseholdNo, string Name, string CitizenIdMasked, string SexName, DateOnly BirthDate, string RelationName, string VillageCode);

/// <summary>The body of POST /api/people/search: the full citizen ID travels here, never in a URL.</summary>
public sealed record PersonSearch(string? CitizenId);

public sealed record RevealedMember(long MemberId, string Name, string CitizenId);

public sealed record RevealedHousehold(long HouseholdId, string? BankName, string? BankAccount, string? Phone);

/// <summary>Exact lookup by citizen ID through the keyed hash, and audited unmasking of personal information.</summary>
public sealed class PersonLookupQuery(RuralDbContext db, PersonalDataVault vault, AuditWriter audit)
{
    public async Task<PersonHit> FindAsync(string? citizenId, CancellationToken ct)
    {
        // Typed as the search box accepts it: in groups, full-width, with a lower-case x.
        var id = SearchText.Identifier(citizenId);
        if (id.Length != 18)
        {
            throw new DomainException("registry.invalid_citizen_id", "请输入完整的 18 位身份证号。", "citizenId");
        }
        var hash = vault.LookupHash(id);
        return await db.Members.AsNoTracking()
            .Where(m => m.CitizenIdHash == hash)
            .Select(m => new PersonHit(m.Id.Value, m.HouseholdId.Value, m.Household!.HouseholdNo, m.Name, m.CitizenIdMasked,
                m.Sex == Sex.Male ? "男" : "女", m.BirthDate, "", m.VillageCode.Value))
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("registry.person_not_found", "未找到该身份证号对应的人员（或不在您的权限范围内）。");
    }

    public async Task<RevealedMember> RevealMemberAsync(long memberId, CancellationToken ct)
    {
        var id = new MemberId(memberId);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new NotFoundException("registry.member_not_found", $"成员 {memberId} 不存在或不在您的权限范围内。");
        await audit.AppendAsync(db, [new AuditRecord(member.CountyCode, "unmask", nameof(Member), member.Id.ToString(), null, Json.Object(("field", "citizenId")))], ct);
        return new RevealedMember(memberId, member.Name, vault.Decrypt(member.CitizenIdCipher));
    }

    public async Task<RevealedHousehold> RevealHouseholdAsync(long householdId, CancellationToken ct)
    {
        var id = new HouseholdId(householdId);
        var h = await db.Households.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("registry.household_not_found", $"户档案 {householdId} 不存在或不在您的权限范围内。");
        await audit.AppendAsync(db, [new AuditRecord(h.CountyCode, "unmask", nameof(Household), h.Id.ToString(), null, Json.Object(("field", "bankAccount,phone")))], ct);
        return new RevealedHousehold(householdId, h.BankName,
            h.BankAccountCipher is { } b ? vault.Decrypt(b) : null,
            h.PhoneCipher is { } p ? vault.Decrypt(p) : null);
    }
}

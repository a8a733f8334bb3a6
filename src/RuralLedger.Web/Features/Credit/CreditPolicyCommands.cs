using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Credit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

/// <summary>A new version from <c>effectiveFrom</c>; every term left out is carried over from the version in force the day before.</summary>
public sealed record CreditPolicyInput(DateOnly? EffectiveFrom, string? Programme, string? DocumentNo, Money? MaxAmount, int? MaxTermMonths, int? MinAge, int? MaxAge,
    bool? GuaranteeFree, Rate? SubsidyShare, int? DayCountBasis, int? ExtensionMaxCount, int? ExtensionMaxMonths, int? RenewalMaxCount, string? AgingBuckets,
    IReadOnlyList<string>? AllowedUses, IReadOnlyList<string>? ProhibitedUses, IReadOnlyList<PovertyStatus>? EligibleStatuses);

/// <summary>The county edits its programme by adding dated versions; a version once used by a loan is never changed.</summary>
public sealed class CreditPolicyCommands(RuralDbContext db, TimeProvider clock)
{
    public async Task<long> AddVersionAsync(CreditPolicyInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var from = Inputs.Plausible(input.EffectiveFrom ?? throw new DomainException("input.required", "生效日期不能为空。", "effectiveFrom"), "effectiveFrom", "生效日期");
        var county = db.Access.Scope.CountyCode;
        await CreditReference.EnsureAsync(db, county, clock.GetUtcNow(), ct);
        var previous = CreditPolicyVersion.InForce(await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == county).ToListAsync(ct), from.AddDays(-1))
            ?? throw new DomainException(LoanErrors.NoPolicy, "新版本须晚于本县第一个政策版本的生效日期。", "effectiveFrom");
        var t = previous.Terms;
        var terms = new CreditPolicyTerms(input.Programme ?? t.Programme, input.DocumentNo ?? t.DocumentNo, from, input.MaxAmount ?? t.MaxAmount,
            input.MaxTermMonths ?? t.MaxTermMonths, input.MinAge ?? t.MinAge, input.MaxAge ?? t.MaxAge, input.GuaranteeFree ?? t.GuaranteeFree,
            input.SubsidyShare ?? t.SubsidyShare, input.DayCountBasis ?? t.DayCountBasis, input.ExtensionMaxCount ?? t.ExtensionMaxCount,
            input.ExtensionMaxMonths ?? t.ExtensionMaxMonths, input.RenewalMaxCount ?? t.RenewalMaxCount, input.AgingBuckets ?? t.AgingBuckets,
            input.AllowedUses ?? t.AllowedUses, input.ProhibitedUses ?? t.ProhibitedUses, input.EligibleStatuses ?? t.EligibleStatuses);
        var version = new CreditPolicyVersion(county, terms, db.Access.ActorName, clock.GetUtcNow());
        db.CreditPolicies.Add(version);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("loans.policy_exists", $"本县已有自 {BusinessCalendar.Format(from)} 起生效的政策版本。", "effectiveFrom");
        }
        return version.Id.Value;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;
using RuralLedger.Data;
using RuralLedger.Web.Features.Supervision;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage.Inspections;

/// <summary>
/// An inspection as the form or a phone's queue sends it. <paramref name="ClientKey"/> is the GUID the phone made when
/// the inspector pressed save: the same key twice is one inspection.
/// </summary>
public sealed record LoanInspectionInput(string? LoanNumber, long? CampaignId, Guid? ClientKey, DateOnly? InspectedOn, string? Inspectors, string? UseCategory,
    decimal? Latitude, decimal? Longitude, string? Statement, InspectionConclusion? Conclusion, string? FollowUp);

public sealed record InspectionPhotoUpload(string? FileName, long Length, Stream Content);

/// <summary>What a save did: the inspection (new, or the one an earlier send with the same key made) and the case it opened or joined.</summary>
public sealed record InspectionRecorded(long Id, bool Repeated, long? CaseId);

/// <summary>A new version of the county's inspection plan from a date.</summary>
public sealed record InspectionPlanInput(DateOnly? EffectiveFrom, int? FirstWithinMonths, int? EveryMonths, string? DocumentNo);

/// <summary>
/// Recording a usage inspection: the loan is looked up through the scoped context (outside the inspector's township or
/// bank it does not exist), every photo is read and checked before anything is written, and a conclusion of diverted or
/// 户贷企用 joins the loan's live case or opens one — in the same transaction as the inspection.
/// </summary>
public sealed class LoanInspectionCommands(RuralDbContext db, IOptions<SupervisionOptions> options, TimeProvider clock)
{
    public async Task<InspectionRecorded> RecordAsync(LoanInspectionInput input, IReadOnlyList<InspectionPhotoUpload> photos, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(photos);
        if (input.ClientKey is { } sent && await ExistingAsync(sent, ct) is { } earlier)
        {
            return earlier;
        }
        var today = BusinessCalendar.Today(clock);
        var v = new Validation();
        var number = input.LoanNumber?.Trim();
        if (string.IsNullOrEmpty(number))
        {
            v.Add("loanNumber", "请填写贷款编号。");
        }
        if (input.ClientKey == Guid.Empty)
        {
            v.Add("clientKey", "客户端编号无效。");
        }
        var on = v.Try("inspectedOn", () => Inputs.Plausible(Inputs.NotAfterToday(input.InspectedOn ?? today, today, "inspectedOn", "检查日期"), "inspectedOn", "检查日期"));
        var conclusion = v.Try("conclusion", () => input.Conclusion is { } c
            ? Inputs.Defined(c, "conclusion", "检查结论")
            : throw new DomainException("input.required", "请选择检查结论。", "conclusion"));
        var contents = await ReadPhotosAsync(photos, v, ct);
        v.ThrowIfAny();

        var loan = await db.Loans.AsNoTracking().FirstOrDefaultAsync(l => l.Number == number, ct)
            ?? throw new DomainException("inspections.unknown_loan", $"贷款 {number} 不存在或不在您的权限范围内。", "loanNumber");
        var campaign = await CampaignAsync(input.CampaignId, loan.CountyCode, ct);
        var inspection = new LoanInspection(loan, campaign, input.ClientKey, on, input.Inspectors, input.UseCategory, input.Latitude, input.Longitude,
            input.Statement, conclusion, input.FollowUp, db.Access.ActorName, clock.GetUtcNow());
        var files = contents.Select(c => new LoanInspectionPhoto(inspection, c.Name, c.Content, options.Value.MaxPhotoBytes)).ToList();
        try
        {
            return await SaveAsync(loan, inspection, files, ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            // The same key sent twice at once: the other send won, and its inspection is the answer.
            if (input.ClientKey is { } key && await ExistingAsync(key, ct) is { } winner)
            {
                return winner;
            }
            // Two inspections of one loan concluded diverted at once: the other opened the case; join it.
            inspection = new LoanInspection(loan, campaign, input.ClientKey, on, input.Inspectors, input.UseCategory, input.Latitude, input.Longitude,
                input.Statement, conclusion, input.FollowUp, db.Access.ActorName, clock.GetUtcNow());
            files = contents.Select(c => new LoanInspectionPhoto(inspection, c.Name, c.Content, options.Value.MaxPhotoBytes)).ToList();
            return await SaveAsync(loan, inspection, files, ct);
        }
    }

    public async Task<long> AddPlanAsync(InspectionPlanInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var county = db.Access.Scope.CountyCode is { Length: > 0 } c ? c : throw new ConflictException("inspections.scope", "请以本县用户登录。", "county");
        var v = new Validation();
        var from = v.Try("effectiveFrom", () => Inputs.Plausible(input.EffectiveFrom ?? throw new DomainException("input.required", "请填写生效日期。", "effectiveFrom"),
            "effectiveFrom", "生效日期"));
        var first = v.Try("firstWithinMonths", () => input.FirstWithinMonths ?? throw new DomainException("input.required", "请填写首次检查期限（月）。", "firstWithinMonths"));
        var every = v.Try("everyMonths", () => input.EveryMonths ?? throw new DomainException("input.required", "请填写检查周期（月）。", "everyMonths"));
        v.ThrowIfAny();
        var plan = new InspectionPlanPolicy(county, from, first, every, input.DocumentNo, db.Access.ActorName, clock.GetUtcNow());
        db.InspectionPlanPolicies.Add(plan);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("inspections.plan_exists", $"{BusinessCalendar.Format(from)} 起已有检查计划版本；版本不修改，请另选生效日期。", "effectiveFrom");
        }
        return plan.Id;
    }

    private async Task<InspectionRecorded> SaveAsync(Loan loan, LoanInspection inspection, List<LoanInspectionPhoto> files, CancellationToken ct)
    {
        db.LoanInspections.Add(inspection);
        db.LoanInspectionPhotos.AddRange(files);
        UsageCase? opened = null;
        if (InspectionNames.OpensCase(inspection.Conclusion))
        {
            // A live case naming the loan, whichever rule raised it and whoever may see it: the inspection is more evidence for it.
            var live = await db.UsageCases.IgnoreQueryFilters().AsNoTracking()
                .Where(c => c.CountyCode == loan.CountyCode && c.LiveKey != null && c.Loans.Any(l => l.LoanId == loan.Id))
                .OrderBy(c => c.Id).Select(c => (UsageCaseId?)c.Id).FirstOrDefaultAsync(ct);
            if (live is { } id)
            {
                inspection.LinkCase(id);
            }
            else
            {
                opened = UsageCase.FromInspection(loan, $"{BusinessCalendar.Format(inspection.InspectedOn)} 检查：{InspectionNames.Of(inspection.Conclusion)}，实际用于{inspection.UseCategory}",
                    inspection.InspectedOn, db.Access.ActorName, clock.GetUtcNow());
                db.UsageCases.Add(opened);
            }
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (opened is not null)
        {
            inspection.LinkCase(opened.Id);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new InspectionRecorded(inspection.Id.Value, false, inspection.CaseId?.Value);
    }

    private async Task<InspectionRecorded?> ExistingAsync(Guid key, CancellationToken ct)
    {
        // Past the filter first: records are never deleted, so a key found here is found again below when it is the caller's.
        if (!await db.LoanInspections.IgnoreQueryFilters().AnyAsync(i => i.ClientKey == key, ct))
        {
            return null;
        }
        var found = await db.LoanInspections.AsNoTracking().Where(i => i.ClientKey == key).Select(i => new { i.Id, i.CaseId }).FirstOrDefaultAsync(ct)
            ?? throw new ConflictException("inspections.client_key", "该客户端编号已被另一条检查记录使用。", "clientKey");
        return new InspectionRecorded(found.Id.Value, true, found.CaseId?.Value);
    }

    // Campaigns are the county's (supervision's 专项检查); a township inspector files under one without seeing it as a record.
    private async Task<InspectionCampaignId?> CampaignAsync(long? id, string county, CancellationToken ct)
    {
        if (id is not { } value)
        {
            return null;
        }
        var campaignId = new InspectionCampaignId(value);
        return await db.InspectionCampaigns.IgnoreQueryFilters().AnyAsync(c => c.Id == campaignId && c.CountyCode == county, ct)
            ? campaignId
            : throw new DomainException("inspections.unknown_campaign", $"专项检查 {value} 不存在。", "campaignId");
    }

    private Task<List<(string? Name, byte[] Content)>> ReadPhotosAsync(IReadOnlyList<InspectionPhotoUpload> photos, Validation v, CancellationToken ct) =>
        options.Value.ReadPhotosAsync(photos.Select(p => (p.FileName, p.Length, p.Content)).ToList(), v, ct);
}

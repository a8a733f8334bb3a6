using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Distribution;
using RuralLedger.Data;
using RuralLedger.Web.Features.Assets;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Distribution;

public sealed record PlanInput(string? VillageCode, int Year, string? RuleCode, DateOnly? FreezeOn, IReadOnlyList<long>? IncomeIds, string? Title);

public sealed record MeetingInput(DateOnly? MeetingOn, int Entitled, int Present, int VotesFor, string? Minutes, int? Version);

public sealed record NoticeInput(DateOnly? From, DateOnly? To, string? Place, int? Version);

public sealed record ObjectionInput(DateOnly? FiledOn, string? FiledBy, string? Content);

public sealed record AnswerInput(string? Answer);

public sealed record ApprovalInput(string? Opinion, int? Version);

public sealed record ReversalInput(string? Reason);

/// <summary>The plan's status after the step.</summary>
public sealed record StepResult(long PlanId, string Status);

/// <summary>退回 (township) or 作废 (village): the reason is required and kept on the plan and in the audit trail.</summary>
public sealed record PlanReasonInput(string? Reason, int? Version);

/// <summary>
/// Builds a village's plan (a batch of one through <see cref="VillagePlans"/>, the one pipeline) and carries it
/// through governance to posting. Posting is one transaction (plan, journal, income release for reversals) and acts
/// once: a retried request, a double click or two officers at once are told 409 <c>plans.bad_step</c> with the
/// plan's state — the unique journal keys make a second insert impossible even if two transactions race past the
/// status check. A repeated approval with the version it read is 409 <c>plans.stale</c> (decision 0021).
/// </summary>
public sealed class PlanCommands(RuralDbContext db, TimeProvider clock, Numbering numbering)
{
    private static readonly Versions Versions = new("plans", "该方案");

    public async Task<long> BuildAsync(PlanInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var village = v.Try("villageCode", () => DivisionCode.Parse(input.VillageCode, "villageCode"));
        if (village.Value is not null && (village.Level != AreaLevel.Village || !db.Access.Scope.Covers(village)))
        {
            v.Add("villageCode", $"行政村 {village} 不在您的权限范围内。");
        }
        var today = BusinessCalendar.Today(clock);
        if (input.Year < 2010 || input.Year > today.Year)
        {
            v.Add("year", "收益年度应在 2010 年至今年之间。");
        }
        var freezeOn = input.FreezeOn ?? new DateOnly(Math.Clamp(input.Year, 2010, 9998), 12, 31);
        if (freezeOn > today)
        {
            v.Add("freezeOn", "名单冻结日期不能晚于今天。");
        }
        v.ThrowIfAny();

        // Asked first, as before the income: a rule code that doesn't exist is the answer even when there is no income.
        _ = await RuleFor(village.County, input.RuleCode, freezeOn, ct);
        var built = await new VillagePlans(db, clock).BuildAsync(
            new PlanBatchRequest(input.Year, input.RuleCode, freezeOn, VillageCode: village, IncomeIds: input.IncomeIds, Title: input.Title), progress: null, ct);
        return (built.Plans, built.Skipped) switch
        {
            ([var plan], _) => plan.PlanId,
            (_, [var skipped, ..]) => throw new DomainException(skipped.Code, skipped.Reason, skipped.Field),
            _ => throw new DomainException("plans.empty_pool", $"{input.Year} 年度该村没有待分配的资产收益。", "incomeIds"),
        };
    }

    public Task<DistributionRule> RuleFor(string county, string? code, DateOnly on, CancellationToken ct) => RuleLookup.ForAsync(db, county, code, on, ct);

    public async Task<DistributionPlan> LoadAsync(long id, CancellationToken ct) =>
        await db.DistributionPlans.FirstOrDefaultAsync(p => p.Id == new DistributionPlanId(id), ct)
        ?? throw new NotFoundException("plans.not_found", "没有这个分配方案，或它不在您的权限范围内。");

    public async Task RecordMeetingAsync(long id, MeetingInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        Versions.Expect(plan.Version, input.Version);
        var today = BusinessCalendar.Today(clock);
        plan.RecordMeeting(input.MeetingOn ?? today, input.Entitled, input.Present, input.VotesFor, input.Minutes, today);
        await Versions.SaveAsync(db, ct);
    }

    public async Task PublishNoticeAsync(long id, NoticeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        Versions.Expect(plan.Version, input.Version);
        var today = BusinessCalendar.Today(clock);
        var from = input.From ?? today;
        plan.PublishNotice(from, input.To ?? from.AddDays(DistributionPlan.MinimumNoticeDays - 1), input.Place, today);
        await Versions.SaveAsync(db, ct);
    }

    public async Task<long> FileObjectionAsync(long id, ObjectionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        var objection = plan.FileObjection(input.FiledOn ?? BusinessCalendar.Today(clock), input.FiledBy, input.Content);
        await Versions.SaveAsync(db, ct);
        return objection.Id;
    }

    public async Task AnswerObjectionAsync(long id, long objectionId, AnswerInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        plan.AnswerObjection(objectionId, input.Answer, BusinessCalendar.Today(clock));
        await Versions.SaveAsync(db, ct);
    }

    /// <summary>Township approval.</summary>
    public async Task<StepResult> ApproveAsync(long id, ApprovalInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        Versions.Expect(plan.Version, input.Version);
        plan.Approve(BusinessCalendar.Today(clock), db.Access.ActorName, input.Opinion);
        await Versions.SaveAsync(db, ct);
        return new StepResult(plan.Id.Value, plan.Status.ToString());
    }

    /// <summary>Township returns the plan to the village: meeting and notice to be held again.</summary>
    public async Task ReturnAsync(long id, PlanReasonInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        Versions.Expect(plan.Version, input.Version);
        plan.Return(BusinessCalendar.Today(clock), db.Access.ActorName, input.Reason);
        await Versions.SaveAsync(db, ct);
    }

    /// <summary>Discards a plan computed by mistake (before its meeting) and frees its income for a new plan, in one save.</summary>
    public async Task DiscardAsync(long id, PlanReasonInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        Versions.Expect(plan.Version, input.Version);
        plan.Discard(BusinessCalendar.Today(clock), db.Access.ActorName, input.Reason);
        foreach (var income in await db.AssetIncomes.Where(i => i.PlanId == plan.Id).ToListAsync(ct))
        {
            income.Release(plan.Id);
        }
        await Versions.SaveAsync(db, ct);
    }

    /// <summary>
    /// Posts the plan's parts to the journal in one transaction (<see cref="PlanPosting"/>: status through the domain,
    /// journal rows in bulk). Posting a plan already posted is 409 <c>plans.bad_step</c>.
    /// </summary>
    public async Task<StepResult> PostAsync(long id, CancellationToken ct)
    {
        var plan = await LoadAsync(id, ct);
        if (plan.Status is PlanStatus.Posted or PlanStatus.Reversed)
        {
            throw AlreadyPosted(plan.Status);
        }
        var outcome = (await new PlanPosting(db, clock).PostAsync([plan.Id.Value], progress: null, ct)).Plans.Single();
        return outcome.AlreadyDone ? throw AlreadyPosted(outcome.Status) : new StepResult(outcome.PlanId, outcome.Status.ToString());
    }

    private static ConflictException AlreadyPosted(PlanStatus status) => StateConflict.Of("plans.bad_step", "方案", IncomeNames.Of(status), "记账");

    /// <summary>Starts a reversal plan of a posted plan: the same parts and lines negated, to be approved and posted.</summary>
    public async Task<long> ReverseAsync(long id, ReversalInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var original = await LoadAsync(id, ct);
        var exists = new ConflictException("plans.reversal_exists", "该方案已有冲销方案。");
        if (await db.DistributionPlans.AnyAsync(p => p.ReversesId == new DistributionPlanId(id), ct))
        {
            throw exists;
        }
        await using var transaction = await numbering.BeginAsync(ct);
        var reversal = original.Reverse(await numbering.NextPlanNumberAsync(original.VillageCode!.Value, original.Year, ct), input.Reason, db.Access.ActorName, clock.GetUtcNow());
        db.DistributionPlans.Add(reversal);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Two reversals at once: the unique index on reverses_id lets one in; its number goes back with the rollback.
            throw exists;
        }
        var lines = await db.PlanLines.AsNoTracking().Where(l => l.PlanId == new DistributionPlanId(id)).OrderBy(l => l.HouseholdNo).ToListAsync(ct);
        db.PlanLines.AddRange(lines.Select(l => new PlanLine(reversal.Id, original.VillageCode!.Value, original.Year,
            new HouseholdLine(l.HouseholdId, l.HouseholdNo, l.HeadName, l.People, l.Weight, l.Minimum, l.WeightedFloor, l.RemainderFen, l.Amount, l.ExactShare),
            negate: true)));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return reversal.Id.Value;
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Income;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;
using RuralLedger.Data.Distribution;
using RuralLedger.Web.Features.Assets;

namespace RuralLedger.Web.Features.Distribution;

public sealed record PlanInput(string? VillageCode, int Year, string? RuleCode, DateOnly? FreezeOn, IReadOnlyList<long>? IncomeIds, string? Title);

public sealed record MeetingInput(DateOnly? MeetingOn, int Entitled, int Present, int VotesFor, string? Minutes, int Version);

public sealed record NoticeInput(DateOnly? From, DateOnly? To, string? Place, int Version);

public sealed record ObjectionInput(DateOnly? FiledOn, string? FiledBy, string? Content);

public sealed record AnswerInput(string? Answer);

public sealed record ApprovalInput(string? Opinion, int Version);

public sealed record ReversalInput(string? Reason);

/// <summary>What a repeated request learns: the state it asked for already holds, nothing was done twice.</summary>
public sealed record StepResult(long PlanId, string Status, bool AlreadyDone);

/// <summary>
/// Builds and carries a distribution plan through governance to posting. Posting is one transaction (plan,
/// journal, income release for reversals) and idempotent: a retried request, a double click or two officers
/// at once find the plan already posted — the unique journal keys make a second insert impossible even if
/// two transactions race past the status check.
/// </summary>
public sealed class PlanService(RuralDbContext db, TimeProvider clock, Numbering numbering)
{
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

        var rule = await RuleFor(village.County, input.RuleCode, freezeOn, ct);
        var incomeQuery = db.AssetIncomes.Where(i => i.VillageCode == village && i.Year == input.Year && i.PlanId == null);
        if (input.IncomeIds is { Count: > 0 } ids)
        {
            var keys = ids.Select(i => new AssetIncomeId(i)).ToList();
            incomeQuery = incomeQuery.Where(i => keys.Contains(i.Id));
        }
        var incomes = await incomeQuery.ToListAsync(ct);
        if (input.IncomeIds is { Count: > 0 } wanted && incomes.Count != wanted.Distinct().Count())
        {
            throw new DomainException("plans.income_unavailable", "所选收益记录有的不存在、不属于该村该年度，或已纳入其他方案。", "incomeIds");
        }
        var pool = Money.Sum(incomes.Select(i => i.Amount));
        if (pool <= Money.Zero)
        {
            throw new DomainException("plans.empty_pool", $"{input.Year} 年度该村没有待分配的资产收益。", "incomeIds");
        }

        var beneficiaries = await BeneficiariesAsync(village, input.Year, freezeOn, rule.RequirePublicWelfareJob, ct);
        var result = DistributionCalculator.Compute(pool, rule, beneficiaries);

        await using var transaction = await numbering.BeginAsync("plan", village.County, input.Year, ct);
        var number = await NextNumberAsync(village, input.Year, ct);
        var plan = new DistributionPlan(number, village, input.Year, input.Title, rule, freezeOn, result, db.Access.ActorName, clock.GetUtcNow());
        db.DistributionPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        foreach (var income in incomes)
        {
            income.TakeInto(plan.Id);
        }
        await db.SaveChangesAsync(ct);
        var lines = await new DistributionBulkWriter(db).WriteLinesAsync(result.Lines.Select(l => new PlanLine(plan.Id, village, input.Year, l)), null, ct);
        // The plan and the income it took are audited row by row; its lines, written in bulk, as one event.
        await new AuditWriter(clock).AppendAsync(db, [new AuditRecord(village.County, "create", nameof(PlanLine), $"plan:{plan.Id}", null,
            string.Create(CultureInfo.InvariantCulture, $"{{\"lines\":{lines},\"dividends\":{result.Dividends.Fen}}}"))], ct);
        await transaction.CommitAsync(ct);
        return plan.Id.Value;
    }

    /// <summary>
    /// The households of the village with their status on the freeze date (late entries included) and their members then;
    /// when the rule asks (<paramref name="jobs"/>), whether a member held a public-welfare post in the year up to the freeze date.
    /// </summary>
    private async Task<List<Beneficiary>> BeneficiariesAsync(DivisionCode village, int year, DateOnly freezeOn, bool jobs, CancellationToken ct)
    {
        var knownAt = clock.GetUtcNow();
        var households = await db.Households.AsNoTracking().Include(h => h.Members).Where(h => h.VillageCode == village).ToListAsync(ct);
        var working = new HashSet<HouseholdId>();
        var (start, end) = PublicWelfareJob.PeriodOf(year, freezeOn);
        if (jobs && start <= end)
        {
            // PublicWelfareJob.WorkedIn, in the query.
            working.UnionWith(await db.PublicWelfareJobs.AsNoTracking()
                .Where(j => j.VillageCode == village && j.From <= end && (j.To == null || j.To >= start))
                .Select(j => j.HouseholdId).Distinct().ToListAsync(ct));
        }
        var list = new List<Beneficiary>(households.Count);
        foreach (var h in households)
        {
            if (h.StatusOn(freezeOn, knownAt) is not { } status)
            {
                continue; // registered after the freeze date
            }
            var members = h.Members.Select(m => new BeneficiaryMember(AgeOn(m.BirthDate, freezeOn), m.Labour, m.Health == Health.Disabled)).ToList();
            list.Add(new Beneficiary(h.Id, h.HouseholdNo, h.HeadName, status, members, WorkedPublicWelfareJob: working.Contains(h.Id)));
        }
        return list;
    }

    private static int AgeOn(DateOnly birth, DateOnly on) => RuleLookup.AgeOn(birth, on);

    public Task<DistributionRule> RuleFor(string county, string? code, DateOnly on, CancellationToken ct) => RuleLookup.ForAsync(db, county, code, on, ct);

    private async Task<string> NextNumberAsync(DivisionCode village, int year, CancellationToken ct)
    {
        var prefix = VillagePlans.NumberPrefix(village, year);
        var count = await db.DistributionPlans.IgnoreQueryFilters().CountAsync(p => p.CountyCode == village.County && p.Number.StartsWith(prefix), ct);
        return prefix + (count + 1).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<DistributionPlan> LoadAsync(long id, CancellationToken ct) =>
        await db.DistributionPlans.FirstOrDefaultAsync(p => p.Id == new DistributionPlanId(id), ct)
        ?? throw new NotFoundException("plans.not_found", "没有这个分配方案，或它不在您的权限范围内。");

    public async Task RecordMeetingAsync(long id, MeetingInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        ExpectVersion(plan, input.Version);
        var today = BusinessCalendar.Today(clock);
        plan.RecordMeeting(input.MeetingOn ?? today, input.Entitled, input.Present, input.VotesFor, input.Minutes, today);
        await SaveAsync(ct);
    }

    public async Task PublishNoticeAsync(long id, NoticeInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        ExpectVersion(plan, input.Version);
        var from = input.From ?? BusinessCalendar.Today(clock);
        plan.PublishNotice(from, input.To ?? from.AddDays(DistributionPlan.MinimumNoticeDays - 1), input.Place);
        await SaveAsync(ct);
    }

    public async Task<long> FileObjectionAsync(long id, ObjectionInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        var objection = plan.FileObjection(input.FiledOn ?? BusinessCalendar.Today(clock), input.FiledBy, input.Content);
        await SaveAsync(ct);
        return objection.Id;
    }

    public async Task AnswerObjectionAsync(long id, long objectionId, AnswerInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        plan.AnswerObjection(objectionId, input.Answer, BusinessCalendar.Today(clock));
        await SaveAsync(ct);
    }

    /// <summary>Township approval. Asking again for a plan already approved (or posted) changes nothing.</summary>
    public async Task<StepResult> ApproveAsync(long id, ApprovalInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await LoadAsync(id, ct);
        if (plan.Status is PlanStatus.Approved or PlanStatus.Posted or PlanStatus.Reversed)
        {
            return new StepResult(plan.Id.Value, plan.Status.ToString(), AlreadyDone: true);
        }
        ExpectVersion(plan, input.Version);
        plan.Approve(BusinessCalendar.Today(clock), db.Access.ActorName, input.Opinion);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await AfterRaceAsync(id, PlanStatus.Approved, ct);
        }
        return new StepResult(plan.Id.Value, plan.Status.ToString(), AlreadyDone: false);
    }

    /// <summary>
    /// Posts the plan's parts to the journal in one transaction (<see cref="PlanPosting"/>: status through the domain,
    /// journal rows in bulk). Posting again answers "already posted".
    /// </summary>
    public async Task<StepResult> PostAsync(long id, CancellationToken ct)
    {
        var plan = await LoadAsync(id, ct);
        if (plan.Status is PlanStatus.Posted or PlanStatus.Reversed)
        {
            return new StepResult(plan.Id.Value, plan.Status.ToString(), AlreadyDone: true);
        }
        var outcome = (await new PlanPosting(db, clock).PostAsync([plan.Id.Value], progress: null, ct)).Plans.Single();
        return new StepResult(outcome.PlanId, outcome.Status.ToString(), outcome.AlreadyDone);
    }

    /// <summary>Starts a reversal plan of a posted plan: the same parts and lines negated, to be approved and posted.</summary>
    public async Task<long> ReverseAsync(long id, ReversalInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var original = await LoadAsync(id, ct);
        if (await db.DistributionPlans.AnyAsync(p => p.ReversesId == new DistributionPlanId(id), ct))
        {
            throw new ConflictException("plans.reversal_exists", "该方案已有冲销方案。");
        }
        await using var transaction = await numbering.BeginAsync("plan", original.CountyCode, original.Year, ct);
        var reversal = original.Reverse(await NextNumberAsync(original.VillageCode!.Value, original.Year, ct), input.Reason, db.Access.ActorName, clock.GetUtcNow());
        db.DistributionPlans.Add(reversal);
        await db.SaveChangesAsync(ct);
        var lines = await db.PlanLines.AsNoTracking().Where(l => l.PlanId == new DistributionPlanId(id)).OrderBy(l => l.HouseholdNo).ToListAsync(ct);
        db.PlanLines.AddRange(lines.Select(l => new PlanLine(reversal.Id, original.VillageCode!.Value, original.Year,
            new HouseholdLine(l.HouseholdId, l.HouseholdNo, l.HeadName, l.People, l.Weight, l.Minimum, l.WeightedFloor, l.RemainderFen, l.Amount, l.ExactShare),
            negate: true)));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return reversal.Id.Value;
    }

    private async Task<StepResult> AfterRaceAsync(long id, PlanStatus wanted, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await LoadAsync(id, ct);
        if (current.Status >= wanted)
        {
            return new StepResult(current.Id.Value, current.Status.ToString(), AlreadyDone: true);
        }
        throw new ConflictException("plans.stale", "方案已被他人修改，请刷新后重试。");
    }

    private static void ExpectVersion(DistributionPlan plan, int version)
    {
        if (plan.Version != version)
        {
            throw new ConflictException("plans.stale", "方案已被他人修改，请刷新后重试。", "version");
        }
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("plans.stale", "方案已被他人修改，请刷新后重试。", "version");
        }
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Distribution;

public sealed record PlanSummary(long Id, string Number, string Title, string VillageCode, int Year, string Kind, string Status, string StatusName,
    Money Pool, Money Dividends, int Households, string RuleCode, int RuleVersion, DateOnly FreezeOn)
{
    /// <summary>"龙溪镇 · 混寨村": the village as people name it.</summary>
    public string VillageName { get; init; } = VillageCode;
}

/// <summary>A part of a rule or plan; <c>amount</c> is the part of the pool, absent on a rule.</summary>
public sealed record PlanPartView(string Code, string Name, string Kind, Rate Percent, Money? Amount);

/// <param name="OnBoard">Filed by a villager on the public board; <paramref name="PhoneMasked"/> is the phone they left, if any.</param>
public sealed record ObjectionView(long Id, DateOnly FiledOn, string FiledBy, string Content, string? Answer, DateOnly? AnsweredOn, bool OnBoard, string? PhoneMasked);

public sealed record PlanLineView(long Id, long HouseholdId, string HouseholdNo, string HeadName, int People, long Weight, Money Amount,
    Money Remainder, string Payment, string? FailureReason, long? BatchId, string Explanation);

public sealed record BatchView(long Id, int Sequence, int Lines, Money Total, string Status, int Paid, int Failed, Money PaidTotal, DateOnly CreatedOn);

public sealed record JournalView(DateOnly PostedOn, string Debit, string Credit, Money Amount, string Memo);

public sealed record PlanDetail(PlanSummary Plan, string RemainderRule, IReadOnlyList<PlanPartView> Parts, long TotalWeight,
    DateOnly? MeetingOn, int? MeetingEntitled, int? MeetingPresent, int? MeetingFor, string? MeetingMinutes,
    DateOnly? NoticeFrom, DateOnly? NoticeTo, string? NoticePlace, IReadOnlyList<ObjectionView> Objections,
    DateOnly? ApprovedOn, string? ApprovedBy, string? ApprovalOpinion, DateOnly? PostedOn, long? ReversesId, long? ReversedById,
    IReadOnlyList<PlanLineView> Lines, IReadOnlyList<BatchView> Batches, IReadOnlyList<JournalView> Journal, int Version)
{
    public DateOnly ComputedOn { get; init; }

    /// <summary>The township's last return to the village (退回) and its reason.</summary>
    public DateOnly? ReturnedOn { get; init; }

    public string? ReturnedBy { get; init; }

    public string? ReturnReason { get; init; }

    public DateOnly? DiscardedOn { get; init; }

    public string? DiscardedBy { get; init; }

    public string? DiscardReason { get; init; }
}

public sealed record StatementLine(int Year, string PlanNumber, long PlanId, string PlanKind, Money Amount, string Payment);

public sealed record StatementYear(int Year, Money Total, Money Paid, IReadOnlyList<StatementLine> Lines);

public sealed record VillageSummary(string VillageCode, int Year, int Plans, Money Pool, Money Dividends, Money Paid, Money Unpaid)
{
    public string VillageName { get; init; } = VillageCode;
}

/// <summary>Reads of plans, household statements and summaries; every query runs under the caller's scope.</summary>
public sealed class DistributionQueries(RuralDbContext db)
{
    public async Task<IReadOnlyList<PlanSummary>> ListAsync(string? village, int? year, CancellationToken ct) =>
        (await PageAsync(village, year, 1, 500, ct)).Plans;

    /// <summary>One page of the plans (newest first) and how many there are, for the list page's pager.</summary>
    public async Task<(IReadOnlyList<PlanSummary> Plans, int Total)> PageAsync(string? village, int? year, int page, int pageSize, CancellationToken ct)
    {
        var q = db.DistributionPlans.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(village) && DivisionCode.TryParse(village, out var v, out _))
        {
            q = q.Where(p => p.VillageCode == v || p.TownshipCode == v);
        }
        if (year is { } y)
        {
            q = q.Where(p => p.Year == y);
        }
        var total = await q.CountAsync(ct);
        var plans = await q.OrderByDescending(p => p.Id).Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, plans.SelectMany(p => new[] { p.TownshipCode, p.VillageCode }), ct);
        return (plans.Select(p => Summary(p) with { VillageName = PlaceNames.Of(names, p.TownshipCode, p.VillageCode) }).ToList(), total);
    }

    public static PlanSummary Summary(DistributionPlan p) => new(p.Id.Value, p.Number, p.Title, p.VillageCode?.Value ?? "", p.Year, p.Kind.ToString(),
        p.Status.ToString(), IncomeNames.Of(p.Status), p.Pool, p.Dividends, p.Households, p.RuleCode, p.RuleVersion, p.FreezeOn);

    public async Task<PlanDetail> DetailAsync(long id, CancellationToken ct)
    {
        var p = await db.DistributionPlans.AsNoTracking().FirstOrDefaultAsync(x => x.Id == new DistributionPlanId(id), ct)
            ?? throw new NotFoundException("plans.not_found", "没有这个分配方案，或它不在您的权限范围内。");
        var lines = await db.PlanLines.AsNoTracking().Where(l => l.PlanId == new DistributionPlanId(id)).OrderBy(l => l.HouseholdNo).ToListAsync(ct);
        var batches = await db.PaymentBatches.AsNoTracking().Where(b => b.PlanId == new DistributionPlanId(id)).OrderBy(b => b.Sequence).ToListAsync(ct);
        var journal = await db.JournalEntries.AsNoTracking().Where(j => j.CountyCode == p.CountyCode && j.PlanId == new DistributionPlanId(id)).OrderBy(j => j.Id).ToListAsync(ct);
        var shared = p.Dividends - Money.Sum(lines.Select(l => l.Minimum));
        var names = await PlaceNames.LoadAsync(db, [p.TownshipCode, p.VillageCode], ct);
        return new PlanDetail(Summary(p) with { VillageName = PlaceNames.Of(names, p.TownshipCode, p.VillageCode) }, p.RemainderRule,
            p.Parts.Select(x => new PlanPartView(x.Code, x.Name, IncomeNames.Of(x.Kind), Rate.FromBasisPoints(x.BasisPoints), x.Amount)).ToList(),
            p.TotalWeight, p.MeetingOn, p.MeetingEntitled, p.MeetingPresent, p.MeetingFor, p.MeetingMinutes, p.NoticeFrom, p.NoticeTo, p.NoticePlace,
            p.Objections.Select(o => new ObjectionView(o.Id, o.FiledOn, o.FiledBy, o.Content, o.Answer, o.AnsweredOn, o.OnBoard, o.PhoneMasked)).ToList(),
            p.ApprovedOn, p.ApprovedBy, p.ApprovalOpinion, p.PostedOn, p.ReversesId?.Value, p.ReversedById?.Value,
            lines.Select(l => new PlanLineView(l.Id.Value, l.HouseholdId.Value, l.HouseholdNo, l.HeadName, l.People, l.Weight, l.Amount,
                Money.FromFen(l.RemainderFen), l.Payment.ToString(), l.FailureReason, l.BatchId?.Value,
                new HouseholdLine(l.HouseholdId, l.HouseholdNo, l.HeadName, l.People, l.Weight, l.Minimum, l.WeightedFloor, l.RemainderFen, l.Amount, l.ExactShare)
                    .Explain(p.TotalWeight, p.Kind == PlanKind.Reversal ? -shared : shared))).ToList(),
            batches.Select(b => new BatchView(b.Id.Value, b.Sequence, b.Lines, b.Total, b.Status.ToString(), b.Paid, b.Failed, b.PaidTotal, b.CreatedOn)).ToList(),
            journal.Select(j => new JournalView(j.PostedOn, AccountName(j.Debit), AccountName(j.Credit), j.Amount, j.Memo)).ToList(),
            p.Version)
        {
            ComputedOn = p.ComputedOn,
            ReturnedOn = p.ReturnedOn, ReturnedBy = p.ReturnedBy, ReturnReason = p.ReturnReason,
            DiscardedOn = p.DiscardedOn, DiscardedBy = p.DiscardedBy, DiscardReason = p.DiscardReason,
        };
    }

    /// <summary>一户一本账: every dividend line of the household by year, with payment state; reversals show as negative lines.</summary>
    public async Task<IReadOnlyList<StatementYear>> StatementAsync(long householdId, CancellationToken ct)
    {
        var id = new Core.Kernel.HouseholdId(householdId);
        if (!await db.Households.AnyAsync(h => h.Id == id, ct))
        {
            throw new NotFoundException("registry.not_found", "没有这户档案，或它不在您的权限范围内。");
        }
        var rows = await (from l in db.PlanLines.AsNoTracking()
                          join p in db.DistributionPlans.AsNoTracking() on l.PlanId equals p.Id
                          where l.HouseholdId == id && p.Status != PlanStatus.Computed && p.Status != PlanStatus.MeetingPassed && p.Status != PlanStatus.Discarded
                          orderby l.Year, p.Id
                          select new { l.Year, p.Number, p.Id, p.Kind, l.Amount, l.Payment, p.Status }).ToListAsync(ct);
        return rows.GroupBy(r => r.Year).Select(g => new StatementYear(g.Key,
            Money.Sum(g.Select(r => r.Amount)),
            Money.Sum(g.Where(r => r.Payment == LinePayment.Paid && r.Kind == PlanKind.Distribution).Select(r => r.Amount)),
            g.Select(r => new StatementLine(r.Year, r.Number, r.Id.Value, r.Kind == PlanKind.Reversal ? "冲销" : "分配", r.Amount,
                r.Kind == PlanKind.Reversal ? "冲销" : PaymentName(r.Payment))).ToList())).ToList();
    }

    /// <summary>Per village and year: pool, dividends, and what the bank has paid — the village and county summaries.</summary>
    public async Task<IReadOnlyList<VillageSummary>> SummaryAsync(int? year, CancellationToken ct)
    {
        // Posted plans and the originals of posted reversals: a reversal's negative pool cancels its original.
        var plans = db.DistributionPlans.AsNoTracking().Where(p => p.Status == PlanStatus.Posted || p.Status == PlanStatus.Reversed);
        if (year is { } y)
        {
            plans = plans.Where(p => p.Year == y);
        }
        // Lines are found through their plans (plan_lines has no village index; see IncomeConfiguration).
        var lines = db.PlanLines.AsNoTracking().Where(l => l.Payment == LinePayment.Paid && plans.Select(p => p.Id).Contains(l.PlanId));
        // Money sums run here rather than in SQL: a value-converted amount can't be summed by the providers' LINQ.
        var planRows = await plans.Select(p => new { p.VillageCode, p.Year, p.Kind, p.Pool, p.Dividends }).ToListAsync(ct);
        var paidRows = await lines.Select(l => new { l.VillageCode, l.Year, l.PlanId, l.Amount }).ToListAsync(ct);
        var paid = paidRows.Where(l => l.Amount > Money.Zero).GroupBy(l => (l.VillageCode, l.Year)).ToDictionary(g => g.Key, g => Money.Sum(g.Select(l => l.Amount)));
        var villages = planRows.Select(p => p.VillageCode).Distinct().ToList();
        var names = await PlaceNames.LoadAsync(db, villages.Select(v => v?.TownshipOf()).Concat(villages), ct);
        return planRows.GroupBy(p => (p.VillageCode, p.Year)).OrderBy(g => g.Key.VillageCode!.Value.Value).ThenBy(g => g.Key.Year).Select(g =>
        {
            var pool = Money.Sum(g.Select(p => p.Pool));
            var dividends = Money.Sum(g.Select(p => p.Dividends));
            var p = paid.GetValueOrDefault(g.Key);
            return new VillageSummary(g.Key.VillageCode!.Value.Value, g.Key.Year, g.Count(x => x.Kind == PlanKind.Distribution), pool, dividends,
                p, dividends - p)
            {
                VillageName = PlaceNames.Of(names, g.Key.VillageCode!.Value.TownshipOf(), g.Key.VillageCode),
            };
        }).ToList();
    }

    public static string AccountName(LedgerAccount a) => a switch
    {
        LedgerAccount.IncomePool => "扶贫资产收益（待分配）",
        LedgerAccount.DividendsPayable => "应付脱贫户分红",
        LedgerAccount.CollectiveIncome => "村集体经济收入",
        LedgerAccount.ManagementFund => "村级管理和发展基金",
        LedgerAccount.OtherPayable => "其他应付款",
        LedgerAccount.Bank => "银行存款",
    };

    public static string PaymentName(LinePayment p) => p switch
    {
        LinePayment.Pending => "待发放",
        LinePayment.InBatch => "代发中",
        LinePayment.Paid => "已入账",
        LinePayment.Failed => "发放失败",
    };
}

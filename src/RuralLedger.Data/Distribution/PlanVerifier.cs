using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Data.Distribution;

public sealed record PlanCheck(long PlanId, string Number, PlanStatus Status, int Lines, int JournalRows, Money Pool, string? FirstMismatch)
{
    public bool Ok => FirstMismatch is null;
}

/// <summary>
/// Re-adds a plan from what is stored: its parts sum to the pool, its lines to the dividend part, and — once
/// posted — the journal holds each part and each household's payable exactly as the plan says, and nothing more.
/// An unposted plan must have no posting rows at all (a crashed posting leaves none).
/// </summary>
public sealed class PlanVerifier(RuralDbContext db)
{
    public async Task<PlanCheck> VerifyAsync(long id, CancellationToken ct)
    {
        var planId = new DistributionPlanId(id);
        var plan = await db.DistributionPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct)
            ?? throw new NotFoundException("plans.not_found", "没有这个分配方案，或它不在您的权限范围内。");
        var lines = await db.PlanLines.Where(l => l.PlanId == planId).OrderBy(l => l.HouseholdNo)
            .Select(l => new { l.HouseholdId, l.HouseholdNo, l.Amount }).ToListAsync(ct);
        // Bank payments (batch rows) belong to the payment flow, not to the posting checked here.
        var journal = await db.JournalEntries.Where(j => j.CountyCode == plan.CountyCode && j.PlanId == planId && j.BatchId == null)
            .Select(j => new { j.Key, j.HouseholdId, j.Credit, j.Amount }).ToListAsync(ct);
        string? mismatch = null;
        void Fail(string text) => mismatch ??= text;

        var partsSum = Money.Sum(plan.Parts.Select(p => p.Amount));
        if (partsSum != plan.Pool)
        {
            Fail($"各部分合计 {partsSum} ≠ 收益池 {plan.Pool}");
        }
        var dividendPart = plan.Parts.Where(p => p.Kind == RulePartKind.HouseholdDividend).Select(p => p.Amount).FirstOrDefault();
        if (dividendPart != plan.Dividends)
        {
            Fail($"分红部分 {dividendPart} ≠ 方案分红金额 {plan.Dividends}");
        }
        var linesSum = Money.Sum(lines.Select(l => l.Amount));
        if (linesSum != dividendPart)
        {
            Fail($"各户金额合计 {linesSum} ≠ 分红部分 {dividendPart}");
        }
        if (lines.Count != plan.Households)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"分红行 {lines.Count} 行 ≠ 方案户数 {plan.Households}"));
        }

        if (plan.Status is PlanStatus.Posted or PlanStatus.Reversed)
        {
            var byKey = journal.ToDictionary(j => j.Key);
            foreach (var part in plan.Parts.Where(p => p.Kind != RulePartKind.HouseholdDividend && p.Amount != Money.Zero))
            {
                var key = $"plan:{plan.Id}:{part.Code}";
                if (!byKey.TryGetValue(key, out var entry))
                {
                    Fail($"缺少分录 {key}（{part.Name} {part.Amount}）");
                }
                else if (entry.Amount != part.Amount || entry.Credit != JournalEntry.AccountOf(part.Kind))
                {
                    Fail($"分录 {key} 金额 {entry.Amount} ≠ {part.Name} {part.Amount}");
                }
            }
            var payables = journal.Where(j => j.Credit == LedgerAccount.DividendsPayable).ToLookup(j => j.HouseholdId);
            foreach (var line in lines.Where(l => l.Amount != Money.Zero))
            {
                var posted = payables[line.HouseholdId].ToList();
                if (posted.Count != 1)
                {
                    Fail(string.Create(CultureInfo.InvariantCulture, $"户 {line.HouseholdNo} 应付分红分录 {posted.Count} 条，应为 1 条"));
                }
                else if (posted[0].Amount != line.Amount)
                {
                    Fail($"户 {line.HouseholdNo} 应付分红 {posted[0].Amount} ≠ 分红行 {line.Amount}");
                }
            }
            var expectedRows = lines.Count(l => l.Amount != Money.Zero) + plan.Parts.Count(p => p.Kind != RulePartKind.HouseholdDividend && p.Amount != Money.Zero);
            if (journal.Count != expectedRows)
            {
                Fail(string.Create(CultureInfo.InvariantCulture, $"记账分录 {journal.Count} 条 ≠ 应有 {expectedRows} 条"));
            }
            var journalSum = Money.Sum(journal.Select(j => j.Amount));
            if (journalSum != plan.Pool)
            {
                Fail($"记账分录合计 {journalSum} ≠ 收益池 {plan.Pool}");
            }
        }
        else if (journal.Count > 0)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"方案未记账（{IncomeNames.Of(plan.Status)}），却有 {journal.Count} 条记账分录"));
        }
        return new PlanCheck(plan.Id.Value, plan.Number, plan.Status, lines.Count, journal.Count, plan.Pool, mismatch);
    }
}

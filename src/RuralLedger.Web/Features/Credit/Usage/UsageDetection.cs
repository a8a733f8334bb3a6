using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Credit.Usage;

/// <summary>What one rule found in a run: groups matching its threshold, cases raised (new), and the time it took.</summary>
public sealed record UsageRuleRun(UsageRuleKind Kind, string Name, long RuleId, bool Enabled, int MinHouseholds, int Matched, int Raised, long Milliseconds);

public sealed record UsageRunResult(DateOnly On, int Raised, IReadOnlyList<UsageRuleRun> Rules);

/// <summary>
/// 户贷企用 detection. Each rule is one GROUP BY over the county's repayments, enterprise links or loans, keeping the
/// groups whose distinct households reach the rule's threshold, then one query for the evidence of those groups.
/// A group becomes a case unless a case of the same rule and subject is still live (the unique key refuses it) or
/// every loan of the group was already in a closed case of that subject — so running again raises nothing new.
/// </summary>
public sealed class UsageDetection(RuralDbContext db, TimeProvider clock)
{
    private sealed record Evidence(string BankCode, string SubjectKey, string Subject, LoanId LoanId, string LoanNumber, string HouseholdNo, string BorrowerName,
        Money Amount, DivisionCode TownshipCode, DivisionCode VillageCode, string Detail);

    private sealed record LoanSeen(LoanId Id, string Number, string HouseholdNo, string BorrowerName, Money Amount, DivisionCode TownshipCode, DivisionCode VillageCode)
    {
        public Evidence Evidence(string bankCode, string subjectKey, string subject, string detail) =>
            new(bankCode, subjectKey, subject, Id, Number, HouseholdNo, BorrowerName, Amount, TownshipCode, VillageCode, detail);
    }

    public async Task<UsageRunResult> RunAsync(CancellationToken ct)
    {
        var county = db.Access.Scope.CountyCode;
        if (db.Access.Scope.Kind is not (ScopeKind.County or ScopeKind.All) || string.IsNullOrEmpty(county))
        {
            throw new ConflictException("usage.run_scope", "户贷企用识别按县运行，须由县级用户办理。", "county");
        }
        var today = BusinessCalendar.Today(clock);
        var rules = UsageRule.InForce(await UsageReference.EnsureAsync(db, county, clock.GetUtcNow(), ct), today);
        var runs = new List<UsageRuleRun>();
        var raised = new List<UsageCase>();
        foreach (var rule in rules)
        {
            var watch = Stopwatch.StartNew();
            if (!rule.Enabled)
            {
                runs.Add(new UsageRuleRun(rule.Kind, UsageNames.Of(rule.Kind), rule.Id, false, rule.MinHouseholds, 0, 0, 0));
                continue;
            }
            var evidence = await EvidenceAsync(rule, county, ct);
            var groups = evidence.GroupBy(e => (e.BankCode, e.SubjectKey)).ToList();
            var fresh = await NewCasesAsync(rule, groups, today, ct);
            raised.AddRange(fresh);
            runs.Add(new UsageRuleRun(rule.Kind, UsageNames.Of(rule.Kind), rule.Id, true, rule.MinHouseholds, groups.Count, fresh.Count, watch.ElapsedMilliseconds));
        }
        db.UsageCases.AddRange(raised);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("usage.concurrent_run", "另一次识别刚刚登记了相同的线索，请刷新后查看。", "county");
        }
        return new UsageRunResult(today, raised.Count, runs);
    }

    private Task<List<Evidence>> EvidenceAsync(UsageRule rule, string county, CancellationToken ct) => rule.Kind switch
    {
        UsageRuleKind.SharedPayerAccount => SharedAccountAsync(county, rule.MinHouseholds, ct),
        UsageRuleKind.SharedPayerName => SharedNameAsync(county, rule.MinHouseholds, ct),
        UsageRuleKind.SharedEnterprise => EnterpriseAsync(county, rule.MinHouseholds, [EnterpriseLinkKind.DeclaredUse, EnterpriseLinkKind.InspectedUse], "ent:", ct),
        UsageRuleKind.FixedDividend => EnterpriseAsync(county, rule.MinHouseholds, [EnterpriseLinkKind.FixedDividend], "div:", ct),
        UsageRuleKind.ProhibitedUse => ProhibitedAsync(county, rule.KeywordList, ct),
        // Raised by an inspection as it is recorded (LoanInspectionCommands), never by a run.
        UsageRuleKind.InspectionFound => Task.FromResult(new List<Evidence>()),
        UsageRuleKind.TransferOut => TransferOutAsync(county, rule, ct),
    };

    // One account (by its keyed hash, never the number) repaying loans of several households. The distinct (account, bank,
    // loan) triples come first, from the payer links' index (county, account, bank, loan) alone and in its column order
    // (PostgreSQL then reads them off the index in order instead of hashing), so loans are joined once per loan an account
    // repaid rather than once per repayment; the evidence is then read only for the accounts over the threshold. The links
    // are the repayments' distinct payers (decision 0047): the same triples, a fraction of the rows.
    private async Task<List<Evidence>> SharedAccountAsync(string county, int min, CancellationToken ct)
    {
        var repaid = db.LoanPayerLinks.Where(r => r.CountyCode == county).Select(r => new { r.PayerAccountHash, r.BankCode, r.LoanId }).Distinct();
        var flagged = await (from p in repaid
                             join l in db.Loans on p.LoanId equals l.Id
                             select new { p.PayerAccountHash, p.BankCode, l.HouseholdId })
            .GroupBy(x => new { x.PayerAccountHash, x.BankCode })
            .Where(g => g.Select(x => x.HouseholdId).Distinct().Count() >= min)
            .Select(g => g.Key).ToListAsync(ct);
        var keys = flagged.Select(k => (k.BankCode, Convert.ToHexString(k.PayerAccountHash))).ToHashSet();
        var evidence = new List<Evidence>();
        foreach (var chunk in flagged.Select(k => k.PayerAccountHash).DistinctBy(Convert.ToHexString).Chunk(500))
        {
            var rows = await (from p in db.LoanPayerLinks.Where(r => r.CountyCode == county && chunk.Contains(r.PayerAccountHash))
                                  .Select(r => new { r.BankCode, r.PayerAccountHash, r.PayerAccountMasked, r.LoanId }).Distinct()
                              join l in db.Loans on p.LoanId equals l.Id
                              select new { p.BankCode, p.PayerAccountHash, p.PayerAccountMasked, Loan = new LoanSeen(l.Id, l.Number, l.HouseholdNo, l.BorrowerName,
                                  l.DisbursedAmount, l.TownshipCode, l.VillageCode) })
                .ToListAsync(ct);
            evidence.AddRange(rows.Where(x => keys.Contains((x.BankCode, Convert.ToHexString(x.PayerAccountHash))))
                .Select(x => x.Loan.Evidence(x.BankCode, "acct:" + Convert.ToHexString(x.PayerAccountHash), x.PayerAccountMasked, $"由账户 {x.PayerAccountMasked} 还款")));
        }
        return evidence;
    }

    // One payer, not the borrower, repaying loans of several households: the same triples, by name through the links'
    // index (county, payer, bank, loan).
    private async Task<List<Evidence>> SharedNameAsync(string county, int min, CancellationToken ct)
    {
        var repaid = db.LoanPayerLinks.Where(r => r.CountyCode == county).Select(r => new { r.PayerName, r.BankCode, r.LoanId }).Distinct();
        var flagged = await (from p in repaid
                             join l in db.Loans on p.LoanId equals l.Id
                             where p.PayerName != l.BorrowerName
                             select new { p.PayerName, p.BankCode, l.HouseholdId })
            .GroupBy(x => new { x.PayerName, x.BankCode })
            .Where(g => g.Select(x => x.HouseholdId).Distinct().Count() >= min)
            .Select(g => g.Key).ToListAsync(ct);
        var keys = flagged.Select(k => (k.BankCode, k.PayerName)).ToHashSet();
        var evidence = new List<Evidence>();
        foreach (var chunk in flagged.Select(k => k.PayerName).Distinct().Chunk(500))
        {
            var rows = await (from p in db.LoanPayerLinks.Where(r => r.CountyCode == county && chunk.Contains(r.PayerName))
                                  .Select(r => new { r.BankCode, r.PayerName, r.LoanId }).Distinct()
                              join l in db.Loans on p.LoanId equals l.Id
                              where p.PayerName != l.BorrowerName
                              select new { p.BankCode, p.PayerName, Loan = new LoanSeen(l.Id, l.Number, l.HouseholdNo, l.BorrowerName, l.DisbursedAmount,
                                  l.TownshipCode, l.VillageCode) })
                .ToListAsync(ct);
            evidence.AddRange(rows.Where(x => keys.Contains((x.BankCode, x.PayerName)))
                .Select(x => x.Loan.Evidence(x.BankCode, "name:" + x.PayerName, x.PayerName, $"由 {x.PayerName} 代为还款")));
        }
        return evidence;
    }

    // Loans declared for, or found used by, one enterprise; or households drawing a fixed "dividend" from one.
    private async Task<List<Evidence>> EnterpriseAsync(string county, int min, EnterpriseLinkKind[] kinds, string prefix, CancellationToken ct)
    {
        var links = db.EnterpriseLinks.Where(x => x.CountyCode == county && kinds.Contains(x.Kind));
        var flagged = links.GroupBy(x => new { x.BankCode, x.Enterprise })
            .Where(g => g.Select(x => x.HouseholdId).Distinct().Count() >= min)
            .Select(g => g.Key);
        var keys = (await flagged.ToListAsync(ct)).Select(k => (k.BankCode, k.Enterprise)).ToHashSet();
        if (keys.Count == 0)
        {
            return [];
        }
        var names = flagged.Select(f => f.Enterprise);
        var rows = (await (from x in links
                           join l in db.Loans on x.LoanId equals l.Id
                           where names.Contains(x.Enterprise)
                           select new { x.BankCode, x.Enterprise, x.Kind, x.YearlyAmount, l.Id, l.Number, l.HouseholdNo, l.BorrowerName, l.DisbursedAmount, l.TownshipCode, l.VillageCode })
            .ToListAsync(ct)).Where(x => keys.Contains((x.BankCode, x.Enterprise)));
        return rows.Select(x => new Evidence(x.BankCode, prefix + x.Enterprise, x.Enterprise, x.Id, x.Number, x.HouseholdNo, x.BorrowerName, x.DisbursedAmount,
                x.TownshipCode, x.VillageCode, x.YearlyAmount is { } a ? $"{UsageNames.Of(x.Kind)}，每年 {a}" : UsageNames.Of(x.Kind)))
            .DistinctBy(e => (e.BankCode, e.SubjectKey, e.LoanId)).ToList();
    }

    // A disbursed loan whose declared use names a prohibited use (入股分红, lending on): one case per loan.
    private async Task<List<Evidence>> ProhibitedAsync(string county, IReadOnlyList<string> keywords, CancellationToken ct)
    {
        if (keywords.Count == 0)
        {
            return [];
        }
        var words = keywords.ToArray();
        var rows = await db.Loans.Where(l => l.CountyCode == county && l.DisbursedOn != null && l.PurposeDetail != null
                && words.Any(w => l.PurposeDetail.Contains(w)))
            .Select(l => new { l.BankCode, l.Id, l.Number, l.HouseholdNo, l.BorrowerName, l.DisbursedAmount, l.TownshipCode, l.VillageCode, l.Purpose, l.PurposeDetail })
            .ToListAsync(ct);
        return rows.Select(x => new Evidence(x.BankCode, "loan:" + x.Number, x.Number, x.Id, x.Number, x.HouseholdNo, x.BorrowerName, x.DisbursedAmount,
            x.TownshipCode, x.VillageCode, $"申报用途：{x.Purpose}（{x.PurposeDetail}）")).ToList();
    }

    // Within the rule's days after disbursement, payments out of the loan's account to one counterparty (by the account's
    // keyed hash) reaching the rule's share of the disbursed amount: one case per loan and counterparty. Flows exist only
    // where a bank supplied its sheet, so they are read in one query and summed here.
    private async Task<List<Evidence>> TransferOutAsync(string county, UsageRule rule, CancellationToken ct)
    {
        if (rule.Share is not { } share || rule.WithinDays is not { } days)
        {
            return [];
        }
        var rows = await (from f in db.AccountFlows
                          join l in db.Loans on f.LoanId equals l.Id
                          where f.CountyCode == county && f.Direction == FlowDirection.Out && l.DisbursedOn != null && f.On >= l.DisbursedOn
                          select new { f.BankCode, f.On, f.Amount, f.CounterpartyAccountHash, f.CounterpartyAccountMasked, f.CounterpartyName, l.Id, l.Number, l.HouseholdNo,
                              l.BorrowerName, l.DisbursedAmount, l.DisbursedOn, l.TownshipCode, l.VillageCode })
            .ToListAsync(ct);
        return rows.Where(x => x.On.DayNumber - x.DisbursedOn!.Value.DayNumber <= days)
            .GroupBy(x => (x.Id, Convert.ToHexString(x.CounterpartyAccountHash)))
            .Select(g => (First: g.First(), Paid: Money.Sum(g.Select(x => x.Amount)), Last: g.Max(x => x.On)))
            .Where(g => g.First.DisbursedAmount > Money.Zero && g.Paid.Fen * Rate.FullBasisPoints >= g.First.DisbursedAmount.Fen * share.BasisPoints)
            .Select(g =>
            {
                var x = g.First;
                var subject = $"{x.CounterpartyName} {x.CounterpartyAccountMasked}";
                return new Evidence(x.BankCode, $"flow:{x.Number}:{Convert.ToHexString(x.CounterpartyAccountHash)[..16]}", subject, x.Id, x.Number, x.HouseholdNo,
                    x.BorrowerName, x.DisbursedAmount, x.TownshipCode, x.VillageCode,
                    $"{BusinessCalendar.Format(x.DisbursedOn!.Value)} 放款后 {g.Last.DayNumber - x.DisbursedOn.Value.DayNumber} 天内转出 {g.Paid}"
                    + $"（占 {Rate.ShareOf(g.Paid, x.DisbursedAmount)?.Percent}%）至 {subject}");
            }).ToList();
    }

    private async Task<List<UsageCase>> NewCasesAsync(UsageRule rule, IReadOnlyList<IGrouping<(string BankCode, string SubjectKey), Evidence>> groups, DateOnly today,
        CancellationToken ct)
    {
        if (groups.Count == 0)
        {
            return [];
        }
        var kind = rule.Kind;
        var county = rule.CountyCode;
        // The rule's earlier cases, in one query of their subjects and loans: a live one blocks its subject; closed ones count
        // their loans as already handled.
        var earlier = await (from c in db.UsageCases.IgnoreQueryFilters()
                             where c.CountyCode == county && c.RuleKind == kind
                             from l in c.Loans
                             select new { c.BankCode, c.SubjectKey, Live = c.LiveKey != null, l.LoanId }).ToListAsync(ct);
        var live = earlier.Where(e => e.Live).Select(e => (e.BankCode, e.SubjectKey)).ToHashSet();
        var handled = earlier.Select(e => (e.BankCode, e.SubjectKey, e.LoanId)).ToHashSet();
        var cases = new List<UsageCase>();
        foreach (var g in groups)
        {
            if (live.Contains(g.Key) || g.All(e => handled.Contains((g.Key.BankCode, g.Key.SubjectKey, e.LoanId))))
            {
                continue;
            }
            var loans = g.OrderBy(e => e.LoanNumber, StringComparer.Ordinal)
                .Select(e => new UsageCaseLoan(e.LoanId, e.LoanNumber, e.HouseholdNo, e.BorrowerName, e.Amount, e.Detail)).ToList();
            var villages = g.Select(e => e.VillageCode).Distinct().ToList();
            var townships = g.Select(e => e.TownshipCode).Distinct().ToList();
            cases.Add(new UsageCase(rule, g.Key.BankCode, g.Key.SubjectKey, g.First().Subject, loans, townships.Count == 1 ? townships[0] : null,
                villages.Count == 1 ? villages[0] : null, today, db.Access.ActorName, clock.GetUtcNow()));
        }
        return cases;
    }
}

/// <summary>The county's detection rules, seeded the first time they are needed; the unique key makes two first uses one copy.</summary>
public static class UsageReference
{
    public static async Task<IReadOnlyList<UsageRule>> EnsureAsync(RuralDbContext db, string county, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rules = await db.UsageRules.AsNoTracking().Where(r => r.CountyCode == county).ToListAsync(ct);
        // A county seeded before a rule existed gets that rule's starting version; its own versions stay as they are.
        var seed = UsageRule.Seed(county, "system", at).Where(s => rules.All(r => r.Kind != s.Kind)).ToList();
        if (seed.Count == 0)
        {
            return rules;
        }
        db.UsageRules.AddRange(seed);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            foreach (var r in seed)
            {
                db.Entry(r).State = EntityState.Detached;
            }
        }
        return await db.UsageRules.AsNoTracking().Where(r => r.CountyCode == county).ToListAsync(ct);
    }
}

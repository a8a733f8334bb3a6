using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data.Credit;

namespace RuralLedger.Data.Demo;

public sealed record DemoCreditResult(int Loans, int Repayments, int Claims);

/// <summary>
/// About 520 microcredit loans of the demo county since the first programme (2021-03-01), under both programme versions,
/// taken through the domain's own steps: reviews, the bank's decision at the LPR of the day, disbursement, repayments
/// (most on time, some late, a few stopped), a few extensions and renewals, and the quarterly subsidy claims of past quarters.
/// Deterministic for a given business date (seeded random), like the rest of the demo.
/// </summary>
public sealed class DemoCreditLoader(RuralDbContext db, PersonalDataVault vault, TimeProvider clock)
{
    public const int Target = 520;

    private static readonly (string Code, string Name)[] Banks =
        [(DemoLoader.DemoBankCode, "县农村信用合作联社"), ("DEMO-ABC-0002", "中国农业银行县支行")];

    private static readonly string[] Enterprises = ["县油茶开发有限公司", "县黄桃种植专业合作社", "县生猪养殖有限公司"];

    public async Task<DemoCreditResult> LoadAsync(string county, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var now = clock.GetUtcNow();
        var by = db.Access.ActorName;
        var random = new Random(14);
        await CreditReference.EnsureAsync(db, county, now, ct);
        var policies = await db.CreditPolicies.AsNoTracking().Where(p => p.CountyCode == county).ToListAsync(ct);
        var quotes = await db.LprQuotes.AsNoTracking().ToListAsync(ct);

        var ids = await db.Households.AsNoTracking().Where(h => h.CountyCode == county).OrderBy(h => h.Id).Select(h => h.Id).ToListAsync(ct);
        var picked = ids.OrderBy(_ => random.Next()).Take(Target * 2).ToList();
        var households = new List<Household>();
        foreach (var chunk in picked.Chunk(500))
        {
            households.AddRange(await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).AsSplitQuery()
                .Where(h => chunk.Contains(h.Id)).ToListAsync(ct));
        }
        households = [.. households.OrderBy(h => h.HouseholdNo, StringComparer.Ordinal)];

        var first = new DateOnly(2021, 3, 1);
        var span = today.AddDays(-20).DayNumber - first.DayNumber;
        var sequence = new Dictionary<int, int>();
        var loans = new List<Loan>();
        var payments = new List<(Loan Loan, DateOnly On, RepaymentSplit Split, string Payer, string Account)>();
        var extended = 0;
        // Every later step of a filed application, as far as the business date allows.
        void Walk(Loan loan, DateOnly appliedOn, CreditPolicyVersion policy, Money amount, int term, RepaymentMethod method)
        {
            var on = appliedOn;
            bool Next(int days)
            {
                on = on.AddDays(days);
                return on <= today;
            }
            if (!Next(random.Next(1, 4)))
            {
                return;
            }
            loan.Review(ApprovalStep.Approve(Role.VillageOfficer, on, "村干部（演示）", "经村两委评议，符合条件"), now);
            if (!Next(random.Next(1, 4)))
            {
                return;
            }
            if (random.Next(100) < 3)
            {
                loan.Review(ApprovalStep.Reject(Role.TownshipOfficer, on, "乡镇干部（演示）", "家庭经营项目不明确，退回补充"), now);
                return;
            }
            loan.Review(ApprovalStep.Approve(Role.TownshipOfficer, on, "乡镇干部（演示）", null), now);
            if (!Next(random.Next(1, 4)))
            {
                return;
            }
            loan.Review(ApprovalStep.Approve(Role.CountyStaff, on, "县乡村振兴局（演示）", null), now);
            if (!Next(random.Next(2, 7)))
            {
                return;
            }
            if (random.Next(100) < 4)
            {
                loan.Decline(on, "银行经办员（演示）", "借款人已有其他未结清贷款", now);
                return;
            }
            var lpr = LprQuote.InForce(quotes, on)!;
            loan.Approve(lpr.ForTerm(term), term, lpr, policy, on, "银行经办员（演示）", null, now);
            if (!Next(random.Next(1, 6)))
            {
                return;
            }
            var account = Account(random);
            loan.Disburse(on, amount, vault.Encrypt(account), vault.LookupHash(account), Repayment.Mask(account), policy, "银行经办员（演示）", now);

            // 85% pay on time, 10% pay one instalment late, 5% stop paying after a while; 3 timely bullet loans are extended.
            var behaviour = random.Next(100);
            var lateAt = behaviour is >= 85 and < 95 ? random.Next(1, 5) : -1;
            var stopAt = behaviour >= 95 ? random.Next(1, 6) : int.MaxValue;
            var extend = extended < 3 && behaviour < 85 && method == RepaymentMethod.QuarterlyInterestBullet && loan.MaturityOn!.Value.AddDays(-10) <= today;
            var k = 0;
            while (loan.Status is LoanStatus.Active or LoanStatus.Extended)
            {
                var due = loan.Schedule.FirstOrDefault(i => i.Outstanding > Money.Zero);
                if (due is null || k >= stopAt)
                {
                    break;
                }
                if (extend && due.Principal > Money.Zero && loan.ExtensionCount == 0)
                {
                    loan.Extend(due.DueOn.AddDays(-10), 12, policy, "银行经办员（演示）", "养殖周期与贷款期限不匹配，借款人申请展期", now);
                    extended++;
                    continue;
                }
                var paidOn = k == lateAt
                    ? due.DueOn.AddDays(LoanSchedule.StepMonths(method) == 3 ? random.Next(10, 61) : random.Next(5, 21))
                    : due.DueOn.AddDays(-random.Next(0, 4));
                if (paidOn > today || paidOn < loan.DisbursedOn!.Value)
                {
                    break;
                }
                var byEnterprise = random.Next(100) < 2;
                var split = loan.Repay(paidOn, due.PrincipalOutstanding, due.InterestOutstanding, "银行经办员（演示）", now);
                payments.Add((loan, paidOn, split, byEnterprise ? Enterprises[random.Next(Enterprises.Length)] : loan.BorrowerName,
                    byEnterprise ? "8" + Account(random)[1..] : account));
                k++;
            }
        }

        foreach (var household in households)
        {
            if (loans.Count == Target || span <= 0)
            {
                break;
            }
            var appliedOn = first.AddDays(random.Next(span));
            var policy = CreditPolicyVersion.InForce(policies, appliedOn)!;
            var status = household.StatusOn(appliedOn, now);
            var borrower = household.Members.Where(m => Loan.AgeOn(m.BirthDate, appliedOn) is >= 25 and <= 60).OrderBy(m => m.Relation).FirstOrDefault();
            if (status is null || !policy.EligibleStatusList.Contains(status.Value) || borrower is null)
            {
                continue;
            }
            var cap = (int)(policy.MaxAmount.Fen / 100_000);
            var amount = Money.FromYuan(1_000m * random.Next(10, cap + 1));
            var term = new[] { 12, 24, 36, 36, 36 }[random.Next(5)];
            var roll = random.Next(100);
            var method = roll < 80 ? RepaymentMethod.QuarterlyInterestBullet : roll < 90 ? RepaymentMethod.EqualInstalment : RepaymentMethod.EqualPrincipal;
            var bank = Banks[random.Next(100) < 80 ? 0 : 1];
            var purpose = policy.AllowedUseList[random.Next(policy.AllowedUseList.Count)];
            var seq = sequence[appliedOn.Year] = sequence.GetValueOrDefault(appliedOn.Year) + 1;
            var loan = new Loan(LoanNumbers.Format(county, appliedOn.Year, seq), household, borrower, status, policy,
                new LoanRequest(amount, term, method, purpose, null, appliedOn, appliedOn.AddDays(-random.Next(0, 5)), bank.Code, bank.Name), null, by, now);
            loans.Add(loan);

            Walk(loan, appliedOn, policy, amount, term, method);
        }

        // Applications still under way, one waiting at each step (village, township, county, bank, disbursement), so
        // every inbox has something to show.
        var borrowing = loans.Select(l => l.HouseholdId).ToHashSet();
        var waiting = 0;
        foreach (var household in households.Where(h => !borrowing.Contains(h.Id)))
        {
            var appliedOn = today.AddDays(-12);
            var policy = CreditPolicyVersion.InForce(policies, appliedOn)!;
            var status = household.StatusOn(appliedOn, now);
            var borrower = household.Members.Where(m => Loan.AgeOn(m.BirthDate, appliedOn) is >= 25 and <= 60).OrderBy(m => m.Relation).FirstOrDefault();
            if (waiting == 5 || span <= 0)
            {
                break;
            }
            if (status is null || !policy.EligibleStatusList.Contains(status.Value) || borrower is null)
            {
                continue;
            }
            var bank = Banks[waiting % 2];
            var seq = sequence[appliedOn.Year] = sequence.GetValueOrDefault(appliedOn.Year) + 1;
            var loan = new Loan(LoanNumbers.Format(county, appliedOn.Year, seq), household, borrower, status, policy,
                new LoanRequest(Money.FromYuan(30_000m), 36, RepaymentMethod.QuarterlyInterestBullet, policy.AllowedUseList[0], null, appliedOn, appliedOn, bank.Code,
                    bank.Name), null, by, now);
            var steps = new[] { Role.VillageOfficer, Role.TownshipOfficer, Role.CountyStaff };
            for (var i = 0; i < Math.Min(waiting, steps.Length); i++)
            {
                loan.Review(ApprovalStep.Approve(steps[i], appliedOn.AddDays(2 * (i + 1)), "审核人（演示）", null), now);
            }
            if (waiting == 4)
            {
                var lpr = LprQuote.InForce(quotes, appliedOn.AddDays(8))!;
                loan.Approve(lpr.ForTerm(36), 36, lpr, policy, appliedOn.AddDays(8), "银行经办员（演示）", null, now);
            }
            loans.Add(loan);
            waiting++;
        }

        await SaveAsync(loans, 100, ct);

        // 续贷: a few households that repaid in full borrow again. A renewal points to the loan it follows, so it is
        // filed once the first loans are saved and have their ids.
        var renewals = new List<Loan>();
        var byId = households.ToDictionary(h => h.Id);
        foreach (var repaid in loans.Where(l => l.Status == LoanStatus.Repaid && l.ClosedOn!.Value.AddDays(90) <= today).Take(6).ToList())
        {
            var household = byId[repaid.HouseholdId];
            var borrower = household.Members.First(m => m.Id == repaid.BorrowerId);
            var appliedOn = repaid.ClosedOn!.Value.AddDays(random.Next(5, 30));
            var policy = CreditPolicyVersion.InForce(policies, appliedOn)!;
            var status = household.StatusOn(appliedOn, now);
            if (status is null || !policy.EligibleStatusList.Contains(status.Value) || Loan.AgeOn(borrower.BirthDate, appliedOn) > policy.MaxAge)
            {
                continue;
            }
            var seq = sequence[appliedOn.Year] = sequence.GetValueOrDefault(appliedOn.Year) + 1;
            var renewal = new Loan(LoanNumbers.Format(county, appliedOn.Year, seq), household, borrower, status, policy,
                new LoanRequest(repaid.Amount, 36, RepaymentMethod.QuarterlyInterestBullet, repaid.Purpose, "上笔贷款已按期结清，申请续贷扩大生产", appliedOn, appliedOn,
                    repaid.BankCode, repaid.BankName), repaid, by, now);
            renewals.Add(renewal);
            Walk(renewal, appliedOn, policy, repaid.Amount, 36, RepaymentMethod.QuarterlyInterestBullet);
        }
        await SaveAsync(renewals, 100, ct);
        loans.AddRange(renewals);
        var repayments = payments.Select(p => new Repayment(p.Loan, p.On, p.Split, p.Payer, vault.Encrypt(p.Account), vault.LookupHash(p.Account),
            Repayment.Mask(p.Account), RepaymentSource.Imported, "银行经办员（演示）", now)).ToList();

        await using (var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            await SaveAsync(repayments, 500, ct);
            await PayerLinks.RecordAsync(db, repayments.Select(r => new LoanPayerLink(r.LoanId, r)), ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
        }

        // Claims of every past quarter up to the one before last, over the saved repayments; the older ones approved and paid.
        var claims = 0;
        var lastClaimed = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
        foreach (var group in repayments.Where(r => r.PaidOn < lastClaimed).GroupBy(r => (r.BankCode, r.PaidOn.Year, Quarter: (r.PaidOn.Month + 2) / 3))
            .OrderBy(g => g.Key.Year).ThenBy(g => g.Key.Quarter).ThenBy(g => g.Key.BankCode, StringComparer.Ordinal))
        {
            var (_, last) = SubsidyClaim.QuarterDates(group.Key.Year, group.Key.Quarter);
            var members = group.ToList();
            var claim = SubsidyClaim.Build(county, group.Key.BankCode, Banks.First(b => b.Code == group.Key.BankCode).Name, group.Key.Year, group.Key.Quarter,
                CreditPolicyVersion.InForce(policies, last)!, members, today, "银行经办员（演示）", now);
            if (last.AddDays(60) < today)
            {
                claim.Approve(last.AddDays(20), "县财政局（演示）");
                claim.MarkPaid(last.AddDays(45), "县财政局（演示）", $"财拨〔{group.Key.Year}〕{group.Key.Quarter}0{claims + 1}号");
            }
            db.SubsidyClaims.Add(claim);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            claims++;
        }
        return new DemoCreditResult(loans.Count, repayments.Count, claims);
    }

    private static string Account(Random random) =>
        "6217" + string.Concat(Enumerable.Range(0, 15).Select(_ => (char)('0' + random.Next(10))));

    private async Task SaveAsync<T>(IReadOnlyList<T> items, int batch, CancellationToken ct)
        where T : class
    {
        for (var i = 0; i < items.Count; i += batch)
        {
            db.Set<T>().AddRange(items.Skip(i).Take(batch));
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}

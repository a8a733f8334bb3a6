using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Features.Credit.Usage;

namespace RuralLedger.Bench.Benchmarks;

/// <summary>
/// What the loan book lacks for the 户贷企用 rules that do not read repayments, added through the domain after the book
/// (untimed) so every rule has something to find at about the rate a county sees it. By the book's loans in number order:
/// one in 100 has an entered enterprise link (declared use, one in ten of them found by an inspection), four in ten of
/// those sharing an enterprise four at a time (rule 2), the rest each naming its own; one in 500 draws a fixed 8 %
/// "dividend" from one of 25 enterprises (rule 3); one in 100 has the bank's account-flow sheet — the disbursement in,
/// then payments to two or three input sellers, and for one in eight of them 80–95 % to one enterprise's account within
/// three days (rule 5). The county switches the payer-name rule on (threshold five), as a county does deliberately:
/// the book's cooperatives then show under both the account and the name rule.
/// </summary>
internal static class LoanRulesData
{
    private static readonly string[] Places = ["青山", "河湾", "石桥", "柳林", "红星", "丰源", "金穗", "绿野", "龙潭", "白沙"];
    private static readonly string[] Trades = ["茶叶", "食用菌", "中药材", "肉牛", "生猪", "果蔬", "蚕桑", "油茶"];
    private static readonly string[] Forms = ["专业合作社", "农业开发有限公司", "种养殖有限公司", "农产品加工厂"];
    private static readonly string[] Sellers = ["农资店", "饲料经营部", "种苗场", "农机门市", "兽药店"];

    public static async Task<BenchRow> AddAsync(string engine, StorageOptions storage, PersonalDataVault vault, TimeProvider clock, string bank, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        await using var db = StorageRegistration.CreateContext(storage, AccessContext.System("bench"), clock);
        var book = await db.Loans.AsNoTracking().Where(l => l.BankCode == bank && l.DisbursedOn != null).OrderBy(l => l.Number).Select(l => l.Id).ToListAsync(ct);
        var county = await db.Loans.AsNoTracking().Where(l => l.BankCode == bank).Select(l => l.CountyCode).FirstAsync(ct);
        var wanted = Enumerable.Range(0, book.Count).Where(k => k % 100 is 13 or 21 || k % 500 == 37).ToList();
        var loans = new Dictionary<int, Loan>();
        foreach (var chunk in wanted.Chunk(500))
        {
            var ids = chunk.Select(k => book[k]).ToList();
            var found = await db.Loans.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
            foreach (var k in chunk)
            {
                loans[k] = found[book[k]];
            }
        }

        var links = new List<EnterpriseLink>();
        var flows = new List<AccountFlow>();
        foreach (var (k, loan) in loans)
        {
            var disbursedOn = loan.DisbursedOn!.Value;
            if (k % 100 == 13)
            {
                var j = k / 100;
                var (enterprise, kind) = j % 10 < 4
                    ? (Enterprise(j / 10), j % 10 == 3 ? EnterpriseLinkKind.InspectedUse : EnterpriseLinkKind.DeclaredUse)
                    : (Enterprise(1_000 + j), EnterpriseLinkKind.DeclaredUse);
                links.Add(new EnterpriseLink(loan, kind, enterprise, null, disbursedOn.AddDays(30), "bench", now));
            }
            if (k % 500 == 37)
            {
                links.Add(new EnterpriseLink(loan, EnterpriseLinkKind.FixedDividend, Enterprise(k / 500 % 25), Money.FromFen(loan.DisbursedAmount.Fen * 8 / 100),
                    disbursedOn.AddDays(60), "bench", now));
            }
            if (k % 100 == 21)
            {
                flows.AddRange(Flows(loan, k / 100, vault, now));
            }
        }
        db.EnterpriseLinks.AddRange(links);
        db.AccountFlows.AddRange(flows);
        await UsageReference.EnsureAsync(db, county, now, ct);
        db.UsageRules.Add(new UsageRule(county, UsageRuleKind.SharedPayerName, BusinessCalendar.Today(clock).AddYears(-1), true, 5, "", "bench", now));
        await db.SaveChangesAsync(ct);
        return new BenchRow($"rule data {engine}", $"{Harness.Count(links.Count)} enterprise links, {Harness.Count(flows.Count)} account flows",
            Harness.Format(watch.Elapsed), "(setup)", "through the domain and the context, audited; the payer-name rule switched on at five households");
    }

    /// <summary>The disbursement in, then the money out: to sellers of inputs in parts, or most of it to one enterprise at once.</summary>
    private static IEnumerable<AccountFlow> Flows(Loan loan, int j, PersonalDataVault vault, DateTimeOffset now)
    {
        var on = loan.DisbursedOn!.Value;
        var amount = loan.DisbursedAmount.Fen;
        AccountFlow Line(int days, long fen, FlowDirection direction, string name, string account) =>
            new(loan, on.AddDays(days), Money.FromFen(fen), direction, name, vault.Encrypt(account), vault.LookupHash(account), Repayment.Mask(account), 1, "bench", now);
        yield return Line(0, amount, FlowDirection.In, loan.BankName, "6228480999" + (j % 7).ToString("D9", CultureInfo.InvariantCulture));
        if (j % 8 == 0)
        {
            var share = 80 + j / 8 % 16;
            yield return Line(j % 4, amount * share / 100, FlowDirection.Out, Enterprise(j % 30), "6228481" + (j % 30).ToString("D12", CultureInfo.InvariantCulture));
            yield return Line(10, amount * (100 - share) / 200, FlowDirection.Out, Seller(j), "6230" + (j % 50).ToString("D15", CultureInfo.InvariantCulture));
            yield break;
        }
        // Two or three sellers, none paid as much as the rule's share, some of it days later (the seeds, then the feed).
        int[] parts = j % 3 == 0 ? [45, 35] : [35, 30, 25];
        for (var p = 0; p < parts.Length; p++)
        {
            var seller = j + 7 * p;
            yield return Line(2 + 9 * p, amount * parts[p] / 100, FlowDirection.Out, Seller(seller), "6230" + (seller % 50).ToString("D15", CultureInfo.InvariantCulture));
        }
    }

    private static string Enterprise(int g) =>
        $"{Places[g % Places.Length]}{Trades[g / Places.Length % Trades.Length]}{Forms[g / (Places.Length * Trades.Length) % Forms.Length]}"
        + (g < Places.Length * Trades.Length * Forms.Length ? "" : $"（{g / (Places.Length * Trades.Length * Forms.Length) + 1}）");

    private static string Seller(int s) => $"{Places[s % Places.Length]}{Sellers[s / Places.Length % Sellers.Length]}";
}

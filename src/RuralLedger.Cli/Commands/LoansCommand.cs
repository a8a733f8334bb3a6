using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Credit;
using RuralLedger.Data.Imports;

namespace RuralLedger.Cli.Commands;

/// <summary>
/// `rural loans aging`: the microcredit overdue aging report, computed as the web app's overdue list computes it
/// (<see cref="OverdueReports"/>); `rural loans claims`: a bank's quarterly interest-subsidy claim, built as the web
/// app builds it (<see cref="SubsidyClaimBuilder"/>); `rural loans import-repayments` and `import-loans`: a bank's
/// repayment file or sheet of existing loans, previewed (row errors listed) or, with --confirm, written all or nothing by
/// the same imports as the pages (<see cref="RepaymentImport"/>, <see cref="LoanImport"/>). Acts as the system (every
/// county), like the other commands.
/// </summary>
internal static class LoansCommand
{
    public static Command Create(StorageSettings storage) =>
        new("loans", "小额信贷 / microcredit") { Aging(storage), Claims(storage), ImportRepayments(storage), ImportLoans(storage), Links(storage) };

    private static Command Aging(StorageSettings storage)
    {
        var county = new Option<string?>("--county") { Description = "县（6 位代码）；账龄分段取该县的政策 / county", HelpName = "CODE" };
        var bank = new Option<string?>("--bank") { Description = "只看这家银行（银行代码）/ one bank", HelpName = "CODE" };
        var asOf = new Option<string?>("--as-of") { Description = "统计日期，默认今天 / as of", HelpName = "yyyy-MM-dd" };
        var top = new Option<int>("--top") { Description = "列出逾期最久的若干期，默认 20 / rows listed", DefaultValueFactory = _ => 20 };
        var command = new Command("aging", "贷款逾期账龄：按政策的账龄分段汇总逾期本息，并列出逾期最久的各期 / overdue aging report") { county, bank, asOf, top };
        command.SetAction(async (parse, ct) =>
        {
            DateOnly? day = parse.GetValue(asOf) is { } text
                ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                    : throw new DomainException("loans.as_of", $"统计日期“{text}”应为 yyyy-MM-dd。", "asOf")
                : null;
            await using var db = await CliDatabase.OpenAsync(storage.Resolve(parse), "loans aging", ct);
            var report = await new OverdueReports(db, TimeProvider.System).ComputeAsync(day, null, null, parse.GetValue(bank), ct, parse.GetValue(county), Math.Max(0, parse.GetValue(top)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"截至 {BusinessCalendar.Format(report.AsOf)}：逾期贷款 {report.Loans:N0} 笔，逾期本息合计 {report.Total}（账龄分段 {report.Buckets} 天）"));
            foreach (var t in report.Totals)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Name,-12} {t.Loans,8:N0} 笔 {t.Instalments,8:N0} 期 {t.Amount,20}"));
            }
            foreach (var r in report.Rows.Take(Math.Max(0, parse.GetValue(top))))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {r.Number} 第 {r.Seq} 期 {r.BorrowerName} {r.PlaceName} {r.BankName} 应还 {BusinessCalendar.Format(r.DueOn)} 逾期 {r.DaysOverdue} 天 {r.Overdue}"));
            }
            return 0;
        });
        return command;
    }

    private static Command Claims(StorageSettings storage)
    {
        var bank = new Option<string>("--bank") { Description = "银行代码 / bank", HelpName = "CODE", Required = true };
        var quarter = new Option<string>("--quarter") { Description = "季度，如 2026Q1 / quarter", HelpName = "yyyyQn", Required = true };
        var county = new Option<string?>("--county") { Description = "县（6 位代码）；该银行只在一个县放贷时可省略 / county", HelpName = "CODE" };
        var command = new Command("claims", "生成一家银行一个季度的贴息申报（只计按期支付的利息，已申报的还款不再计入）/ build a quarter's interest-subsidy claim")
        {
            bank, quarter, county,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (year, q) = Quarter(parse.GetValue(quarter)!);
            var bankCode = parse.GetValue(bank)!.Trim().ToUpperInvariant();
            await using var db = await CliDatabase.OpenAsync(storage.Resolve(parse), "loans claims", ct);
            var countyCode = parse.GetValue(county)?.Trim();
            if (string.IsNullOrEmpty(countyCode))
            {
                var counties = await db.Loans.AsNoTracking().Where(l => l.BankCode == bankCode).Select(l => l.CountyCode).Distinct().Take(2).ToListAsync(ct);
                countyCode = counties.Count switch
                {
                    1 => counties[0],
                    0 => throw new DomainException("loans.claim_bank", $"银行 {bankCode} 没有贷款。", "bank"),
                    _ => throw new DomainException("loans.claim_county", $"银行 {bankCode} 在多个县放贷，请用 --county 指定县。", "county"),
                };
            }
            var claim = await SubsidyClaimBuilder.BuildAsync(db, countyCode, bankCode, year, q, TimeProvider.System, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"已生成贴息申报 {claim.Id}：{claim.BankName} {claim.Year} 年第 {claim.Quarter} 季度，还款 {claim.Repayments:N0} 笔（贷款 {claim.Loans:N0} 笔），"
                + $"按期利息 {claim.InterestOnTime}，逾期利息 {claim.InterestLate}（不贴息），贴息比例 {claim.Share}，贴息 {claim.Subsidy}"));
            return 0;
        });
        return command;
    }

    private static Command ImportRepayments(StorageSettings storage) =>
        Import(storage, "import-repayments", "导入银行还款文件（xlsx 或 csv）：先预览并列出有误的行，加 --confirm 才写入，全部或全不 / import a bank's repayment file",
            async (db, vault, file, confirm, ct) =>
            {
                var import = new RepaymentImport(db, vault, TimeProvider.System, new AuditWriter(TimeProvider.System));
                var r = confirm ? await import.ImportAsync(file, ct) : await import.PreviewAsync(file, ct);
                return (r.Rows, r.New, r.Existing, r.Errors, r.Written);
            });

    private static Command ImportLoans(StorageSettings storage) =>
        Import(storage, "import-loans", "导入银行的存量贷款表（xlsx 或 csv）：先预览并列出有误的行，加 --confirm 才写入，全部或全不 / import a bank's sheet of existing loans",
            async (db, vault, file, confirm, ct) =>
            {
                var import = new LoanImport(db, vault, TimeProvider.System);
                var r = confirm ? await import.ImportAsync(file, ct) : await import.PreviewAsync(file, ct);
                return (r.Rows, r.New, r.Existing, r.Errors, r.Written);
            });

    /// <summary>A file import: exit 0 when the file is valid (written with --confirm), 1 with its row errors on the error stream.</summary>
    private static Command Import(StorageSettings storage, string name, string description,
        Func<RuralDbContext, PersonalDataVault, StoredImport, bool, CancellationToken, Task<(int Rows, int New, int Existing, IReadOnlyList<ImportError> Errors, bool Written)>> run)
    {
        var path = new Argument<FileInfo>("FILE") { Description = "xlsx 或 csv 文件 / file" };
        var confirm = new Option<bool>("--confirm") { Description = "写入（不加则只预览）/ write; without it, preview only" };
        var command = new Command(name, description) { path, confirm };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(path)!;
            if (!file.Exists)
            {
                throw new DomainException("import.file", $"文件 {file.FullName} 不存在。", "file");
            }
            var options = storage.Resolve(parse);
            var vault = KeyFile.LoadOrCreate(options.ResolveKeyFile());
            var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file.FullName, ct)));
            await using var db = await CliDatabase.OpenAsync(options, "loans " + name, ct);
            var writing = parse.GetValue(confirm);
            var r = await run(db, vault, new StoredImport("cli", file.FullName, file.Name, sha, file.Length), writing, ct);
            foreach (var e in r.Errors)
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"第 {e.Row} 行 [{e.Column}] {e.Code}: {e.Message}"));
            }
            if (r.Errors.Count > 0)
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{file.Name}：{r.Errors.Count:N0} 处错误，未写入任何内容。"));
                return 1;
            }
            var outcome = r.Written ? "已写入" : writing || r.New == 0 ? "无新内容可写入" : "预览，未写入（加 --confirm 写入）";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file.Name}（SHA-256 {sha[..12]}…）：{r.Rows:N0} 行，新增 {r.New:N0} 行，已登记 {r.Existing:N0} 行；{outcome}"));
            return 0;
        });
        return command;
    }

    private static Command Links(StorageSettings storage)
    {
        var command = new Command("payer-links",
            "按还款记录重建贷款还款人（户贷企用规则 1、1b 所依据的还款账户、还款人与贷款），删去多余的，补上缺少的 / rebuild the repayments' payer links");
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(storage.Resolve(parse), "loans payer-links", ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (removed, added) = await PayerLinks.RebuildAsync(db, ct);
            if (removed + added > 0)
            {
                await new AuditWriter(TimeProvider.System).AppendAsync(db, [new AuditRecord(AuditWriter.SystemChain, "payer_links_rebuild", nameof(LoanPayerLink), "*", null,
                    JsonSerializer.Serialize(new { removed, added }))], ct);
            }
            await transaction.CommitAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"贷款还款人：删去 {removed:N0} 条与还款记录不符的，补上 {added:N0} 条缺少的。"));
            return 0;
        });
        return command;
    }

    /// <summary>"2026Q1" (or "2026q1").</summary>
    private static (int Year, int Quarter) Quarter(string text)
    {
        var t = text.Trim().ToUpperInvariant();
        return t.Length == 6 && t[4] == 'Q' && int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && t[5] is >= '1' and <= '4'
            ? (year, t[5] - '0')
            : throw new DomainException("loans.claim_quarter", $"季度“{text}”应写作 yyyyQn，如 2026Q1。", "quarter");
    }
}

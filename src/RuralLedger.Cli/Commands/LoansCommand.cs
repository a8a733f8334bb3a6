using System.CommandLine;
using System.Globalization;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Credit;

namespace RuralLedger.Cli.Commands;

/// <summary>
/// `rural loans aging`: the microcredit overdue aging report, computed as the web app's overdue list computes it
/// (<see cref="OverdueReports"/>). Acts as the system (every county), like the other commands.
/// </summary>
internal static class LoansCommand
{
    public static Command Create(StorageSettings storage) =>
        new("loans", "小额信贷 / microcredit") { Aging(storage) };

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
            var report = await new OverdueReports(db, TimeProvider.System).ComputeAsync(day, null, null, parse.GetValue(bank), ct, parse.GetValue(county));
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
}

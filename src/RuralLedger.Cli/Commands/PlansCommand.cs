using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Distribution;
using RuralLedger.Data;

namespace RuralLedger.Cli.Commands;

/// <summary>
/// `rural plans build | post | verify`: distribution plans for many villages at once, posting an approved plan,
/// and re-checking a plan against its journal. Acts as the system (every county), like the other commands.
/// </summary>
internal static class PlansCommand
{
    /// <summary>
    /// Test hook, not for operators: after at least this many journal rows of a posting are written, the command
    /// prints a line and sleeps instead of finishing, so a test can kill the process in the middle of the posting
    /// transaction (tests/RuralLedger.Web.Tests/Distribution/CrashSafetyTests.cs).
    /// </summary>
    public const string PauseAfterRowsVariable = "RURAL_POST_PAUSE_AFTER_ROWS";

    public static Command Create(StorageSettings storage) =>
        new("plans", "收益分配方案 / distribution plans") { Build(storage), Post(storage), Verify(storage) };

    private static Command Build(StorageSettings storage)
    {
        var year = new Option<int>("--year") { Description = "收益年度 / income year", Required = true };
        var village = new Option<string?>("--village") { Description = "只为这个行政村测算（12 位代码）/ one village", HelpName = "CODE" };
        var county = new Option<string?>("--county") { Description = "为这个县的每个有待分配收益的村测算（6 位代码）；不填村和县则为所有县 / every village of a county", HelpName = "CODE" };
        var rule = new Option<string?>("--rule") { Description = $"分配规则代码，默认 {DefaultDistributionPolicy.Code} / rule code", HelpName = "CODE" };
        var freezeOn = new Option<string?>("--freeze-on") { Description = "受益名单冻结日期，默认该年 12 月 31 日 / beneficiary list frozen at", HelpName = "yyyy-MM-dd" };
        var command = new Command("build", "按村测算收益分配方案：每村取该年度未分配的资产收益为收益池 / build one plan per village from the year's undistributed income")
        {
            year, village, county, rule, freezeOn,
        };
        command.SetAction(async (parse, ct) =>
        {
            var today = BusinessCalendar.Today(TimeProvider.System);
            var y = parse.GetValue(year);
            if (y < 2010 || y > today.Year)
            {
                throw new DomainException("plans.year", "收益年度应在 2010 年至今年之间。", "year");
            }
            var villageText = parse.GetValue(village);
            var countyText = parse.GetValue(county);
            if (villageText is not null && countyText is not null)
            {
                throw new DomainException("plans.scope", "--village 与 --county 只能选一个。", "village");
            }
            DivisionCode? villageCode = null;
            if (villageText is not null)
            {
                villageCode = DivisionCode.Parse(villageText, "village");
                if (villageCode.Value.Level != AreaLevel.Village)
                {
                    throw new DomainException("plans.village_required", $"{villageText} 不是行政村代码。", "village");
                }
            }
            if (countyText is not null)
            {
                _ = DivisionCode.ForCounty(countyText); // refuses anything but six digits
            }
            var freeze = parse.GetValue(freezeOn) is { } f
                ? (DateOnly.TryParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                    : throw new DomainException("plans.freeze_on", $"冻结日期“{f}”应为 yyyy-MM-dd。", "freezeOn"))
                : new DateOnly(y, 12, 31);
            if (freeze > today)
            {
                throw new DomainException("plans.freeze_on", "名单冻结日期不能晚于今天。", "freezeOn");
            }

            await using var db = await CliDatabase.OpenAsync(storage.Resolve(parse), "plans build", ct);
            PlanBatchResult result;
            // A province writes millions of rows: SQLite's bulk settings (large page cache, rare checkpoints) while it does.
            await using (await SqliteTuning.BeginBulkWriteAsync(db, ct))
            {
                result = await new VillagePlans(db, TimeProvider.System).BuildAsync(
                    new PlanBatchRequest(y, parse.GetValue(rule), freeze, countyText, villageCode), Console.WriteLine, ct);
            }
            foreach (var p in result.Plans.Take(50))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"方案 {p.PlanId}：{p.Number}，{p.Households:N0} 户，收益池 {p.Pool}"));
            }
            foreach (var s in result.Skipped.Take(20))
            {
                Console.Error.WriteLine($"跳过 {s.VillageCode} [{s.Code}]：{s.Reason}");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"完成：{result.Plans.Count:N0} 个方案，{result.Lines:N0} 户分红行，跳过 {result.Skipped.Count:N0} 个村。"));
            return villageCode is not null && result.Plans.Count == 0 ? 2 : 0;
        });
        return command;
    }

    private static Command Post(StorageSettings storage)
    {
        var id = new Option<long?>("--id") { Description = "方案编号（id）/ plan id" };
        var year = new Option<int?>("--year") { Description = "不填 --id 时：记账该年度全部已审批方案 / with no --id: every approved plan of this income year" };
        var county = new Option<string?>("--county") { Description = "与 --year 同用：只记账这个县（6 位代码）/ with --year: one county", HelpName = "CODE" };
        var command = new Command("post", "记账：已审批的方案一次性写入全部记账分录（每个方案或每个县一个事务）；重复记账不会再写 / post approved plans, one transaction per plan or county")
        {
            id, year, county,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(storage.Resolve(parse), "plans post", ct);
            if (parse.GetValue(id) is { } planId)
            {
                return await PostOneAsync(db, planId, ct);
            }
            var y = parse.GetValue(year) ?? throw new DomainException("plans.post_scope", "请给出 --id（一个方案）或 --year（该年度全部已审批方案）。", "id");
            var countyText = parse.GetValue(county);
            if (countyText is not null)
            {
                _ = DivisionCode.ForCounty(countyText); // refuses anything but six digits
            }
            var approved = db.DistributionPlans.Where(p => p.Year == y && p.Status == PlanStatus.Approved);
            if (countyText is not null)
            {
                approved = approved.Where(p => p.CountyCode == countyText);
            }
            var ids = await approved.OrderBy(p => p.Id).Select(p => p.Id.Value).ToListAsync(ct);
            if (ids.Count == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{y} 年度没有待记账（已审批）的方案。"));
                return 0;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"记账开始：{y} 年度 {ids.Count:N0} 个已审批方案"));
            PostResult result;
            await using (await SqliteTuning.BeginBulkWriteAsync(db, ct))
            {
                result = await new PlanPosting(db, TimeProvider.System).PostByCountyAsync(ids, Console.WriteLine, ct);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"完成：{result.Plans.Count(p => !p.AlreadyDone):N0} 个方案记账，写入记账分录 {result.JournalRows:N0} 条。"));
            return 0;
        });
        return command;
    }

    private static async Task<int> PostOneAsync(RuralDbContext db, long planId, CancellationToken ct)
    {
        var pauseAfter = int.TryParse(Environment.GetEnvironmentVariable(PauseAfterRowsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"记账开始：方案 {planId}"));
        var result = await new PlanPosting(db, TimeProvider.System).PostAsync([planId], rows =>
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"记账中：已写入 {rows:N0} 条分录（未提交）"));
            if (pauseAfter is { } limit && rows >= limit)
            {
                Console.WriteLine("测试钩子：暂停，等待被终止");
                Thread.Sleep(TimeSpan.FromMinutes(10));
            }
        }, ct);
        var outcome = result.Plans.Single();
        Console.WriteLine(outcome.AlreadyDone
            ? string.Create(CultureInfo.InvariantCulture, $"方案 {planId} 已是“{IncomeNames.Of(outcome.Status)}”，未重复记账：写入记账分录 0 条。")
            : string.Create(CultureInfo.InvariantCulture, $"已记账：方案 {planId}，写入记账分录 {result.JournalRows:N0} 条。"));
        return 0;
    }

    private static Command Verify(StorageSettings storage)
    {
        var id = new Option<long>("--id") { Description = "方案编号（id）/ plan id", Required = true };
        var command = new Command("verify", "核对方案：各部分之和等于收益池，各户之和等于分红部分，每户记账分录等于分红行；不一致时退出码 3 / verify a plan against its journal") { id };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CliDatabase.OpenAsync(storage.Resolve(parse), "plans verify", ct);
            var check = await new PlanVerifier(db).VerifyAsync(parse.GetValue(id), ct);
            if (!check.Ok)
            {
                Console.Error.WriteLine($"不一致：方案 {check.PlanId}（{check.Number}）：{check.FirstMismatch}");
                return 3;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"OK：方案 {check.PlanId}（{check.Number}，{IncomeNames.Of(check.Status)}）收益池 {check.Pool}，{check.Lines:N0} 户分红行，{check.JournalRows:N0} 条记账分录，全部相符。"));
            return 0;
        });
        return command;
    }
}

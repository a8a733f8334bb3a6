using System.CommandLine;
using System.Globalization;
using RuralLedger.Core.Areas;
using RuralLedger.Data.Supervision;

namespace RuralLedger.Cli.Commands;

/// <summary>`rural rules run`: the anomaly rules (预警规则) of every county, or of one, as the nightly job runs them.</summary>
internal static class RulesCommand
{
    public static Command Create(StorageSettings storage) => new("rules", "预警规则 / anomaly rules") { Run(storage) };

    private static Command Run(StorageSettings storage)
    {
        var county = new Option<string?>("--county") { Description = "只运行这个县（6 位代码）；不填为所有县 / one county", HelpName = "CODE" };
        var command = new Command("run", "运行预警规则：每条命中且尚无未处理预警的记录生成一条预警 / run the rules; a hit with an open warning is not raised again")
        {
            county,
        };
        command.SetAction(async (parse, ct) =>
        {
            var countyText = parse.GetValue(county);
            if (countyText is not null)
            {
                _ = DivisionCode.ForCounty(countyText); // refuses anything but six digits
            }
            await using var db = await CliDatabase.OpenAsync(storage.Resolve(parse), "rules run", ct);
            var result = await new AnomalyRuns(db, TimeProvider.System).RunAsync(countyText, Console.WriteLine, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"完成：{result.Rules.Select(r => r.CountyCode).Distinct().Count():N0} 个县，命中 {result.Hits:N0} 条，新增预警 {result.Raised:N0} 条，用时 {result.Milliseconds:N0} ms。"));
            return 0;
        });
        return command;
    }
}

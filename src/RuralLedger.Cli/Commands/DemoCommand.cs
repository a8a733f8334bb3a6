using System.CommandLine;
using System.Globalization;
using RuralLedger.Data.Demo;
using RuralLedger.Data;
using RuralLedger.Data.Audit;

namespace RuralLedger.Cli.Commands;

/// <summary>`rural demo`: loads the generated demo county (or province) into the database, migrating first.</summary>
internal static class DemoCommand
{
    public static Command Create(StorageSettings storage)
    {
        var size = new Option<string>("--size")
        {
            Description = "规模：county 一个县（6,279 户）或 province 一个省（160 县，1,000,000 户）/ size of the demo data",
            HelpName = "county|province",
            DefaultValueFactory = _ => "county",
        };
        size.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "county", "province");

        var command = new Command("demo", "装载演示数据（先应用迁移）；县已存在时拒绝重复装载 / load demo data (migrates first)") { size };
        command.SetAction(async (parse, ct) =>
        {
            var demoSize = Enum.Parse<DemoSize>(parse.GetRequiredValue(size), ignoreCase: true);
            var options = storage.Resolve(parse);
            await using var db = await CliDatabase.OpenAsync(options, "demo", ct);
            foreach (var name in await CliDatabase.MigrateAsync(db, ct))
            {
                Console.WriteLine($"已应用迁移 {name}");
            }
            var vault = KeyFile.LoadOrCreate(options.ResolveKeyFile());
            Console.WriteLine($"装载演示数据（{demoSize}）到 {db.Provider} …");
            var result = await new DemoLoader(db, vault, new AuditWriter(TimeProvider.System), TimeProvider.System).LoadAsync(demoSize, Console.WriteLine, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"完成：{result.Counties:N0} 个县，{result.Areas:N0} 个区划，{result.Households:N0} 户，{result.Members:N0} 人，用时 {result.Elapsed.TotalSeconds:F1} 秒。"));
            return 0;
        });
        return command;
    }
}

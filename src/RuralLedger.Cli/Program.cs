using System.CommandLine;
using System.Text;
using RuralLedger.Cli;
using RuralLedger.Cli.Commands;
using RuralLedger.Core.Kernel;

Console.OutputEncoding = Encoding.UTF8;

var storage = new StorageSettings();
var root = new RootCommand("RuralLedger 乡村扶贫资产与收益管理平台命令行工具 / RuralLedger command-line tool")
{
    new Command("db", "数据库维护 / database maintenance") { MigrateCommand.Create(storage) },
    DemoCommand.Create(storage),
    AuditCommand.Create(storage),
    PlansCommand.Create(storage),
    LoansCommand.Create(storage),
    RulesCommand.Create(storage),
};
foreach (var command in BackupCommand.Create(storage))
{
    root.Add(command);
}
storage.AddTo(root);

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (DomainException e)
{
    await Console.Error.WriteLineAsync($"错误 [{e.Code}]: {e.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("已取消。/ Cancelled.");
    return 1;
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"失败 [{e.GetType().Name}]: {e.Message}");
    for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
    {
        await Console.Error.WriteLineAsync($"  原因 [{inner.GetType().Name}]: {inner.Message}");
    }
    return 1;
}

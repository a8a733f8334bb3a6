using System.CommandLine;
using System.Globalization;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Sealing;

namespace RuralLedger.Cli.Commands;

/// <summary>
/// `rural audit verify`: walks every audit hash chain and names the first row that was tampered with, then checks every
/// sealed business row and names each one changed, added or removed outside the application (0031).
/// `rural audit seal --init`: seals the rows of a database that predates sealing, once.
/// </summary>
internal static class AuditCommand
{
    public static Command Create(StorageSettings storage)
    {
        var verify = new Command("verify", "校验审计日志哈希链，指出第一条被修改、删除或调换顺序的记录 / verify the audit hash chains");
        verify.SetAction(async (parse, ct) =>
        {
            var options = storage.Resolve(parse);
            await using var db = await CliDatabase.OpenAsync(options, "audit verify", ct);
            var result = await new AuditVerifier(db).VerifyAsync(ct);
            foreach (var chain in result.Chains)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"链 {chain.ChainKey}：{chain.Rows:N0} 条，链头 {chain.Hash}"));
            }
            var seals = await new SealVerifier(db).VerifyAsync(ct);
            foreach (var finding in seals.Findings)
            {
                Console.Error.WriteLine("数据封签不符：" + SealReport.Describe(finding));
            }
            if (result.FirstBreak is { } broken)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"校验失败：链 {broken.ChainKey} 序号 {broken.Sequence}（id {broken.Id}）：{broken.Problem}"));
                return 3;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"审计链校验通过：{result.Chains.Count} 条链，共 {result.Rows:N0} 条记录，均未被篡改。"));
            if (!seals.Clean)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"数据封签校验失败：{seals.Findings.Count} 处在应用之外的改动（见上）。"));
                return 4;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"数据封签校验通过：{seals.Tables} 张表，共 {seals.Rows:N0} 行，无应用之外的增、删、改。"));
            return 0;
        });
        var init = new Option<bool>("--init") { Description = "为封签功能启用前已有的数据行加封（只做一次，记入审计日志）/ seal rows that predate sealing, once" };
        var seal = new Command("seal", "数据封签 / business-row seals") { init };
        seal.SetAction(async (parse, ct) =>
        {
            if (!parse.GetValue(init))
            {
                Console.Error.WriteLine("请加 --init：为封签功能启用前已有的数据行加封。");
                return 2;
            }
            var options = storage.Resolve(parse);
            await using var db = await CliDatabase.OpenAsync(options, "audit seal", ct);
            if (await SealVerifier.WasInitialisedAsync(db, ct))
            {
                Console.Error.WriteLine("已初始化过数据封签（审计日志中有记录），拒绝再次执行：此后未加封的行是在应用之外写入的，请用 rural audit verify 查看。");
                return 5;
            }
            var sealedRows = await SealVerifier.InitAsync(db, TimeProvider.System, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"已为 {sealedRows:N0} 行加封，并记入审计日志。"));
            return 0;
        });
        return new Command("audit", "审计日志 / audit trail") { verify, seal };
    }
}

using System.CommandLine;
using System.Globalization;
using RuralLedger.Data.Audit;

namespace RuralLedger.Cli.Commands;

/// <summary>`rural audit verify`: walks every audit hash chain and names the first row that was tampered with.</summary>
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
            if (result.FirstBreak is { } broken)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"校验失败：链 {broken.ChainKey} 序号 {broken.Sequence}（id {broken.Id}）：{broken.Problem}"));
                return 3;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"校验通过：{result.Chains.Count} 条链，共 {result.Rows:N0} 条记录，均未被篡改。"));
            return 0;
        });
        return new Command("audit", "审计日志 / audit trail") { verify };
    }
}

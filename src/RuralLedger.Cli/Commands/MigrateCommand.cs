using System.CommandLine;
using Microsoft.EntityFrameworkCore;

namespace RuralLedger.Cli.Commands;

/// <summary>`rural db migrate`: brings the schema up to date with the provider's migration set.</summary>
internal static class MigrateCommand
{
    public static Command Create(StorageSettings storage)
    {
        var command = new Command("migrate", "应用数据库迁移，使表结构与本版本一致 / apply pending database migrations");
        command.SetAction(async (parse, ct) =>
        {
            var options = storage.Resolve(parse);
            await using var db = await CliDatabase.OpenAsync(options, "db migrate", ct);
            var applied = await CliDatabase.MigrateAsync(db, ct);
            if (applied.Count == 0)
            {
                var total = db.Database.GetMigrations().Count();
                Console.WriteLine($"数据库（{db.Provider}）已是最新，共 {total} 个迁移，无需应用。");
                return 0;
            }
            foreach (var name in applied)
            {
                Console.WriteLine($"已应用迁移 {name}");
            }
            Console.WriteLine($"数据库（{db.Provider}）已更新：应用了 {applied.Count} 个迁移。");
            return 0;
        });
        return command;
    }
}

using System.Diagnostics;
using RuralLedger.Data;

namespace RuralLedger.Web.Tests.Infrastructure;

/// <summary>
/// The `rural` command as an operator runs it: a separate process on a test database. The CLI is built with the
/// solution; tests run the build of their own configuration.
/// </summary>
public sealed class RuralCli(TestDatabase db)
{
    public async Task<(int Exit, string Out, string Err)> RunAsync(Dictionary<string, string>? environment, params string[] args)
    {
        using var process = Process.Start(Start(environment, args))!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }

    public Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>The process to start: the CLI with the database's provider, data folder and connection.</summary>
    public ProcessStartInfo Start(Dictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Assembly());
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.ArgumentList.Add("--provider");
        start.ArgumentList.Add(db.Provider.ToString());
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(db.DataFolder);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            start.ArgumentList.Add("--connection");
            start.ArgumentList.Add(db.ConnectionString);
        }
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }
        return start;
    }

    private static string Assembly()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)); // …/bin/<Configuration>/net10.0
        var configuration = framework.Parent!.Name;
        var repo = framework.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repo, "src", "RuralLedger.Cli", "bin", configuration, framework.Name, "rural.dll");
        File.Exists(path).Should().BeTrue($"the CLI is built with the solution ({path})");
        return path;
    }
}

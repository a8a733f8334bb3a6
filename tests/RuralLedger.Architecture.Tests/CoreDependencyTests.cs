using System.Reflection;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Architecture.Tests;

/// <summary>The domain assembly knows no database and no web framework (docs/decisions/0001).</summary>
public sealed class CoreDependencyTests
{
    private static readonly string[] Forbidden = ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql", "Microsoft.Data.Sqlite", "SQLitePCL"];

    [Fact]
    public void Core_references_no_database_or_web_assembly()
    {
        Infrastructure(typeof(Money).Assembly).Should().BeEmpty();
    }

    [Fact]
    public void The_check_flags_an_assembly_that_does()
    {
        Infrastructure(typeof(RuralDbContext).Assembly).Should().Contain(["Microsoft.EntityFrameworkCore", "Npgsql"]);
    }

    private static string[] Infrastructure(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => Forbidden.Any(f => name == f || name.StartsWith(f + ".", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)];
}

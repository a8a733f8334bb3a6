using RuralLedger.Architecture.Tests.Crafted.Features.Alpha;

namespace RuralLedger.Architecture.Tests;

/// <summary>
/// A feature module (<c>RuralLedger.Web.Features.X</c>, with its views under <c>/Features/X/</c>) uses from another
/// module Y only Y's published surface: the public types declared directly in <c>Features.Y</c> (its queries,
/// views, option lists, inputs). Internal types and everything in a sub-namespace (<c>Features.Registry.Excel</c>)
/// are the module's own. Read from signatures and method bodies (IL), so a call inside a lambda counts too.
/// </summary>
public sealed class FeatureBoundaryTests
{
    private const string Features = "RuralLedger.Web.Features";

    // Crossings known today, each with why it stands. Keep it short: an entry goes when its reason does (a stale
    // entry fails the test). Key: "FromModule → used type or namespace".
    private static readonly Dictionary<string, string> Allowed = new()
    {
        // The Excel import tools (sheet cells, stored upload, error rows) serve both imports; they belong in the kit.
        ["Assets → RuralLedger.Web.Features.Registry.Excel"] = "shared Excel import tools, to move to Web/Infrastructure",
        ["Credit → RuralLedger.Web.Features.Registry.Excel"] = "shared Excel import tools (stored upload, cells, error rows), to move to Web/Infrastructure",
        ["Linkage → RuralLedger.Web.Features.Registry.Excel"] = "shared Excel import tools (stored upload, cells, error rows), to move to Web/Infrastructure",
        // The layout is the one place that lists every module.
        ["Shared → RuralLedger.Web.Features.Modules"] = "the layout's module menu",
    };

    [Fact]
    public void A_feature_uses_only_the_published_surface_of_another()
    {
        var crossings = FeatureBoundaries.Violations(typeof(Program).Assembly, Features).ToList();

        crossings.Where(c => AllowedBy(c) is null).Select(c => c.ToString()).Distinct().Should().BeEmpty();
        Allowed.Keys.Where(k => !crossings.Any(c => AllowedBy(c) == k)).Should().BeEmpty("an entry no crossing needs is stale");
    }

    [Fact]
    public void The_check_flags_a_crafted_reach_into_another_modules_internals()
    {
        var crossings = FeatureBoundaries.Violations(typeof(AlphaQuery).Assembly, "RuralLedger.Architecture.Tests.Crafted.Features")
            .Select(c => $"{c.From} → {c.Used.Name}")
            .Distinct();

        crossings.Should().BeEquivalentTo(["Beta → AlphaInternals", "Beta → AlphaHelper"]);
    }

    private static string? AllowedBy(FeatureBoundaries.Use use) =>
        Allowed.Keys.FirstOrDefault(k =>
        {
            var (from, to) = (k[..k.IndexOf(" → ", StringComparison.Ordinal)], k[(k.IndexOf(" → ", StringComparison.Ordinal) + 3)..]);
            var name = use.Used.FullName!;
            return (from == "*" || from == use.From) && (name == to || name.StartsWith(to + ".", StringComparison.Ordinal) || name.StartsWith(to + "+", StringComparison.Ordinal));
        });
}

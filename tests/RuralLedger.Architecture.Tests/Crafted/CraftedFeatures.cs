// Two crafted feature modules for FeatureBoundaryTests: Beta uses Alpha's published query (allowed), an internal
// type (in a lambda) and a type from Alpha's sub-namespace (both flagged).
namespace RuralLedger.Architecture.Tests.Crafted.Features.Alpha
{
    public sealed class AlphaQuery
    {
        public static int Count() => AlphaInternals.Secret + 1;
    }

    internal static class AlphaInternals
    {
        public const int Secret = 41;

        public static int Twice(int n) => n * 2;
    }
}

namespace RuralLedger.Architecture.Tests.Crafted.Features.Alpha.Parts
{
    public static class AlphaHelper
    {
        public static int Three() => 3;
    }
}

namespace RuralLedger.Architecture.Tests.Crafted.Features.Beta
{
    using RuralLedger.Architecture.Tests.Crafted.Features.Alpha;
    using RuralLedger.Architecture.Tests.Crafted.Features.Alpha.Parts;

    public sealed class BetaPage
    {
        public int Published() => AlphaQuery.Count();

        public IEnumerable<int> ReachesIn(IEnumerable<int> values) => values.Select(v => AlphaInternals.Twice(v) + AlphaHelper.Three());
    }
}

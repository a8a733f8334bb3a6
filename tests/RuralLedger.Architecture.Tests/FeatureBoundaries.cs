using System.Reflection;

namespace RuralLedger.Architecture.Tests;

/// <summary>
/// Which feature module a type belongs to, and which uses of another module's types cross into its internals.
/// </summary>
internal static class FeatureBoundaries
{
    public sealed record Use(string From, string To, Type Used, string Where)
    {
        public override string ToString() => $"{From} → {To}: {Used.FullName} (in {Where})";
    }

    /// <summary>Every use of a type of one module by a type of another, in <paramref name="assembly"/>.</summary>
    public static IEnumerable<Use> CrossModuleUses(Assembly assembly, string featuresNamespace)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes())
        {
            if (ModuleOf(type, featuresNamespace) is not { } from)
            {
                continue;
            }
            foreach (var (used, where) in TypeReferences.Of(type).Distinct())
            {
                if (used.Assembly == assembly && ModuleOf(used, featuresNamespace) is { } to && to != from)
                {
                    yield return new Use(from, to, used, $"{type.Name}.{where}");
                }
            }
        }
    }

    /// <summary>Uses of another module's type that is not on its published surface.</summary>
    public static IEnumerable<Use> Violations(System.Reflection.Assembly assembly, string featuresNamespace) =>
        CrossModuleUses(assembly, featuresNamespace).Where(u => !Published(u.Used, u.To, featuresNamespace));

    /// <summary>Public (with every enclosing type) and declared directly in the module's namespace.</summary>
    public static bool Published(Type type, string module, string featuresNamespace)
    {
        ArgumentNullException.ThrowIfNull(type);
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (!(t.IsPublic || t.IsNestedPublic))
            {
                return false;
            }
        }
        return type.Namespace == featuresNamespace + "." + module;
    }

    /// <summary>The module (first namespace segment under the features namespace, or the folder of a compiled Razor view).</summary>
    public static string? ModuleOf(Type type, string featuresNamespace)
    {
        ArgumentNullException.ThrowIfNull(type);
        var outer = type;
        while (outer.DeclaringType is not null)
        {
            outer = outer.DeclaringType;
        }
        if (outer.Namespace is { } ns && ns.StartsWith(featuresNamespace + ".", StringComparison.Ordinal))
        {
            return ns[(featuresNamespace.Length + 1)..].Split('.')[0];
        }
        // Compiled views carry their path ("/Features/Assets/Index.cshtml"), not a feature namespace.
        var folder = "/" + featuresNamespace[(featuresNamespace.LastIndexOf('.') + 1)..] + "/";
        var path = outer.CustomAttributes
            .Where(a => a.AttributeType.Name == "RazorCompiledItemMetadataAttribute" && (string?)a.ConstructorArguments[0].Value == "Identifier")
            .Select(a => (string?)a.ConstructorArguments[1].Value)
            .FirstOrDefault();
        return path is not null && path.StartsWith(folder, StringComparison.Ordinal) && path.IndexOf('/', folder.Length) is var end and > 0
            ? path[folder.Length..end]
            : null;
    }
}

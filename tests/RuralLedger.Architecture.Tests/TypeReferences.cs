using System.Reflection;
using System.Reflection.Emit;

namespace RuralLedger.Architecture.Tests;

/// <summary>
/// Every type a type uses: its signatures (base type, interfaces, fields, properties, method parameters and
/// results) and the tokens of its method bodies (calls, field reads, casts, typeof), read from the IL.
/// Compiler-generated nested types (lambdas, closures, async state machines) count as their outer type's.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The types <paramref name="type"/> uses, each with the member it is used in.</summary>
    public static IEnumerable<(Type Used, string Where)> Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var found = new List<(Type, string)>();
        void Add(Type? t, string where)
        {
            foreach (var u in Unwrap(t))
            {
                found.Add((u, where));
            }
        }
        Add(type.BaseType, type.Name);
        foreach (var i in type.GetInterfaces())
        {
            Add(i, type.Name);
        }
        foreach (var f in type.GetFields(Declared))
        {
            Add(f.FieldType, f.Name);
        }
        foreach (var p in type.GetProperties(Declared))
        {
            Add(p.PropertyType, p.Name);
        }
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (m is MethodInfo mi)
            {
                Add(mi.ReturnType, m.Name);
            }
            foreach (var p in m.GetParameters())
            {
                Add(p.ParameterType, m.Name);
            }
            foreach (var used in BodyReferences(m))
            {
                Add(used, m.Name);
            }
        }
        return found;
    }

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return [];
        }
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var used = new List<Type>();
        var i = 0;
        while (i < il.Length)
        {
            var code = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                    switch (member)
                    {
                        case Type t:
                            used.Add(t);
                            break;
                        case MethodInfo m:
                            used.Add(m.DeclaringType!);
                            used.Add(m.ReturnType);
                            used.AddRange(m.GetGenericArguments());
                            used.AddRange(m.GetParameters().Select(p => p.ParameterType));
                            break;
                        case ConstructorInfo c:
                            used.Add(c.DeclaringType!);
                            break;
                        case FieldInfo f:
                            used.Add(f.DeclaringType!);
                            used.Add(f.FieldType);
                            break;
                    }
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += Size(code.OperandType);
                    break;
            }
        }
        return used;
    }

    private static int Size(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    /// <summary>The declared types inside arrays, by-refs, pointers and generic arguments.</summary>
    private static IEnumerable<Type> Unwrap(Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            yield break;
        }
        if (type.HasElementType)
        {
            foreach (var t in Unwrap(type.GetElementType()))
            {
                yield return t;
            }
            yield break;
        }
        if (type.IsGenericType)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return t;
            }
            type = type.GetGenericTypeDefinition();
        }
        yield return type;
    }
}

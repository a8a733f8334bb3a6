using RuralLedger.Core.Audit;
using RuralLedger.Web.Features.Audit;

namespace RuralLedger.Architecture.Tests;

/// <summary>
/// Issue #13: inspectors read the audit trail in Chinese. Every kind of record the EF model audits, every field the
/// interceptor records and every value of every enum field has a name in <see cref="AuditCatalogue"/>; a new module
/// that adds a record without its names fails here, with the list of what is missing.
/// </summary>
public sealed class AuditCatalogueTests
{
    [Fact]
    public void Every_audited_kind_field_and_enum_value_has_a_Chinese_name()
    {
        var missing = new List<string>();
        foreach (var entity in Models.Sqlite.GetEntityTypes().Where(t => t.ClrType != typeof(AuditEntry)))
        {
            var kind = entity.ClrType.Name;
            if (!AuditCatalogue.Kinds.ContainsKey(kind))
            {
                missing.Add($"kind {kind}");
            }
            foreach (var property in entity.GetProperties().Where(p => p.ClrType != typeof(byte[])))
            {
                if (AuditCatalogue.FieldName(kind, property.Name) is null)
                {
                    missing.Add($"field {kind}.{property.Name}");
                }
                var clr = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (clr.IsEnum)
                {
                    missing.AddRange(Enum.GetValues(clr).Cast<Enum>()
                        .Where(v => AuditCatalogue.EnumName(v) is not { } name || name == v.ToString())
                        .Select(v => $"value {clr.Name}.{v}"));
                }
            }
        }
        var modelled = Models.Sqlite.GetEntityTypes().Select(t => t.ClrType.Name).ToHashSet();
        missing.AddRange(AuditCatalogue.Kinds.Keys.Where(k => !modelled.Contains(k)).Select(k => $"stale kind {k}"));
        missing = [.. missing.Distinct()];
        missing.Should().BeEmpty(string.Join("; ", missing));
    }
}

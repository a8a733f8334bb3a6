using Microsoft.EntityFrameworkCore;
using RuralLedger.Data.Sealing;

namespace RuralLedger.Architecture.Tests;

/// <summary>
/// Every table of the model is sealed (docs/decisions/0031-row-sealing.md) unless its entity is named, with its reason,
/// in <see cref="SealLayout.Unsealed"/>: a new entity of any module is sealed without doing anything, and can't be
/// left out by forgetting. Each sealed table needs the single integer id its seal and heads are keyed by.
/// </summary>
public sealed class SealingConventionTests
{
    [Theory]
    [MemberData(nameof(Models.Providers), MemberType = typeof(Models))]
    public void Every_table_but_the_named_exceptions_carries_a_seal_and_a_single_integer_id(string provider)
    {
        var model = Models.Of(provider);
        var tables = model.GetEntityTypes().Where(e => e.GetTableName() is not null).ToList();

        tables.Where(e => !SealLayout.Unsealed.Contains(e.ClrType) && e.FindProperty(SealLayout.SealProperty) is null)
            .Select(e => e.DisplayName()).Should().BeEmpty();
        tables.Where(e => SealLayout.Unsealed.Contains(e.ClrType) && e.FindProperty(SealLayout.SealProperty) is not null)
            .Select(e => e.DisplayName()).Should().BeEmpty();
        SealLayout.Unsealed.Should().OnlyContain(t => tables.Any(e => e.ClrType == t), "an exception names an entity of the model");
        var layouts = SealLayout.All(model).ToList();
        layouts.Should().HaveCount(tables.Count - SealLayout.Unsealed.Count);
        layouts.Should().OnlyContain(l => l.Columns.All(c => c.Name != SealLayout.SealColumnName) && l.Columns[l.IdIndex].Property.IsPrimaryKey());
    }
}

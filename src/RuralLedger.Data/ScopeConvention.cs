using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;

namespace RuralLedger.Data;

/// <summary>
/// Area scope (docs/decisions/0003) and bank scope (0018) by convention: every entity implementing
/// <see cref="IAreaScoped"/> and/or <see cref="IBankScoped"/> gets one query filter built from its own mapped
/// properties, so a new module's records are scoped by declaring the interface, not by remembering a line here.
/// An entity whose scope differs (areas with their ancestors, county reference data, accounts) declares its filter
/// before <see cref="Apply"/> runs; the convention leaves an entity that already has a filter alone.
/// </summary>
public static class ScopeConvention
{
    /// <param name="access">The context's access, as <c>() =&gt; Access</c>: EF swaps the context instance the model
    /// was built with for the one running the query, so each context follows its own caller.</param>
    public static void Apply(ModelBuilder modelBuilder, Expression<Func<AccessContext>> access)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(access);
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => e.BaseType is null && !e.IsOwned()).ToList())
        {
            var type = entity.ClrType;
            var areaScoped = typeof(IAreaScoped).IsAssignableFrom(type);
            var bankScoped = typeof(IBankScoped).IsAssignableFrom(type);
            if ((!areaScoped && !bankScoped) || entity.GetDeclaredQueryFilters().Count > 0)
            {
                continue;
            }
            var e = Expression.Parameter(type, "e");
            var filter = areaScoped ? AreaFilter(entity, e, access.Body) : null;
            if (bankScoped)
            {
                var bank = BankFilter(entity, e, access.Body);
                filter = filter is null ? bank : Expression.AndAlso(filter, bank);
            }
            modelBuilder.Entity(type).HasQueryFilter(Expression.Lambda(filter!, e));
        }
    }

    // kind == All || (kind == County && e.CountyCode == county) || (kind == Township && e.TownshipCode == code)
    //   || (kind == Village && e.VillageCode == code): each branch an indexed equality, as 0003 requires.
    private static Expression AreaFilter(Microsoft.EntityFrameworkCore.Metadata.IMutableEntityType entity, ParameterExpression e, Expression access)
    {
        var scope = Expression.Property(access, nameof(AccessContext.Scope));
        var kind = Expression.Property(scope, nameof(AreaScope.Kind));
        var code = Expression.Property(scope, nameof(AreaScope.Code));
        Expression Is(ScopeKind k) => Expression.Equal(kind, Expression.Constant(k));
        return Expression.OrElse(
            Is(ScopeKind.All),
            Expression.OrElse(
                Expression.AndAlso(Is(ScopeKind.County), Expression.Equal(Mapped(entity, e, nameof(IAreaScoped.CountyCode)), Expression.Property(scope, nameof(AreaScope.CountyCode)))),
                Expression.OrElse(
                    Expression.AndAlso(Is(ScopeKind.Township), EqualCode(Mapped(entity, e, nameof(IAreaScoped.TownshipCode)), code)),
                    Expression.AndAlso(Is(ScopeKind.Village), EqualCode(Mapped(entity, e, nameof(IAreaScoped.VillageCode)), code)))));
    }

    // role != BankOfficer || e.BankCode == bankCode: an officer without a bank code matches no row (the column is required).
    private static Expression BankFilter(Microsoft.EntityFrameworkCore.Metadata.IMutableEntityType entity, ParameterExpression e, Expression access) =>
        Expression.OrElse(
            Expression.NotEqual(Expression.Property(access, nameof(AccessContext.Role)), Expression.Constant(Role.BankOfficer, typeof(Role?))),
            Expression.Equal(Mapped(entity, e, nameof(IBankScoped.BankCode)), Expression.Property(access, nameof(AccessContext.BankCode))));

    private static Expression EqualCode(Expression column, Expression code) =>
        Expression.Equal(column.Type == code.Type ? column : Expression.Convert(column, code.Type), code);

    /// <summary>The entity's own mapped property of that name (an explicit interface implementation is not mapped).</summary>
    private static MemberExpression Mapped(Microsoft.EntityFrameworkCore.Metadata.IMutableEntityType entity, ParameterExpression e, string name) =>
        entity.FindProperty(name)?.PropertyInfo is { } property
            ? Expression.Property(e, property)
            : throw new InvalidOperationException(
                $"{entity.ClrType.Name} is scoped by convention but maps no {name}; map it or declare its filter before ScopeConvention.Apply.");
}

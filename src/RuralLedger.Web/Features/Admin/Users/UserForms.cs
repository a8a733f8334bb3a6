using Microsoft.AspNetCore.Mvc.Rendering;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;

namespace RuralLedger.Web.Features.Admin.Users;

// The form of the account pages; the pages call the same handler as the API with the API's records.

public sealed class UserForm
{
    public string? UserName { get; set; }

    public string? DisplayName { get; set; }

    public Role? Role { get; set; }

    public string? ScopeCode { get; set; }

    public string? BankName { get; set; }

    public bool Active { get; set; } = true;

    public UserInput ToInput() => new(UserName, DisplayName, Role, ScopeCode, BankName);

    public UserUpdate ToUpdate() => new(DisplayName, Role, ScopeCode, BankName, Active);
}

internal static class UserChoices
{
    public static IReadOnlyList<SelectListItem> Roles(Role? selected) =>
        Enum.GetValues<Role>().Select(r => new SelectListItem(Core.Accounts.Roles.DisplayName(r), r.ToString(), r == selected)).ToList();

    /// <summary>
    /// The county, then each township followed by its villages. The select shows every level; the handler
    /// refuses a level that does not fit the role, with the message of <see cref="User"/>.
    /// </summary>
    public static IReadOnlyList<SelectListItem> Scopes(IReadOnlyList<ScopeChoice> choices, string? selected)
    {
        var items = new List<SelectListItem>();
        var county = new SelectListGroup { Name = "县（县级管理员、县级业务人员、银行经办人员、纪检审计人员）" };
        foreach (var c in choices.Where(c => c.Level == AreaLevel.County))
        {
            items.Add(new SelectListItem($"{c.Name} · {c.Code}", c.Code, c.Code == selected) { Group = county });
        }
        foreach (var township in choices.Where(c => c.Level == AreaLevel.Township))
        {
            var group = new SelectListGroup { Name = $"{township.Name}（乡镇干部选乡镇，村干部选行政村）" };
            items.Add(new SelectListItem($"{township.Name}（乡镇）· {township.Code}", township.Code, township.Code == selected) { Group = group });
            foreach (var village in choices.Where(c => c.Level == AreaLevel.Village && c.TownshipCode == township.Code))
            {
                items.Add(new SelectListItem($"　{village.Name} · {village.Code}", village.Code, village.Code == selected) { Group = group });
            }
        }
        return items;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Distribution;

public sealed class RulePartForm
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public RulePartKind Kind { get; set; } = RulePartKind.Other;

    public decimal Percent { get; set; }
}

public sealed class RuleForm
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public DateOnly? EffectiveFrom { get; set; }

    public List<RulePartForm> Parts { get; set; } = [];

    public HouseholdWeighting Weighting { get; set; } = HouseholdWeighting.PerHousehold;

    public decimal MinimumPerHousehold { get; set; }

    public List<PovertyStatus> Eligible { get; set; } = [PovertyStatus.Registered, PovertyStatus.Exited, PovertyStatus.MonitoredUnstable, PovertyStatus.MonitoredMarginal, PovertyStatus.MonitoredSudden];

    /// <summary>Only households with a member in a public-welfare post (公益岗位) during the year share the dividends.</summary>
    public bool RequirePublicWelfareJob { get; set; }
}

public sealed class RulesPageModel(Rules rules, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<RuleView> All { get; private set; } = [];

    public bool CanEdit { get; private set; }

    [BindProperty]
    public RuleForm Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.Parts =
        [
            new() { Code = "dividend", Name = "脱贫户分红", Kind = RulePartKind.HouseholdDividend, Percent = 70m },
            new() { Code = "collective", Name = "村集体经济收入", Kind = RulePartKind.CollectiveIncome, Percent = 20m },
            new() { Code = "fund", Name = "村级管理和发展基金", Kind = RulePartKind.ManagementFund, Percent = 10m },
            new(),
        ];
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded)
        {
            return Forbid();
        }
        try
        {
            var v = new Validation();
            var parts = Input.Parts.Select((p, i) => new RulePartInput(p.Code, p.Name, p.Kind, FormValues.Percent(p.Percent, v, $"parts[{i}].percent") ?? Rate.Zero)).ToList();
            var minimum = FormValues.Yuan(Input.MinimumPerHousehold, v, "minimumPerHousehold") ?? Money.Zero;
            v.ThrowIfAny();
            await rules.CreateVersionAsync(new RuleInput(Input.Code, Input.Name, Input.EffectiveFrom, parts, Input.Weighting, null,
                minimum, Input.Eligible, Input.RequirePublicWelfareJob), ct);
            TempData["Flash"] = "已保存新的规则版本；已测算的方案不受影响。";
            return Redirect("/distribution/rules");
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            FormErrors.Apply(ModelState, e);
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        All = await rules.ListAsync(ct);
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.ManageProjects)).Succeeded;
        while (Input.Parts.Count < 4)
        {
            Input.Parts.Add(new RulePartForm());
        }
        ViewData["Title"] = "分配规则";
        ViewData["Active"] = "income";
    }
}

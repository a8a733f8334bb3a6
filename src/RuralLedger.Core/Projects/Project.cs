using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Projects;

/// <summary>A budget line: how much of one fund source a project plans to spend.</summary>
public sealed class ProjectBudget
{
    private ProjectBudget()
    {
    }

    internal ProjectBudget(FundSourceId fundSourceId, Money amount)
    {
        FundSourceId = fundSourceId;
        Amount = amount;
    }

    public long Id { get; private set; }

    public FundSourceId FundSourceId { get; private set; }

    public Money Amount { get; private set; }
}

/// <summary>A village a project serves (a project may serve several).</summary>
public sealed class ProjectVillage
{
    private ProjectVillage()
    {
    }

    internal ProjectVillage(DivisionCode villageCode) => VillageCode = villageCode;

    public long Id { get; private set; }

    public DivisionCode VillageCode { get; private set; }
}

/// <summary>One funding line of a new asset, as given at acceptance.</summary>
public sealed record FundingLine(FundSourceId FundSourceId, Money Amount);

/// <summary>
/// A poverty-alleviation project: planned → approved → building → accepted. Accepting it forms its assets.
/// The project sits at the narrowest area containing all its villages, which decides who sees it.
/// </summary>
public sealed class Project : IAreaScoped
{
    private readonly List<ProjectBudget> _budget = [];
    private readonly List<ProjectVillage> _villages = [];

    private Project()
    {
        CountyCode = "";
        Code = "";
        Name = "";
    }

    public Project(string code, string name, int year, Industry industry, IReadOnlyList<DivisionCode> villages, IReadOnlyList<FundingLine> budget, string? description)
    {
        ArgumentNullException.ThrowIfNull(villages);
        ArgumentNullException.ThrowIfNull(budget);
        Code = code;
        Name = ProjectRules.Text(name, "name", "项目名称", 100);
        Year = ProjectRules.Year(year, "year");
        Industry = industry;
        Description = ProjectRules.Optional(description, "description", "项目内容", 1000);
        if (villages.Count == 0)
        {
            throw new DomainException("projects.no_village", "至少选择一个受益行政村。", "villageCodes");
        }
        var place = Place.Of(villages[0]);
        foreach (var v in villages.Distinct())
        {
            if (v.Level != AreaLevel.Village)
            {
                throw new DomainException("projects.village_level", $"{v} 不是行政村代码。", "villageCodes");
            }
            place = place.CommonWith(Place.Of(v));
            _villages.Add(new ProjectVillage(v));
        }
        (CountyCode, TownshipCode, VillageCode) = place;
        SetBudget(budget);
        Status = ProjectStatus.Planned;
    }

    public ProjectId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public int Year { get; private set; }

    public Industry Industry { get; private set; }

    public string? Description { get; private set; }

    public ProjectStatus Status { get; private set; }

    public DateOnly? ApprovedOn { get; private set; }

    public string? ApprovalDocument { get; private set; }

    public DateOnly? StartedOn { get; private set; }

    public DateOnly? AcceptedOn { get; private set; }

    public DateOnly? CancelledOn { get; private set; }

    public string? CancelReason { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<ProjectBudget> Budget => _budget;

    public IReadOnlyList<ProjectVillage> Villages => _villages;

    public Money BudgetTotal => Money.Sum(_budget.Select(b => b.Amount));

    public Place Place => new(CountyCode, TownshipCode, VillageCode);

    public void SetBudget(IReadOnlyList<FundingLine> budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        if (Status is not (ProjectStatus.Planned or 0))
        {
            throw new DomainException("projects.budget_locked", "项目批复后预算不能再修改。", "budget");
        }
        if (budget.Count == 0)
        {
            throw new DomainException("projects.no_budget", "至少填写一项资金来源。", "budget");
        }
        if (budget.GroupBy(b => b.FundSourceId).Any(g => g.Count() > 1))
        {
            throw new DomainException("projects.duplicate_source", "同一资金来源只能填写一行。", "budget");
        }
        if (budget.Any(b => b.Amount <= Money.Zero))
        {
            throw new DomainException("projects.budget_positive", "每项资金金额须大于零。", "budget");
        }
        _budget.Clear();
        _budget.AddRange(budget.Select(b => new ProjectBudget(b.FundSourceId, b.Amount)));
        Version++;
    }

    public void Approve(DateOnly on, string? document)
    {
        Expect(ProjectStatus.Planned, "批复");
        ApprovedOn = on;
        ApprovalDocument = ProjectRules.Text(document, "approvalDocument", "批复文号", 100);
        Status = ProjectStatus.Approved;
        Version++;
    }

    /// <summary>An assessment on the eight elements is recorded; only a planned project is assessed (an approved one was decided).</summary>
    internal void MarkAssessed()
    {
        if (Status != ProjectStatus.Planned)
        {
            throw new ConflictException("selection.not_planned", $"项目当前为“{AssetNames.Of(Status)}”，只有计划（入库）中的项目可以评估。", "status");
        }
        Version++;
    }

    /// <summary>The households a project links are settled by acceptance; after it (or a cancellation) the list is closed.</summary>
    public void RefuseLinkingAfterAcceptance()
    {
        if (Status is ProjectStatus.Accepted or ProjectStatus.Cancelled)
        {
            throw new ConflictException("selection.links_closed", $"项目{AssetNames.Of(Status)}，联结农户名单不能再修改。", "status");
        }
    }

    /// <summary>A change to the linked households moves the project's version, so two editors of one list can't both win.</summary>
    public void MarkLinksChanged()
    {
        RefuseLinkingAfterAcceptance();
        Version++;
    }

    public void StartBuilding(DateOnly on)
    {
        Expect(ProjectStatus.Approved, "开工");
        if (ApprovedOn is { } a && on < a)
        {
            throw new DomainException("projects.date_order", "开工日期不能早于批复日期。", "on");
        }
        StartedOn = on;
        Status = ProjectStatus.Building;
        Version++;
    }

    /// <summary>Cancellation cannot be undone: it records when and why, for the audit and the project's page.</summary>
    public void Cancel(DateOnly on, string? reason)
    {
        if (Status is ProjectStatus.Accepted or ProjectStatus.Cancelled)
        {
            throw StateConflict.Of("projects.bad_transition", "项目", AssetNames.Of(Status), "取消");
        }
        CancelReason = Reason.Required(reason, label: "取消原因");
        CancelledOn = on;
        Status = ProjectStatus.Cancelled;
        Version++;
    }

    /// <summary>
    /// Completion acceptance (竣工验收). Each new asset's funding must come from this project's fund sources and,
    /// per source, the assets together may not spend more than the budget approved for it.
    /// </summary>
    public void Accept(DateOnly on, IReadOnlyList<IReadOnlyList<FundingLine>> assetFundings)
    {
        ArgumentNullException.ThrowIfNull(assetFundings);
        Expect(ProjectStatus.Building, "验收");
        if (StartedOn is { } s && on < s)
        {
            throw new DomainException("projects.date_order", "验收日期不能早于开工日期。", "acceptedOn");
        }
        if (assetFundings.Count == 0)
        {
            throw new DomainException("projects.no_assets", "验收须形成至少一项资产。", "assets");
        }
        var spent = new Dictionary<FundSourceId, Money>();
        for (var i = 0; i < assetFundings.Count; i++)
        {
            foreach (var line in assetFundings[i])
            {
                var budget = _budget.FirstOrDefault(b => b.FundSourceId == line.FundSourceId)
                    ?? throw new DomainException("projects.source_not_in_budget", $"第 {i + 1} 项资产使用了本项目预算之外的资金来源。", $"assets[{i}].funding");
                spent[line.FundSourceId] = spent.GetValueOrDefault(line.FundSourceId) + line.Amount;
                if (spent[line.FundSourceId] > budget.Amount)
                {
                    throw new DomainException("projects.over_budget", $"资金来源 {line.FundSourceId} 形成资产的金额合计超过该来源预算 {budget.Amount}。", $"assets[{i}].funding");
                }
            }
        }
        AcceptedOn = on;
        Status = ProjectStatus.Accepted;
        Version++;
    }

    private void Expect(ProjectStatus expected, string action)
    {
        if (Status != expected)
        {
            throw StateConflict.Of("projects.bad_transition", "项目", AssetNames.Of(Status), action, AssetNames.Of(expected));
        }
    }
}

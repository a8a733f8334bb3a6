using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Data;
using RuralLedger.Web.Features.Assets;
using RuralLedger.Web.Features.Linkage;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Projects;

public sealed record BudgetInput(long FundSourceId, Money Amount);

public sealed record ProjectInput(string? Name, int Year, Industry Industry, IReadOnlyList<string>? VillageCodes, IReadOnlyList<BudgetInput>? Budget, string? Description);

public sealed record ApproveInput(DateOnly? ApprovedOn, string? ApprovalDocument, int? Version);

public sealed record StartInput(DateOnly? StartedOn, int? Version);

/// <summary>Cancelling is irreversible: the reason is required and audited; the date defaults to today.</summary>
public sealed record CancelInput(string? Reason, DateOnly? CancelledOn, int? Version);

/// <summary>One owner of a new asset; <see cref="Percent"/> in percent with at most two decimals (100 = sole owner).</summary>
public sealed record OwnerInput(HolderKind Kind, string? Name, string? Code, Rate Percent);

/// <summary>
/// A new asset formed at acceptance. Without <see cref="Owners"/> the village collective economic organisation
/// of <see cref="VillageCode"/> owns it entirely.
/// </summary>
public sealed record AcceptAssetInput(
    string? Name, AssetClass Class, AssetKind Kind, Industry? Industry, string? VillageCode, decimal Quantity, string? Unit,
    IReadOnlyList<BudgetInput>? Funding, IReadOnlyList<OwnerInput>? Owners, string? SupervisionUnit, string? SupervisionPerson);

public sealed record AcceptInput(DateOnly? AcceptedOn, IReadOnlyList<AcceptAssetInput>? Assets, int? Version);

public sealed record AcceptedAsset(long Id, string Code, string Name, Money OriginalValue);

public sealed record AcceptResult(long ProjectId, IReadOnlyList<AcceptedAsset> Assets);

/// <summary>
/// Every write to projects: creation and the transitions planned → approved → building → accepted (or cancelled).
/// Acceptance is one transaction: the project's status, its new assets with their codes, funding and owners.
/// </summary>
public sealed class ProjectCommands(RuralDbContext db, Numbering numbering, SelectionCommands selection, AgreementDrafts drafts, TimeProvider clock)
{
    private static readonly Versions Versions = new("projects", "该项目");

    /// <summary>The county poverty-investment company (扶投公司) that owns assets spanning villages, named after the county.</summary>
    public static string CountyCompanyName(string countyName) => countyName + "扶贫开发投资有限责任公司";

    /// <summary>A village's collective economic organisation (村集体经济组织), the default owner of what is built there.</summary>
    public static string CollectiveName(string villageName) => villageName + "股份经济合作社";

    public async Task<long> CreateAsync(ProjectInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        if (!Enum.IsDefined(input.Industry))
        {
            v.Add("industry", "请选择产业。");
        }
        var villages = new List<DivisionCode>();
        foreach (var text in (input.VillageCodes ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct())
        {
            var code = v.Try("villageCodes", () => DivisionCode.Parse(text, "villageCodes"));
            if (code.Value is null)
            {
                continue;
            }
            if (!db.Access.Scope.Covers(code) || !await db.Areas.AnyAsync(a => a.Code == code && a.Level == AreaLevel.Village, ct))
            {
                v.Add("villageCodes", $"行政村 {code} 不存在或不在您的权限范围内。");
                continue;
            }
            villages.Add(code);
        }
        if (villages.Count == 0 && !v.HasErrors)
        {
            v.Add("villageCodes", "至少选择一个受益行政村。");
        }
        var budget = await BudgetLinesAsync(v, "budget", input.Budget, ct);
        v.ThrowIfAny();

        var county = villages[0].County;
        var project = new Project("", input.Name ?? "", input.Year, input.Industry, villages, budget, input.Description);
        await using var transaction = await numbering.BeginAsync(ct);
        var projectCode = await numbering.NextProjectCodeAsync(county, project.Year, ct);
        project = new Project(projectCode, input.Name ?? "", input.Year, input.Industry, villages, budget, input.Description);
        db.Projects.Add(project);
        await SaveAsync(ct);
        await transaction.CommitAsync(ct);
        return project.Id.Value;
    }

    public async Task ApproveAsync(long id, ApproveInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var project = await LoadAsync(id, input.Version, ct);
        var on = input.ApprovedOn ?? throw new DomainException("projects.date_required", "请填写批复日期。", "approvedOn");
        RefuseFuture(on, "approvedOn");
        var policy = await selection.PolicyInForceAsync(project.CountyCode, on, persist: false, ct);
        var latest = await db.ProjectAssessments.AsNoTracking().Where(a => a.ProjectId == project.Id)
            .OrderByDescending(a => a.AssessedAt).ThenByDescending(a => a.Id).FirstOrDefaultAsync(ct);
        SelectionGate.RequirePassed(project, policy, latest);
        project.Approve(on, input.ApprovalDocument);
        await SaveAsync(ct);
    }

    public async Task StartAsync(long id, StartInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var project = await LoadAsync(id, input.Version, ct);
        var on = input.StartedOn ?? throw new DomainException("projects.date_required", "请填写开工日期。", "startedOn");
        RefuseFuture(on, "startedOn");
        try
        {
            project.StartBuilding(on);
        }
        catch (DomainException e) when (e.Field == "on")
        {
            throw new DomainException(e.Code, e.Message, "startedOn");
        }
        await SaveAsync(ct);
    }

    public async Task CancelAsync(long id, CancelInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var project = await LoadAsync(id, input.Version, ct);
        var on = input.CancelledOn ?? BusinessCalendar.Today(clock);
        RefuseFuture(on, "cancelledOn");
        project.Cancel(on, input.Reason);
        await SaveAsync(ct);
    }

    public async Task<AcceptResult> AcceptAsync(long id, AcceptInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var project = await LoadAsync(id, input.Version, ct);
        var v = new Validation();
        var on = input.AcceptedOn ?? default;
        if (input.AcceptedOn is null)
        {
            v.Add("acceptedOn", "请填写验收日期。");
        }
        else if (on > BusinessCalendar.Today(clock))
        {
            v.Add("acceptedOn", "验收日期不能晚于今天。");
        }
        var inputs = input.Assets ?? [];
        var villages = project.Villages.Select(x => x.VillageCode).ToList();
        var names = await db.Areas.AsNoTracking().IgnoreQueryFilters()
            .Where(a => villages.Contains(a.Code) || (a.Level == AreaLevel.County && a.CountyCode == project.CountyCode))
            .ToDictionaryAsync(a => a.Code.Value, a => a.Name, ct);
        var countyName = names.GetValueOrDefault(DivisionCode.ForCounty(project.CountyCode).Value, project.CountyCode);
        var planned = new List<(AcceptAssetInput Input, DivisionCode Village, List<FundingLine> Funding, List<ShareLine> Shares)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var a = inputs[i];
            var field = $"assets[{i}]";
            if (string.IsNullOrWhiteSpace(a.Name))
            {
                v.Add($"{field}.name", $"第 {i + 1} 项资产的名称不能为空。");
            }
            if (!Enum.IsDefined(a.Class))
            {
                v.Add($"{field}.class", "请选择资产类别。");
            }
            if (!Enum.IsDefined(a.Kind))
            {
                v.Add($"{field}.kind", "请选择资产种类。");
            }
            if (a.Industry is { } ind && !Enum.IsDefined(ind))
            {
                v.Add($"{field}.industry", "请选择产业。");
            }
            var village = v.Try($"{field}.villageCode", () => DivisionCode.Parse(a.VillageCode, $"{field}.villageCode"));
            if (village.Value is not null && !villages.Contains(village))
            {
                v.Add($"{field}.villageCode", $"第 {i + 1} 项资产的所在村须为本项目的受益村之一。");
            }
            var funding = new List<FundingLine>();
            foreach (var line in a.Funding ?? [])
            {
                funding.Add(new FundingLine(new FundSourceId(line.FundSourceId), line.Amount));
            }
            if (funding.Count == 0)
            {
                v.Add($"{field}.funding", $"第 {i + 1} 项资产至少填写一项资金来源。");
            }
            var shares = new List<ShareLine>();
            if (a.Owners is not { Count: > 0 })
            {
                if (village.Value is not null)
                {
                    shares.Add(new ShareLine(HolderKind.VillageCollective, CollectiveName(names.GetValueOrDefault(village.Value, village.Value)), village.Value, null, Asset.FullShare));
                }
            }
            else
            {
                for (var o = 0; o < a.Owners.Count; o++)
                {
                    var owner = a.Owners[o];
                    if (!Enum.IsDefined(owner.Kind))
                    {
                        v.Add($"{field}.owners[{o}].kind", "请选择所有权人类别。");
                        continue;
                    }
                    var name = owner.Name?.Trim();
                    if (string.IsNullOrEmpty(name))
                    {
                        name = owner.Kind switch
                        {
                            HolderKind.CountyCompany => CountyCompanyName(countyName),
                            HolderKind.VillageCollective when village.Value is not null => CollectiveName(names.GetValueOrDefault(village.Value, village.Value)),
                            _ => null,
                        };
                    }
                    var code = owner.Code ?? (owner.Kind == HolderKind.VillageCollective ? village.Value : null);
                    shares.Add(new ShareLine(owner.Kind, name, code, null, owner.Percent.BasisPoints));
                }
            }
            planned.Add((a, village, funding, shares));
        }
        if (inputs.Count == 0)
        {
            v.Add("assets", "验收须形成至少一项资产。");
        }
        v.ThrowIfAny();

        // The project's own rules first (sources in its budget, per-source totals within it), so nothing is
        // numbered or written for a refused acceptance.
        project.Accept(on, planned.Select(p => (IReadOnlyList<FundingLine>)p.Funding).ToList());

        await using var transaction = await numbering.BeginAsync(ct);
        var codes = await numbering.NextAssetCodesAsync(project.CountyCode, on.Year, planned.Count, ct);
        var now = clock.GetUtcNow();
        // The households the project links become the beneficiaries (受益对象) of every asset it forms.
        var linked = await db.ProjectHouseholds.AsNoTracking().Where(h => h.ProjectId == project.Id).ToListAsync(ct);
        var beneficiaries = ProjectHousehold.BeneficiariesText(project.Code, linked);
        var assets = new List<Asset>();
        for (var i = 0; i < planned.Count; i++)
        {
            var (a, village, funding, shares) = planned[i];
            var asset = Field($"assets[{i}]", () => new Asset(codes[i], a.Name!, a.Class, a.Kind, a.Industry ?? project.Industry, village, a.Quantity, a.Unit ?? "",
                on, project.Id, funding, shares, now, db.Access.ActorName));
            if (!string.IsNullOrWhiteSpace(a.SupervisionUnit) || !string.IsNullOrWhiteSpace(a.SupervisionPerson) || beneficiaries is not null)
            {
                Field($"assets[{i}]", () => asset.SetRights(a.SupervisionUnit, a.SupervisionPerson, beneficiaries, null));
            }
            assets.Add(asset);
        }
        db.Assets.AddRange(assets);
        // The linked households also become an agreement draft for the linkage office (issue 18).
        await drafts.AddAsync(project.Id.Value, project.CountyCode, project.Name, on,
            linked.Select(h => new DraftHousehold(h.HouseholdId, h.HouseholdNo, h.HeadName, h.HouseholdVillageCode, h.Benefit, h.PlannedBenefit)).ToList(), ct);
        await SaveAsync(ct);
        await transaction.CommitAsync(ct);
        return new AcceptResult(project.Id.Value, assets.Select(a => new AcceptedAsset(a.Id.Value, a.Code, a.Name, a.OriginalValue)).ToList());
    }

    private async Task<List<FundingLine>> BudgetLinesAsync(Validation v, string field, IReadOnlyList<BudgetInput>? lines, CancellationToken ct)
    {
        var result = new List<FundingLine>();
        var ids = (lines ?? []).Select(l => new FundSourceId(l.FundSourceId)).Distinct().ToList();
        var known = await db.FundSources.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => f.Id).ToListAsync(ct);
        foreach (var line in lines ?? [])
        {
            var id = new FundSourceId(line.FundSourceId);
            if (!known.Contains(id))
            {
                v.Add(field, $"资金来源 {line.FundSourceId} 不存在。");
                continue;
            }
            result.Add(new FundingLine(id, line.Amount));
        }
        return result;
    }

    private async Task<Project> LoadAsync(long id, int? version, CancellationToken ct)
    {
        var project = await db.Projects.AsSplitQuery().SingleOrDefaultAsync(p => p.Id == new ProjectId(id), ct)
            ?? throw new NotFoundException("projects.not_found", $"项目 {id} 不存在或不在您的权限范围内。");
        Versions.Expect(project.Version, version);
        return project;
    }

    private void RefuseFuture(DateOnly on, string field)
    {
        if (on > BusinessCalendar.Today(clock))
        {
            throw new DomainException("projects.future_date", "日期不能晚于今天。", field);
        }
    }

    /// <summary>Reports a domain rule under the form field of the asset it concerns, unless the rule named a field of its own.</summary>
    private static T Field<T>(string prefix, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (DomainException e) when (e is not ValidationFailedException && e.Kind == DomainErrorKind.Invalid)
        {
            throw new DomainException(e.Code, e.Message, e.Field is null ? prefix : $"{prefix}.{e.Field}");
        }
    }

    private static void Field(string prefix, Action action) => Field(prefix, () => { action(); return 0; });

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await Versions.SaveAsync(db, ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("projects.duplicate", "编号重复，请重试。");
        }
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;
using RuralLedger.Data;
using RuralLedger.Data.Supervision;
using RuralLedger.Web.Features.Supervision.Inspections;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Supervision.Warnings;

public sealed record WarningFilter(WarningStatus? Status, string? Rule, Severity? Severity);

public sealed record WarningView(long Id, string RuleCode, string RuleName, int RuleVersion, Severity Severity, string SeverityName, string TargetKind, long TargetId,
    string TargetLabel, string Detail, string Link, string PlaceName, DateTimeOffset RaisedAt, WarningStatus Status, string StatusName, string? Note, long? FindingId,
    string? ClosedBy, int Version);

public sealed record WarningList(IReadOnlyList<WarningView> Items, int Total, int Limit);

public sealed record WarningNoteInput(string? Note, int? Version);

/// <summary>A warning turned into a finding: the finding's fields (the inspection is recorded from the warning's record).</summary>
public sealed record WarningFindingInput(FindingCategory Category, Money? Amount, string? Description, string? ResponsibleUnit, string? ResponsiblePerson,
    DateOnly? Deadline, int? Version);

public sealed record AnomalyRuleView(string Code, string Name, string Unit, int Version, DateOnly EffectiveFrom, int Threshold, Severity Severity, string SeverityName, bool Enabled);

public sealed record AnomalyRuleInput(string? Code, int? Threshold, Severity? Severity, bool? Enabled, DateOnly? EffectiveFrom);

public sealed record RuleVersionResult(string Code, int Version);

public sealed record RunView(int Hits, int Raised, long Milliseconds, IReadOnlyList<RuleRunLine> Rules);

/// <summary>预警: the rules in force (dated data), running them, and what the owners do with the warnings.</summary>
public sealed class WarningCommands(RuralDbContext db, TimeProvider clock, IServiceScopeFactory scopes)
{
    private static readonly Versions Versions = new("warnings", "该预警");

    public const int Limit = 500;

    public async Task<WarningList> ListAsync(WarningFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.AnomalyWarnings.AsNoTracking();
        if (filter.Status is { } s)
        {
            query = query.Where(w => w.Status == s);
        }
        if (!string.IsNullOrWhiteSpace(filter.Rule))
        {
            query = query.Where(w => w.RuleCode == filter.Rule);
        }
        if (filter.Severity is { } sev)
        {
            query = query.Where(w => w.Severity == sev);
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(w => w.Status).ThenByDescending(w => w.Severity).ThenByDescending(w => w.Id).Take(Limit).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, rows.SelectMany(r => new[] { r.TownshipCode, r.VillageCode }), ct);
        var rules = AnomalyRule.Defaults.ToDictionary(r => r.Code, r => r.Name);
        return new WarningList(rows.Select(w => new WarningView(w.Id, w.RuleCode, rules.GetValueOrDefault(w.RuleCode, w.RuleCode), w.RuleVersion, w.Severity,
            AnomalyWarning.Name(w.Severity), w.TargetKind, w.TargetId, w.TargetLabel, w.Detail, w.Link, PlaceNames.Of(names, w.TownshipCode, w.VillageCode), w.RaisedAt,
            w.Status, AnomalyWarning.Name(w.Status), w.Note, w.FindingId?.Value, w.ClosedBy, w.Version)).ToList(), total, Limit);
    }

    public async Task HandleAsync(long id, WarningNoteInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var w = await FindAsync(id, input.Version, ct);
        w.Handle(input.Note, db.Access.ActorName, clock.GetUtcNow());
        await Versions.SaveAsync(db, ct);
    }

    public async Task DismissAsync(long id, WarningNoteInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var w = await FindAsync(id, input.Version, ct);
        w.Dismiss(input.Note, db.Access.ActorName, clock.GetUtcNow());
        await Versions.SaveAsync(db, ct);
    }

    /// <summary>Records an inspection of the warning's record and a finding on it, and closes the warning — in one transaction.</summary>
    public async Task<long> TurnIntoFindingAsync(long id, WarningFindingInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var w = await FindAsync(id, input.Version, ct);
        if (w.Status != WarningStatus.Open)
        {
            throw StateConflict.Of("warnings.bad_step", "预警", AnomalyWarning.Name(w.Status), "转为问题");
        }
        var v = new Validation();
        var amount = input.Amount is null ? Money.Zero : v.Try("amount", () => Inputs.Yuan(input.Amount, "amount", "涉及金额"));
        if (input.Deadline is null)
        {
            v.Add("deadline", "请填写整改期限。");
        }
        v.ThrowIfAny();
        var (target, targetId) = w.TargetKind switch
        {
            "asset" => (InspectionTarget.Asset, w.TargetId),
            "contract" => (InspectionTarget.Contract, w.TargetId),
            "plan" => (InspectionTarget.Plan, w.TargetId),
            _ => (InspectionTarget.Village, long.Parse(w.VillageCode?.Value ?? "0", Fmt.Culture)),
        };
        var today = BusinessCalendar.Today(clock);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var inspection = new Inspection(target, targetId, w.TargetLabel, w.CountyCode, w.TownshipCode, w.VillageCode, null, today,
            $"由预警转入：{w.Detail}", db.Access.ActorName, clock.GetUtcNow());
        db.Inspections.Add(inspection);
        await db.SaveChangesAsync(ct);
        var finding = inspection.AddFinding(input.Category, amount, input.Description, input.ResponsibleUnit, input.ResponsiblePerson, input.Deadline!.Value,
            db.Access.ActorName, clock.GetUtcNow());
        db.Findings.Add(finding);
        await db.SaveChangesAsync(ct);
        w.TurnIntoFinding(finding, db.Access.ActorName, clock.GetUtcNow());
        await Versions.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return finding.Id.Value;
    }

    private async Task<AnomalyWarning> FindAsync(long id, int? version, CancellationToken ct)
    {
        var w = await db.AnomalyWarnings.FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("warnings.not_found", $"预警 {id} 不存在或不在您的权限范围内。");
        Versions.Expect(w.Version, version);
        return w;
    }

    /// <summary>The county's rules in force today (a county's own versions, else the defaults).</summary>
    public async Task<IReadOnlyList<AnomalyRuleView>> RulesAsync(CancellationToken ct)
    {
        var county = db.Access.Scope.CountyCode;
        var published = await db.AnomalyRules.AsNoTracking().Where(r => r.CountyCode == county).ToListAsync(ct);
        return AnomalyRule.InForce(published, BusinessCalendar.Today(clock)).Select(r => new AnomalyRuleView(r.Code, r.Name, r.Unit, r.Version, r.EffectiveFrom,
            r.Threshold, r.Severity, AnomalyWarning.Name(r.Severity), r.Enabled)).ToList();
    }

    /// <summary>A new version of one rule for the caller's county; the version number is held by a unique key.</summary>
    public async Task<RuleVersionResult> PublishRuleAsync(AnomalyRuleInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var code = input.Code?.Trim() ?? "";
        if (AnomalyRule.Defaults.All(d => d.Code != code))
        {
            v.Add("code", "请选择预警规则。");
        }
        if (input.Threshold is null)
        {
            v.Add("threshold", "请填写阈值。");
        }
        if (input.Severity is null)
        {
            v.Add("severity", "请选择严重程度。");
        }
        v.ThrowIfAny();
        var county = db.Access.Scope.CountyCode;
        var last = await db.AnomalyRules.Where(r => r.CountyCode == county && r.Code == code).MaxAsync(r => (int?)r.Version, ct) ?? 0;
        var rule = new AnomalyRule(county, code, last + 1, input.EffectiveFrom ?? BusinessCalendar.Today(clock), input.Threshold!.Value, input.Severity!.Value,
            input.Enabled ?? true, db.Access.ActorName, clock.GetUtcNow());
        db.AnomalyRules.Add(rule);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("rules.stale", "该规则刚由他人发布了新版本，请刷新后重试。");
        }
        return new RuleVersionResult(code, rule.Version);
    }

    /// <summary>
    /// Runs the rules of the caller's county now. The run needs to see every record of the county (a township inspector
    /// runs them for the county too; the warnings are then read through each owner's scope), so it acts as the system in
    /// a scope of its own, audited under the caller's name.
    /// </summary>
    public async Task<RunView> RunAsync(CancellationToken ct)
    {
        var county = db.Access.Scope.CountyCode;
        if (county.Length == 0)
        {
            throw new DomainException("rules.county", "请以县内账号运行预警规则。");
        }
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("预警规则（" + db.Access.ActorName + "）");
        var runs = new AnomalyRuns(scope.ServiceProvider.GetRequiredService<RuralDbContext>(), clock);
        var result = await runs.RunAsync(county, null, ct);
        return new RunView(result.Hits, result.Raised, result.Milliseconds, result.Rules);
    }
}

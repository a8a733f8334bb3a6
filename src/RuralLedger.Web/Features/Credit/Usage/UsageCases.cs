using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage;

public sealed record UsageConfirmInput(string? Officer, DateOnly? Deadline, DateOnly? On, string? Finding, int? Version);

public sealed record UsageDismissInput(string? Reason, DateOnly? On, int? Version);

public sealed record UsageRectifyInput(Rectification? How, DateOnly? On, string? Note, int? Version);

/// <summary>A new version of one detection rule from a date: switched on or off, its household threshold, its words.</summary>
/// <param name="Share">Rule 5: the share of the disbursed amount paid to one counterparty that makes the pattern.</param>
/// <param name="WithinDays">Rule 5: days after disbursement within which such payments count.</param>
public sealed record UsageRuleInput(UsageRuleKind? Kind, DateOnly? EffectiveFrom, bool? Enabled, int? MinHouseholds, string? Keywords, Rate? Share,
    int? WithinDays);

/// <summary>An entered link of a loan to an enterprise: declared use, inspected use, or a fixed yearly "dividend".</summary>
public sealed record EnterpriseLinkInput(string? LoanNumber, EnterpriseLinkKind? Kind, string? Enterprise, Money? YearlyAmount, DateOnly? On);

public sealed record UsageCaseLoanView(long LoanId, string LoanNumber, string HouseholdNo, string BorrowerName, Money Amount, string Evidence);

public sealed record UsageCaseView(long Id, UsageRuleKind RuleKind, string RuleName, long RuleId, string Subject, string Place, string BankCode, int LoanCount,
    int Households, Money Amount, UsageCaseStatus Status, string StatusName, DateOnly RaisedOn, string? Officer, DateOnly? Deadline, bool Overdue,
    DateOnly? DecidedOn, string? DecidedBy, string? Finding, Rectification? RectifiedAs, string? RectifiedAsName, DateOnly? RectifiedOn, string? RectificationNote,
    int Version, IReadOnlyList<UsageCaseLoanView> Loans);

public sealed record UsageCount(string Key, string Name, int Open, int Confirmed, int Dismissed, int Rectified, int Overdue);

public sealed record UsageSummary(IReadOnlyList<UsageCount> ByRule, IReadOnlyList<UsageCount> ByTownship);

public sealed record UsageRuleView(long Id, UsageRuleKind Kind, string Name, DateOnly EffectiveFrom, bool Enabled, int MinHouseholds, string Keywords, bool InForce,
    Rate? Share, int? WithinDays);

/// <summary>
/// Handling a 户贷企用 case: confirm (with the officer who answers for it and a deadline), dismiss with a reason, or
/// rectify (recovered, converted to the household's own use, called in). Cases are read through the scoped context:
/// a bank officer sees its bank's, a township its township's; the case's version makes two clicks one step.
/// </summary>
public sealed class UsageCases(RuralDbContext db, TimeProvider clock)
{
    public const int Limit = 200;
    private static readonly Versions Versions = new("usage", "该线索");

    public async Task ConfirmAsync(long id, UsageConfirmInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var c = await FindAsync(id, ct);
        Versions.Expect(c.Version, input.Version);
        var v = new Validation();
        var on = v.Try("on", () => Day(input.On));
        var deadline = v.Try("deadline", () => input.Deadline ?? throw new DomainException("input.required", "请填写整改期限。", "deadline"));
        v.ThrowIfAny();
        c.Confirm(input.Officer ?? "", deadline, on, string.IsNullOrWhiteSpace(input.Finding) ? null : input.Finding, db.Access.ActorName);
        await Versions.SaveAsync(db, ct);
    }

    public async Task DismissAsync(long id, UsageDismissInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var c = await FindAsync(id, ct);
        Versions.Expect(c.Version, input.Version);
        c.Dismiss(Day(input.On), input.Reason, db.Access.ActorName);
        await Versions.SaveAsync(db, ct);
    }

    public async Task RectifyAsync(long id, UsageRectifyInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var c = await FindAsync(id, ct);
        Versions.Expect(c.Version, input.Version);
        var how = input.How is { } h ? Inputs.Defined(h, "how", "整改方式") : throw new DomainException("input.required", "请选择整改方式。", "how");
        c.Rectify(how, Day(input.On), input.Note, db.Access.ActorName);
        await Versions.SaveAsync(db, ct);
    }

    public async Task<long> AddRuleAsync(UsageRuleInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var county = CountyOrThrow();
        var v = new Validation();
        var kind = v.Try("kind", () => input.Kind is { } k ? Inputs.Defined(k, "kind", "规则") : throw new DomainException("input.required", "请选择规则。", "kind"));
        var from = v.Try("effectiveFrom", () => Inputs.Plausible(input.EffectiveFrom ?? throw new DomainException("input.required", "请填写生效日期。", "effectiveFrom"),
            "effectiveFrom", "生效日期"));
        v.ThrowIfAny();
        var rules = await UsageReference.EnsureAsync(db, county, clock.GetUtcNow(), ct);
        var current = UsageRule.InForce(rules, from).FirstOrDefault(r => r.Kind == kind);
        var rule = new UsageRule(county, kind, from, input.Enabled ?? current?.Enabled ?? true, input.MinHouseholds ?? current?.MinHouseholds ?? 1,
            (input.Keywords ?? current?.Keywords ?? "").Trim(), db.Access.ActorName, clock.GetUtcNow(), input.Share ?? current?.Share,
            input.WithinDays ?? current?.WithinDays);
        db.UsageRules.Add(rule);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("usage.rule_exists", $"该规则在 {BusinessCalendar.Format(from)} 已有版本；版本不修改，请另选生效日期。", "effectiveFrom");
        }
        return rule.Id;
    }

    public async Task<IReadOnlyList<UsageRuleView>> RulesAsync(CancellationToken ct)
    {
        var county = CountyOrThrow();
        var rules = await UsageReference.EnsureAsync(db, county, clock.GetUtcNow(), ct);
        var inForce = UsageRule.InForce(rules, BusinessCalendar.Today(clock)).Select(r => r.Id).ToHashSet();
        return rules.OrderBy(r => r.Kind).ThenByDescending(r => r.EffectiveFrom)
            .Select(r => new UsageRuleView(r.Id, r.Kind, UsageNames.Of(r.Kind), r.EffectiveFrom, r.Enabled, r.MinHouseholds, r.Keywords, inForce.Contains(r.Id), r.Share, r.WithinDays)).ToList();
    }

    public async Task<long> LinkAsync(EnterpriseLinkInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var today = BusinessCalendar.Today(clock);
        var v = new Validation();
        var number = input.LoanNumber?.Trim();
        if (string.IsNullOrEmpty(number))
        {
            v.Add("loanNumber", "请填写贷款编号。");
        }
        var kind = v.Try("kind", () => input.Kind is { } k ? Inputs.Defined(k, "kind", "记录类别") : throw new DomainException("input.required", "请选择记录类别。", "kind"));
        var on = v.Try("on", () => Inputs.Plausible(Inputs.NotAfterToday(input.On ?? today, today, "on", "日期"), "on", "日期"));
        var amount = v.Try("yearlyAmount", () => input.YearlyAmount is { } a ? Inputs.Yuan(a, "yearlyAmount", "每年分红") : (Money?)null);
        v.ThrowIfAny();
        var loan = await db.Loans.AsNoTracking().FirstOrDefaultAsync(l => l.Number == number, ct)
            ?? throw new DomainException("usage.unknown_loan", $"贷款 {number} 不存在或不在您的权限范围内。", "loanNumber");
        var link = new EnterpriseLink(loan, kind, input.Enterprise ?? "", amount, on, db.Access.ActorName, clock.GetUtcNow());
        db.EnterpriseLinks.Add(link);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("usage.link_exists", "这条记录（同一贷款、类别、企业）已经登记过。", "enterprise");
        }
        return link.Id;
    }

    public async Task<IReadOnlyList<UsageCaseView>> ListAsync(UsageCaseStatus? status, UsageRuleKind? rule, CancellationToken ct)
    {
        var query = db.UsageCases.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(c => c.Status == s);
        }
        if (rule is { } r)
        {
            query = query.Where(c => c.RuleKind == r);
        }
        var cases = await query.OrderBy(c => c.Status).ThenByDescending(c => c.Id).Take(Limit).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, cases.SelectMany(c => new[] { c.TownshipCode, c.VillageCode }), ct);
        return cases.Select(c => View(c, names)).ToList();
    }

    public async Task<UsageCaseView> GetAsync(long id, CancellationToken ct)
    {
        var caseId = new UsageCaseId(id);
        var c = await db.UsageCases.AsNoTracking().FirstOrDefaultAsync(x => x.Id == caseId, ct)
            ?? throw new NotFoundException("usage.not_found", $"线索 {id} 不存在或不在您的权限范围内。");
        return View(c, await PlaceNames.LoadAsync(db, [c.TownshipCode, c.VillageCode], ct));
    }

    /// <summary>Counts by rule and by township, each one GROUP BY in the database.</summary>
    public async Task<UsageSummary> SummaryAsync(CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var byRule = await db.UsageCases.AsNoTracking().GroupBy(c => new { c.RuleKind, c.Status })
            .Select(g => new { g.Key.RuleKind, g.Key.Status, Count = g.Count(), Overdue = g.Count(c => c.Status == UsageCaseStatus.Confirmed && c.Deadline < today) })
            .ToListAsync(ct);
        var byTownship = await db.UsageCases.AsNoTracking().GroupBy(c => new { c.TownshipCode, c.Status })
            .Select(g => new { g.Key.TownshipCode, g.Key.Status, Count = g.Count(), Overdue = g.Count(c => c.Status == UsageCaseStatus.Confirmed && c.Deadline < today) })
            .ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, byTownship.Select(t => t.TownshipCode), ct);
        var rules = byRule.GroupBy(x => x.RuleKind).OrderBy(g => g.Key)
            .Select(g => Count(g.Key.ToString(), UsageNames.Of(g.Key), g.Select(x => (x.Status, x.Count, x.Overdue)))).ToList();
        var townships = byTownship.GroupBy(x => x.TownshipCode).OrderBy(g => g.Key?.Value ?? "")
            .Select(g => Count(g.Key?.Value ?? "", g.Key is { } t ? names.GetValueOrDefault(t.Value, t.Value) : "跨乡镇", g.Select(x => (x.Status, x.Count, x.Overdue))))
            .ToList();
        return new UsageSummary(rules, townships);
    }

    private static UsageCount Count(string key, string name, IEnumerable<(UsageCaseStatus Status, int Count, int Overdue)> rows)
    {
        var list = rows.ToList();
        int Of(UsageCaseStatus s) => list.Where(r => r.Status == s).Sum(r => r.Count);
        return new UsageCount(key, name, Of(UsageCaseStatus.Open), Of(UsageCaseStatus.Confirmed), Of(UsageCaseStatus.Dismissed), Of(UsageCaseStatus.Rectified),
            list.Sum(r => r.Overdue));
    }

    private UsageCaseView View(UsageCase c, Dictionary<string, string> names) => new(c.Id.Value, c.RuleKind, UsageNames.Of(c.RuleKind), c.RuleId, c.Subject,
        PlaceNames.Of(names, c.TownshipCode, c.VillageCode), c.BankCode, c.LoanCount, c.Households, c.Amount, c.Status, UsageNames.Of(c.Status), c.RaisedOn,
        c.Officer, c.Deadline, c.OverdueOn(BusinessCalendar.Today(clock)), c.DecidedOn, c.DecidedBy, c.Finding, c.RectifiedAs,
        c.RectifiedAs is { } r ? UsageNames.Of(r) : null, c.RectifiedOn, c.RectificationNote, c.Version,
        c.Loans.OrderBy(l => l.LoanNumber, StringComparer.Ordinal)
            .Select(l => new UsageCaseLoanView(l.LoanId.Value, l.LoanNumber, l.HouseholdNo, l.BorrowerName, l.Amount, l.Evidence)).ToList());

    private async Task<UsageCase> FindAsync(long id, CancellationToken ct)
    {
        var caseId = new UsageCaseId(id);
        return await db.UsageCases.FirstOrDefaultAsync(c => c.Id == caseId, ct)
            ?? throw new NotFoundException("usage.not_found", $"线索 {id} 不存在或不在您的权限范围内。");
    }

    private string CountyOrThrow() => db.Access.Scope.CountyCode is { Length: > 0 } county
        ? county
        : throw new ConflictException("usage.run_scope", "请以本县用户登录。", "county");

    private DateOnly Day(DateOnly? on) => Inputs.Plausible(Inputs.NotAfterToday(on, BusinessCalendar.Today(clock), "on", "日期"), "on", "日期");
}

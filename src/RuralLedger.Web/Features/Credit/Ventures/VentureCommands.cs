using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Ventures;

/// <summary>A project to register: the owner household by its number, a name, the category and when it began.</summary>
public sealed record VentureInput(string? HouseholdNo, string? Name, VentureCategory? Category, DateOnly? StartedOn, string? Description);

public sealed record VentureLoanInput(string? LoanNumber, int? Version);

public sealed record VentureSupportInput(VentureSupportKind? Kind, DateOnly? On, string? Provider, string? Note, int? Version);

/// <summary>A year's figures: people employed by the project that year and its income in yuan.</summary>
public sealed record VentureYearInput(int? Year, int? Jobs, Money? Income, int? Version);

/// <summary>One of the year's jobs went to this member (by household number and name) of a poor or monitored household.</summary>
public sealed record VentureWorkerInput(int? Year, string? HouseholdNo, string? MemberName, int? Version);

/// <summary>
/// 创业平台: registering a household's project and what happens to it — the loans that fund it, support received, a
/// year's jobs and income, the poor people it employs. Households, loans and projects are read through the scoped
/// context (outside the caller's area: not found); the project's version makes two clicks one change.
/// </summary>
public sealed class VentureCommands(RuralDbContext db, TimeProvider clock)
{
    private static readonly Versions Versions = new("ventures", "该创业项目");

    public async Task<long> CreateAsync(VentureInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var today = BusinessCalendar.Today(clock);
        var v = new Validation();
        var no = input.HouseholdNo?.Trim();
        if (string.IsNullOrEmpty(no))
        {
            v.Add("householdNo", "请填写户编号。", "input.required");
        }
        var category = v.Try("category", () => input.Category is { } c ? Inputs.Defined(c, "category", "项目类别")
            : throw new DomainException("input.required", "请选择项目类别。", "category"));
        var started = v.Try("startedOn", () => Inputs.Plausible(Inputs.NotAfterToday(input.StartedOn
            ?? throw new DomainException("input.required", "请填写开办日期。", "startedOn"), today, "startedOn", "开办日期"), "startedOn", "开办日期"));
        v.ThrowIfAny();
        var household = await HouseholdAsync(no!, "householdNo", ct);
        var venture = new Venture(household, input.Name ?? "", category, started, input.Description, db.Access.ActorName, clock.GetUtcNow());
        db.Ventures.Add(venture);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("ventures.exists", $"户 {household.HouseholdNo} 已登记名为“{venture.Name}”的项目。", "name");
        }
        return venture.Id.Value;
    }

    public async Task FundAsync(long id, VentureLoanInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var venture = await FindAsync(id, ct);
        Versions.Expect(venture.Version, input.Version);
        var number = input.LoanNumber?.Trim();
        if (string.IsNullOrEmpty(number))
        {
            throw new DomainException("input.required", "请填写贷款编号。", "loanNumber");
        }
        var loan = await db.Loans.AsNoTracking().FirstOrDefaultAsync(l => l.Number == number, ct)
            ?? throw new DomainException("ventures.unknown_loan", $"贷款 {number} 不存在或不在您的权限范围内。", "loanNumber");
        venture.FundBy(loan);
        await SaveAsync("ventures.loan_linked", $"贷款 {number} 已关联本项目。", "loanNumber", ct);
    }

    public async Task SupportAsync(long id, VentureSupportInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var venture = await FindAsync(id, ct);
        Versions.Expect(venture.Version, input.Version);
        var today = BusinessCalendar.Today(clock);
        var v = new Validation();
        var kind = v.Try("kind", () => input.Kind is { } k ? Inputs.Defined(k, "kind", "扶持类别") : throw new DomainException("input.required", "请选择扶持类别。", "kind"));
        var on = v.Try("on", () => Inputs.Plausible(Inputs.NotAfterToday(input.On, today, "on", "扶持日期"), "on", "扶持日期"));
        v.ThrowIfAny();
        venture.AddSupport(kind, on, input.Provider, input.Note, db.Access.ActorName);
        await Versions.SaveAsync(db, ct);
    }

    public async Task RecordYearAsync(long id, VentureYearInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var venture = await FindAsync(id, ct);
        Versions.Expect(venture.Version, input.Version);
        var today = BusinessCalendar.Today(clock);
        var v = new Validation();
        if (input.Year is not { } year)
        {
            v.Add("year", "请填写年度。", "input.required");
        }
        else if (year > today.Year)
        {
            v.Add("year", $"年度不能晚于今年（{today.Year}）。", "ventures.year");
        }
        if (input.Jobs is null)
        {
            v.Add("jobs", "请填写带动就业人数。", "input.required");
        }
        var income = v.Try("income", () => Inputs.Yuan(input.Income, "income", "年收入"));
        v.ThrowIfAny();
        venture.RecordYear(input.Year!.Value, input.Jobs!.Value, income);
        await SaveAsync("ventures.stale", "该创业项目已被他人修改，请刷新页面后重新操作。", "year", ct);
    }

    public async Task EmployAsync(long id, VentureWorkerInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var venture = await FindAsync(id, ct);
        Versions.Expect(venture.Version, input.Version);
        var v = new Validation();
        if (input.Year is null)
        {
            v.Add("year", "请填写年度。", "input.required");
        }
        var no = input.HouseholdNo?.Trim();
        if (string.IsNullOrEmpty(no))
        {
            v.Add("householdNo", "请填写就业人员的户编号。", "input.required");
        }
        var name = input.MemberName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            v.Add("memberName", "请填写就业人员姓名。", "input.required");
        }
        v.ThrowIfAny();
        var household = await HouseholdAsync(no!, "householdNo", ct);
        var members = household.Members.Where(m => m.Name == name).ToList();
        var member = members.Count switch
        {
            0 => throw new DomainException("ventures.member", $"户 {household.HouseholdNo} 没有名为 {name} 的家庭成员。", "memberName"),
            1 => members[0],
            _ => throw new DomainException("ventures.member_ambiguous", $"户 {household.HouseholdNo} 有 {members.Count} 名成员叫 {name}，请到户档案核对后办理。", "memberName"),
        };
        venture.Employ(input.Year!.Value, household, member, clock.GetUtcNow());
        await SaveAsync("ventures.worker_exists", $"{name} 已登记为本项目 {input.Year} 年就业人员。", "memberName", ct);
    }

    private async Task<Household> HouseholdAsync(string no, string field, CancellationToken ct) =>
        await db.Households.AsNoTracking().Include(h => h.Members).Include(h => h.StatusHistory).AsSplitQuery()
            .Where(h => h.HouseholdNo == no).OrderBy(h => h.CountyCode).FirstOrDefaultAsync(ct)
        ?? throw new DomainException("ventures.unknown_household", $"户编号 {no} 不存在或不在您的权限范围内。", field);

    private async Task<Venture> FindAsync(long id, CancellationToken ct)
    {
        var key = new VentureId(id);
        return await db.Ventures.Include(v => v.Loans).Include(v => v.Supports).Include(v => v.Years).Include(v => v.Workers).AsSplitQuery()
                .FirstOrDefaultAsync(v => v.Id == key, ct)
            ?? throw new NotFoundException("ventures.not_found", $"创业项目 {id} 不存在或不在您的权限范围内。");
    }

    /// <summary>A lost race on the version is stale; a child's unique key (the same loan, person, year twice at once) is the repeat's own conflict.</summary>
    private async Task SaveAsync(string code, string message, string field, CancellationToken ct)
    {
        try
        {
            await Versions.SaveAsync(db, ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException(code, message, field);
        }
    }
}

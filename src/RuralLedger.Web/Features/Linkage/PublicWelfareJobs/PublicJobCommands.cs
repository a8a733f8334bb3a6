using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Web.Features.Contracts;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.PublicWelfareJobs;

/// <summary>
/// A post to register: the household by its number (or the member by id), the member by id or by name, the post,
/// the monthly pay in yuan and the term (<c>endOn</c> empty while open-ended).
/// </summary>
public sealed record PublicJobInput(string? HouseholdNo, long? MemberId, string? MemberName, PublicWelfarePost Post, string? PostName,
    Money? MonthlyPay, DateOnly? StartOn, DateOnly? EndOn);

public sealed record EndJobInput(DateOnly? On, int? Version);

public sealed record PublicJobView(long Id, long HouseholdId, string HouseholdNo, long MemberId, string MemberName, string VillageCode, string PlaceName,
    PublicWelfarePost Post, string PostLabel, string? PostName, Money MonthlyPay, DateOnly From, DateOnly? To, bool Ended, string RecordedBy, int Version);

/// <summary>At most <see cref="PublicJobs.Limit"/> rows; <c>Total</c> says how many matched.</summary>
public sealed record PublicJobList(IReadOnlyList<PublicJobView> Items, int Total, int Limit);

/// <summary>A household found by number in the caller's scope, with the members a post can be given to.</summary>
public sealed record JobHousehold(long Id, string HouseholdNo, string HeadName, string PlaceName, IReadOnlyList<(long Id, string Name, string Relation)> Members);

/// <summary>
/// 公益性岗位: registering, ending and listing the posts members of registered households hold. Households and jobs
/// are read through the scoped context, so a household or job outside the caller's area is "not found".
/// </summary>
public sealed class PublicJobCommands(RuralDbContext db, TimeProvider clock)
{
    private static readonly Versions Versions = new("jobs", "该岗位记录");

    public const int Limit = 500;

    public async Task<PublicJobList> ListAsync(string? village, int? year, CancellationToken ct)
    {
        var query = db.PublicWelfareJobs.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(village))
        {
            var code = DivisionCode.Parse(village, "village");
            query = query.Where(j => j.VillageCode == code);
        }
        if (year is { } y)
        {
            if (y is < 2000 or > 2100)
            {
                throw new DomainException("jobs.year", "年度应在 2000–2100 之间。", "year");
            }
            var (start, end) = PublicWelfareJob.PeriodOf(y, new DateOnly(y, 12, 31));
            query = query.Where(j => j.From <= end && (j.To == null || j.To >= start));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(j => j.VillageCode).ThenBy(j => j.HouseholdNo).ThenBy(j => j.From).ThenBy(j => j.Id).Take(Limit).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, rows.SelectMany(r => new DivisionCode?[] { r.TownshipCode, r.VillageCode }), ct);
        return new PublicJobList(rows.Select(j => View(j, names)).ToList(), total, Limit);
    }

    public async Task<PublicJobView> GetAsync(long id, CancellationToken ct)
    {
        var job = await FindAsync(id, tracked: false, ct);
        var names = await PlaceNames.LoadAsync(db, [job.TownshipCode, job.VillageCode], ct);
        return View(job, names);
    }

    /// <summary>The household of that number in the caller's scope, or null.</summary>
    public async Task<JobHousehold?> HouseholdAsync(string? householdNo, CancellationToken ct)
    {
        var no = householdNo?.Trim();
        if (string.IsNullOrEmpty(no))
        {
            return null;
        }
        var h = await db.Households.AsNoTracking().Include(x => x.Members).Where(x => x.HouseholdNo == no).OrderBy(x => x.CountyCode).FirstOrDefaultAsync(ct);
        if (h is null)
        {
            return null;
        }
        var names = await PlaceNames.LoadAsync(db, [h.TownshipCode, h.VillageCode], ct);
        return new JobHousehold(h.Id.Value, h.HouseholdNo, h.HeadName, PlaceNames.Of(names, h.TownshipCode, h.VillageCode),
            h.Members.OrderBy(m => m.Relation).ThenBy(m => m.Id.Value).Select(m => (m.Id.Value, m.Name, RegistryNames.Of(m.Relation))).ToList());
    }

    public async Task<long> RegisterAsync(PublicJobInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var householdNo = input.HouseholdNo?.Trim();
        if (string.IsNullOrEmpty(householdNo) && input.MemberId is null)
        {
            v.Add("householdNo", "请填写户编号。");
        }
        if (!Enum.IsDefined(input.Post))
        {
            v.Add("post", "岗位类别不是可选的值。");
        }
        var pay = v.Try("monthlyPay", () => Inputs.Yuan(input.MonthlyPay, "monthlyPay", "月工资"));
        if (input.StartOn is null)
        {
            v.Add("startOn", "上岗日期不能为空。");
        }
        else if (input.StartOn > BusinessCalendar.Today(clock).AddYears(1))
        {
            v.Add("startOn", "上岗日期不能晚于一年之后。");
        }
        v.ThrowIfAny();

        // Found through the scoped context: a household of another village is "not found", whoever asks.
        Household? household;
        if (!string.IsNullOrEmpty(householdNo))
        {
            household = await db.Households.Include(h => h.Members).Where(h => h.HouseholdNo == householdNo).OrderBy(h => h.CountyCode).FirstOrDefaultAsync(ct);
        }
        else
        {
            var memberId = new MemberId(input.MemberId!.Value);
            var owner = await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => (HouseholdId?)m.HouseholdId).FirstOrDefaultAsync(ct);
            household = owner is { } hid ? await db.Households.Include(h => h.Members).FirstOrDefaultAsync(h => h.Id == hid, ct) : null;
        }
        if (household is null)
        {
            throw new NotFoundException("jobs.household_not_found", string.IsNullOrEmpty(householdNo)
                ? "该家庭成员不存在或不在您的权限范围内。"
                : $"户编号 {householdNo} 不存在或不在您的权限范围内。");
        }
        var member = MemberOf(household, input);

        // One person, one post at a time: a second post overlapping the first is refused. The check holds because the
        // insert moves the household's version: a registration saved meanwhile for the household makes this save fail.
        var from = input.StartOn!.Value;
        var to = input.EndOn;
        if (await OverlapAsync(member, from, to, ct) is { } overlap)
        {
            throw overlap;
        }
        var job = new PublicWelfareJob(household, member, input.Post, input.PostName, pay, from, to, db.Access.ActorName, clock.GetUtcNow());
        db.PublicWelfareJobs.Add(job);
        household.RecordPostRegistered();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await OverlapAsync(member, from, to, ct) ?? Versions.Stale();
        }
        return job.Id.Value;
    }

    private async Task<ConflictException?> OverlapAsync(Member member, DateOnly from, DateOnly? to, CancellationToken ct)
    {
        var overlapping = await db.PublicWelfareJobs.AsNoTracking()
            .Where(j => j.MemberId == member.Id && (to == null || j.From <= to) && (j.To == null || j.To >= from))
            .Select(j => new { j.Post, j.From })
            .FirstOrDefaultAsync(ct);
        return overlapping is null ? null : new ConflictException("jobs.overlap",
            $"{member.Name} 自 {BusinessCalendar.Format(overlapping.From)} 起已在{LinkageNames.Of(overlapping.Post)}岗位，任职期间不能重叠。", "startOn");
    }

    public async Task EndAsync(long id, EndJobInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var job = await FindAsync(id, tracked: true, ct);
        Versions.Expect(job.Version, input.Version);
        job.End(input.On ?? BusinessCalendar.Today(clock), db.Access.ActorName, clock.GetUtcNow());
        await Versions.SaveAsync(db, ct);
    }

    private static Member MemberOf(Household household, PublicJobInput input)
    {
        if (input.MemberId is { } id)
        {
            return household.Members.FirstOrDefault(m => m.Id.Value == id)
                ?? throw new DomainException("jobs.member", $"所选成员不是户 {household.HouseholdNo} 的家庭成员。", "memberId");
        }
        var name = input.MemberName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new DomainException("jobs.member", "请选择或填写上岗的家庭成员。", "memberName");
        }
        var named = household.Members.Where(m => m.Name == name).ToList();
        return named.Count switch
        {
            1 => named[0],
            0 => throw new DomainException("jobs.member", $"户 {household.HouseholdNo} 没有名为 {name} 的家庭成员。", "memberName"),
            _ => throw new DomainException("jobs.member", $"户 {household.HouseholdNo} 有 {named.Count} 位名为 {name} 的成员，请按成员选择。", "memberName"),
        };
    }

    private async Task<PublicWelfareJob> FindAsync(long id, bool tracked, CancellationToken ct)
    {
        var jobId = new PublicWelfareJobId(id);
        var query = tracked ? db.PublicWelfareJobs : db.PublicWelfareJobs.AsNoTracking();
        return await query.FirstOrDefaultAsync(j => j.Id == jobId, ct)
            ?? throw new NotFoundException("jobs.not_found", $"公益岗位记录 {id} 不存在或不在您的权限范围内。");
    }

    private static PublicJobView View(PublicWelfareJob j, Dictionary<string, string> names) => new(
        j.Id.Value, j.HouseholdId.Value, j.HouseholdNo, j.MemberId.Value, j.MemberName, j.VillageCode.Value, PlaceNames.Of(names, j.TownshipCode, j.VillageCode),
        j.Post, LinkageNames.Of(j.Post), j.PostName, j.MonthlyPay, j.From, j.To, j.Ended, j.RecordedBy, j.Version);
}

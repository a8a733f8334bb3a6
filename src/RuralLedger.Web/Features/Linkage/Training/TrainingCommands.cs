using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Training;

/// <summary>An attendee: a member of a registered household, by household number and name.</summary>
public sealed record AttendeeInput(string? HouseholdNo, string? Name);

public sealed record TrainingInput(TrainingTopic Topic, string? Subject, DateOnly? HeldOn, string? Place, string? Trainer, decimal? Hours,
    IReadOnlyList<AttendeeInput>? Attendees);

public sealed record AttendeeResultInput(long MemberId, bool Attended, bool Completed, string? CertificateNo);

public sealed record TrainingResultsInput(IReadOnlyList<AttendeeResultInput>? Results, int? Version);

public sealed record AttendeeView(long MemberId, string MemberName, long HouseholdId, string HouseholdNo, bool Attended, bool Completed, string? CertificateNo);

public sealed record TrainingView(long Id, TrainingTopic Topic, string TopicName, string? Subject, DateOnly HeldOn, string Place, string Trainer, decimal Hours,
    int Attendees, int Attended, int Completed, int Certificates, int Version, IReadOnlyList<AttendeeView> People);

/// <summary>A year's training in the caller's scope: classes, person-times (attendances), completions and certificates, by topic.</summary>
public sealed record TrainingTotals(int Year, int Classes, int PersonTimes, int Households, int Completed, int Certificates, decimal Hours,
    IReadOnlyList<TopicTotal> ByTopic);

public sealed record TopicTotal(TrainingTopic Topic, string TopicName, int Classes, int PersonTimes);

/// <summary>技能培训: classes with their attendees from the registry, results after the class, and the year's totals.</summary>
public sealed class TrainingCommands(RuralDbContext db, AuditWriter audit, TimeProvider clock)
{
    private static readonly Versions Versions = new("training", "该培训班");

    public async Task<long> CreateAsync(TrainingInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var held = v.Try("heldOn", () => Inputs.NotAfterToday(input.HeldOn, BusinessCalendar.Today(clock), "heldOn", "培训日期"));
        var hours = v.Try("hours", () => LinkageRecords.Measure(input.Hours, "hours", "学时"));
        var wanted = (input.Attendees ?? []).Select(a => (No: (a?.HouseholdNo ?? "").Trim(), Name: (a?.Name ?? "").Trim())).ToList();
        if (wanted.Count is 0 or > TrainingSession.MaxAttendees)
        {
            v.Add("attendees", $"参训人员 1–{TrainingSession.MaxAttendees} 人。", "training.attendees");
        }
        var numbers = wanted.Select(w => w.No).Where(n => n.Length > 0).Distinct().ToList();
        var members = await db.Members.AsNoTracking().Where(m => numbers.Contains(m.Household!.HouseholdNo))
            .Select(m => new { m.Id, m.Name, m.HouseholdId, m.Household!.HouseholdNo, m.VillageCode }).ToListAsync(ct);
        var attendees = new List<TrainingAttendee>();
        for (var i = 0; i < wanted.Count; i++)
        {
            var (no, name) = wanted[i];
            var matches = members.Where(m => m.HouseholdNo == no && m.Name == name).ToList();
            if (matches.Count != 1)
            {
                v.Add($"attendees[{i}]", $"户 {no} 中没有名为“{name}”的成员，或该户不在您的权限范围内。", "training.member_unknown");
                continue;
            }
            var m = matches[0];
            attendees.Add(new TrainingAttendee(m.Id, m.Name, m.HouseholdId, m.HouseholdNo, m.VillageCode));
        }
        v.ThrowIfAny();
        var session = new TrainingSession(LinkageRecords.PlaceOf(db.Access.Scope), input.Topic, input.Subject, held, input.Place ?? "", input.Trainer ?? "", hours,
            attendees, db.Access.ActorName, clock.GetUtcNow());
        db.TrainingSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id.Value;
    }

    public async Task RecordResultsAsync(long id, TrainingResultsInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var session = await FindAsync(id, tracked: true, ct);
        Versions.Expect(session.Version, input.Version);
        session.RecordResults((input.Results ?? []).Select(r => (new MemberId(r.MemberId), r.Attended, r.Completed, r.CertificateNo)).ToList());
        await Versions.SaveAsync(db, ct);
    }

    public async Task<IReadOnlyList<TrainingView>> ListAsync(int year, CancellationToken ct)
    {
        var sessions = await db.TrainingSessions.AsNoTracking().Include(t => t.Attendees).Where(t => t.Year == year)
            .OrderByDescending(t => t.HeldOn).ThenByDescending(t => t.Id).ToListAsync(ct);
        return sessions.Select(ViewOf).ToList();
    }

    public async Task<TrainingView> GetAsync(long id, CancellationToken ct) => ViewOf(await FindAsync(id, tracked: false, ct));

    public async Task<TrainingTotals> TotalsAsync(int year, CancellationToken ct)
    {
        if (year is < 2000 or > 2100)
        {
            throw new DomainException("training.year", "年度应在 2000–2100 之间。", "year");
        }
        var sessions = await db.TrainingSessions.AsNoTracking().Where(t => t.Year == year)
            .Select(t => new { t.Topic, t.Hours, People = t.Attendees.Select(a => new { a.HouseholdId, a.Attended, a.Completed, a.CertificateNo }).ToList() })
            .ToListAsync(ct);
        var attended = sessions.SelectMany(s => s.People).Where(p => p.Attended).ToList();
        return new TrainingTotals(year, sessions.Count, attended.Count, attended.Select(p => p.HouseholdId).Distinct().Count(),
            attended.Count(p => p.Completed), attended.Count(p => p.CertificateNo != null), sessions.Sum(s => s.Hours.Decimal),
            sessions.GroupBy(s => s.Topic).OrderBy(g => g.Key)
                .Select(g => new TopicTotal(g.Key, LinkageNames.Of(g.Key), g.Count(), g.Sum(s => s.People.Count(p => p.Attended)))).ToList());
    }

    /// <summary>技能培训台账: one row per class and attendee of the year in the caller's scope, with one audited <c>export</c> event.</summary>
    public async Task<(byte[] Content, string FileName)> ExportAsync(int year, CancellationToken ct)
    {
        var sessions = await ListAsync(year, ct);
        var rows = sessions.SelectMany(t => t.People.Select(p => new Dictionary<string, object?>
        {
            ["培训日期"] = BusinessCalendar.Format(t.HeldOn),
            ["培训内容"] = t.TopicName,
            ["培训主题"] = t.Subject,
            ["培训地点"] = t.Place,
            ["授课人"] = t.Trainer,
            ["学时"] = t.Hours,
            ["户编号"] = p.HouseholdNo,
            ["姓名"] = p.MemberName,
            ["到课"] = p.Attended ? "是" : "否",
            ["结业"] = p.Completed ? "是" : "否",
            ["证书编号"] = p.CertificateNo,
        })).ToList();
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { ["技能培训"] = rows },
            configuration: new OpenXmlConfiguration { FreezeRowCount = 1, AutoFilter = true }, cancellationToken: ct);
        var county = db.Access.Scope.CountyCode is { Length: > 0 } c ? c : AuditWriter.SystemChain;
        await audit.AppendAsync(db, [new AuditRecord(county, "export", nameof(TrainingSession), "*", null, Json.Object(("ledger", "training"), ("year", year), ("rows", rows.Count)))], ct);
        var stamp = BusinessCalendar.Now(clock).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return (buffer.ToArray(), $"技能培训台账_{year}_{stamp}.xlsx");
    }

    private static TrainingView ViewOf(TrainingSession t) =>
        new(t.Id.Value, t.Topic, LinkageNames.Of(t.Topic), t.Subject, t.HeldOn, t.Place, t.Trainer, t.Hours.Decimal, t.Attendees.Count,
            t.Attendees.Count(a => a.Attended), t.Attendees.Count(a => a.Completed), t.Attendees.Count(a => a.CertificateNo != null), t.Version,
            t.Attendees.OrderBy(a => a.HouseholdNo, StringComparer.Ordinal).ThenBy(a => a.MemberName, StringComparer.Ordinal)
                .Select(a => new AttendeeView(a.MemberId.Value, a.MemberName, a.HouseholdId.Value, a.HouseholdNo, a.Attended, a.Completed, a.CertificateNo)).ToList());

    private async Task<TrainingSession> FindAsync(long id, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.TrainingSessions : db.TrainingSessions.AsNoTracking();
        return await query.Include(t => t.Attendees).SingleOrDefaultAsync(t => t.Id == new TrainingSessionId(id), ct)
            ?? throw new NotFoundException("training.not_found", $"培训班 {id} 不存在或不在您的权限范围内。");
    }
}

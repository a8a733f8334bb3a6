using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Core.Linkage;

public enum TrainingTopic
{
    Planting = 1,    // 种植技术
    Breeding = 2,    // 养殖技术
    ECommerce = 3,   // 电子商务
    Processing = 4,  // 农产品加工
    Handicraft = 5,  // 手工技艺
    Trades = 6,      // 务工技能（建筑、家政、餐饮等）
    Other = 7,       // 其他
}

public readonly record struct TrainingSessionId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// 技能培训: a class on a topic, on a day, at a place, given by a trainer for so many hours, to members of registered
/// households. Each attendee's attendance, completion and certificate number are recorded after the class; a completion
/// needs attendance and a certificate needs completion. Scoped where the officer who entered it works.
/// </summary>
public sealed class TrainingSession : IAreaScoped
{
    public const int MaxTextLength = 100;

    public const int MaxAttendees = 500;

    public const int MaxCertificateLength = 40;

    private readonly List<TrainingAttendee> _attendees = [];

    private TrainingSession()
    {
        CountyCode = "";
        Place = "";
        Trainer = "";
        RecordedBy = "";
    }

    public TrainingSession(EntryPlace place, TrainingTopic topic, string? subject, DateOnly heldOn, string venue, string trainer, Hundredths hours,
        IReadOnlyList<TrainingAttendee> attendees, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(attendees);
        if (!Enum.IsDefined(topic))
        {
            throw new DomainException("input.choice", "培训内容不是可选的值。", "topic");
        }
        var s = (subject ?? "").Trim();
        if (s.Length > MaxTextLength)
        {
            throw new DomainException("input.text", $"培训主题不超过 {MaxTextLength} 个字。", "subject");
        }
        Place = RequiredText.Of(venue, "place", "培训地点", MaxTextLength);
        Trainer = RequiredText.Of(trainer, "trainer", "授课人", MaxTextLength);
        if (!hours.IsPositive || hours.Value > 24_00)
        {
            throw new DomainException("training.hours", "学时应大于零，一天不超过 24 小时。", "hours");
        }
        if (attendees.Count is 0 or > MaxAttendees)
        {
            throw new DomainException("training.attendees", $"参训人员 1–{MaxAttendees} 人。", "attendees");
        }
        if (attendees.Select(a => a.MemberId).Distinct().Count() != attendees.Count)
        {
            throw new DomainException("training.duplicate_attendee", "同一人在参训名单中出现了两次。", "attendees");
        }
        (CountyCode, TownshipCode, VillageCode) = place;
        Topic = topic;
        Subject = s.Length == 0 ? null : s;
        HeldOn = heldOn;
        Year = heldOn.Year;
        Hours = hours;
        _attendees.AddRange(attendees);
        RecordedBy = by;
        RecordedAt = at;
    }

    public TrainingSessionId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public TrainingTopic Topic { get; private set; }

    public string? Subject { get; private set; }

    public DateOnly HeldOn { get; private set; }

    public int Year { get; private set; }

    public string Place { get; private set; }

    public string Trainer { get; private set; }

    public Hundredths Hours { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<TrainingAttendee> Attendees => _attendees;

    /// <summary>
    /// Attendance, completion and certificate of every attendee named; the others keep what they had. Results that change
    /// nothing are the ones already recorded (a double click, a retry), refused by the class's state.
    /// </summary>
    public void RecordResults(IReadOnlyList<(MemberId Member, bool Attended, bool Completed, string? Certificate)> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var changed = false;
        for (var i = 0; i < results.Count; i++)
        {
            var (member, attended, completed, certificate) = results[i];
            var a = _attendees.SingleOrDefault(x => x.MemberId == member)
                ?? throw new DomainException("training.not_attendee", "该成员不在本期参训名单中。", $"results[{i}].memberId");
            var cert = Certificate(a.MemberName, attended, completed, certificate, $"results[{i}]");
            changed |= a.Attended != attended || a.Completed != completed || a.CertificateNo != cert;
            a.Set(attended, completed, cert);
        }
        if (!changed)
        {
            throw StateConflict.Of("training.results_recorded", "培训班", "已登记这些结果", "再登记同样的结果");
        }
        Version++;
    }

    /// <summary>Adds members to the list (a sign-in sheet imported after the class), within <see cref="MaxAttendees"/>.</summary>
    public void Enrol(IReadOnlyList<TrainingAttendee> newcomers)
    {
        ArgumentNullException.ThrowIfNull(newcomers);
        if (newcomers.Count == 0)
        {
            return;
        }
        if (_attendees.Count + newcomers.Count > MaxAttendees)
        {
            throw new DomainException("training.attendees", $"参训人员 1–{MaxAttendees} 人。", "attendees");
        }
        if (newcomers.Select(a => a.MemberId).Concat(_attendees.Select(a => a.MemberId)).Distinct().Count() != _attendees.Count + newcomers.Count)
        {
            throw new DomainException("training.duplicate_attendee", "同一人在参训名单中出现了两次。", "attendees");
        }
        _attendees.AddRange(newcomers);
        Version++;
    }

    /// <summary>
    /// The certificate number of one attendee's result, checked: completion needs attendance, a certificate needs
    /// completion; none when empty.
    /// </summary>
    public static string? Certificate(string memberName, bool attended, bool completed, string? certificate, string field)
    {
        var cert = (certificate ?? "").Trim();
        if (completed && !attended)
        {
            throw new DomainException("training.completed_absent", $"{memberName} 未到课，不能记为结业。", field + ".completed");
        }
        if (cert.Length > 0 && !completed)
        {
            throw new DomainException("training.certificate_incomplete", $"{memberName} 未结业，不能登记证书编号。", field + ".certificate");
        }
        if (cert.Length > MaxCertificateLength)
        {
            throw new DomainException("training.certificate", $"证书编号不超过 {MaxCertificateLength} 个字符。", field + ".certificate");
        }
        return cert.Length == 0 ? null : cert;
    }
}

/// <summary>A member of a registered household on a class's list; attended until recorded otherwise.</summary>
public sealed class TrainingAttendee
{
    private TrainingAttendee()
    {
        HouseholdNo = "";
        MemberName = "";
    }

    public TrainingAttendee(MemberId memberId, string memberName, HouseholdId householdId, string householdNo, DivisionCode villageCode)
    {
        MemberId = memberId;
        MemberName = memberName;
        HouseholdId = householdId;
        HouseholdNo = householdNo;
        VillageCode = villageCode;
        Attended = true;
    }

    public long Id { get; private set; }

    public MemberId MemberId { get; private set; }

    public string MemberName { get; private set; }

    public HouseholdId HouseholdId { get; private set; }

    public string HouseholdNo { get; private set; }

    public DivisionCode VillageCode { get; private set; }

    public bool Attended { get; private set; }

    public bool Completed { get; private set; }

    public string? CertificateNo { get; private set; }

    internal void Set(bool attended, bool completed, string? certificate)
    {
        Attended = attended;
        Completed = completed;
        CertificateNo = certificate;
    }
}

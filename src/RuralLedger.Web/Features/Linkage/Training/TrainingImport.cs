using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Training;

/// <summary>
/// A class's attendee sheet (xlsx or CSV: 户编号, 姓名, 到课, 结业, 证书编号), all or nothing: members found in the caller's
/// scope by household number and name; a member not yet on the list joins it, one on it has its results set. A row whose
/// member is on the list with the same results changes nothing (the list is unique per class and member in the
/// database), so the same sheet again changes nothing. The class's version guards against a concurrent change.
/// </summary>
public sealed class TrainingImport(RuralDbContext db)
{
    public const string Sheet = "参训人员";

    private const string Prefix = "training";
    private const string HouseholdColumn = "户编号";
    private const string NameColumn = "姓名";
    private const string AttendedColumn = "到课";
    private const string CompletedColumn = "结业";
    private const string CertificateColumn = "证书编号";

    private static readonly Versions Versions = new("training", "该培训班");

    public static readonly IReadOnlyList<string> Columns = [HouseholdColumn, NameColumn, AttendedColumn, CompletedColumn, CertificateColumn];

    private sealed record Line(int Row, string HouseholdNo, string Name, bool Attended, bool Completed, string? Certificate);

    public Task<LinkageImportResult> PreviewAsync(long sessionId, StoredImport file, CancellationToken ct) => RunAsync(sessionId, file, write: false, ct);

    public Task<LinkageImportResult> ImportAsync(long sessionId, StoredImport file, CancellationToken ct) => RunAsync(sessionId, file, write: true, ct);

    public static Task<byte[]> TemplateAsync(CancellationToken ct) => LinkageSheet.TemplateAsync(Sheet, Columns, ct);

    private async Task<LinkageImportResult> RunAsync(long sessionId, StoredImport file, bool write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var session = await db.TrainingSessions.Include(t => t.Attendees).SingleOrDefaultAsync(t => t.Id == new TrainingSessionId(sessionId), ct)
            ?? throw new NotFoundException("training.not_found", $"培训班 {sessionId} 不存在或不在您的权限范围内。");
        var errors = new List<ImportError>();
        List<LinkageSheet.Row> rows;
        using (var workbook = file.Open())
        {
            rows = LinkageSheet.Read(workbook, Sheet, Columns, TrainingSession.MaxAttendees, Prefix, errors);
        }
        var lines = rows.Select(r => Parse(r, errors)).OfType<Line>().ToList();
        var numbers = lines.Select(l => l.HouseholdNo).Distinct().ToList();
        var members = new List<(MemberId Id, string Name, HouseholdId HouseholdId, string HouseholdNo, DivisionCode Village)>();
        foreach (var chunk in numbers.Chunk(500))
        {
            members.AddRange((await db.Members.AsNoTracking().Where(m => chunk.Contains(m.Household!.HouseholdNo))
                .Select(m => new { m.Id, m.Name, m.HouseholdId, m.Household!.HouseholdNo, m.VillageCode }).ToListAsync(ct))
                .Select(m => (m.Id, m.Name, m.HouseholdId, m.HouseholdNo, m.VillageCode)));
        }
        var listed = session.Attendees.ToDictionary(a => a.MemberId);
        var inFile = new HashSet<MemberId>();
        var newcomers = new List<TrainingAttendee>();
        var results = new List<(MemberId, bool, bool, string?)>();
        var items = new List<LinkageImportItem>();
        var existing = 0;
        foreach (var line in lines)
        {
            var matches = members.Where(m => m.HouseholdNo == line.HouseholdNo && m.Name == line.Name).ToList();
            if (matches.Count != 1)
            {
                errors.Add(new ImportError(line.Row, NameColumn, "training.member_unknown", $"户 {line.HouseholdNo} 中没有名为“{line.Name}”的成员，或该户不在您的权限范围内。"));
                continue;
            }
            var m = matches[0];
            if (!inFile.Add(m.Id))
            {
                errors.Add(new ImportError(line.Row, NameColumn, "training.import_duplicate_row", $"{line.Name} 在文件中出现了两次。"));
                continue;
            }
            if (listed.TryGetValue(m.Id, out var a))
            {
                if (a.Attended == line.Attended && a.Completed == line.Completed && a.CertificateNo == line.Certificate)
                {
                    existing++;
                    continue;
                }
            }
            else
            {
                newcomers.Add(new TrainingAttendee(m.Id, m.Name, m.HouseholdId, m.HouseholdNo, m.Village));
            }
            results.Add((m.Id, line.Attended, line.Completed, line.Certificate));
            if (items.Count < LinkageSheet.ShownItems)
            {
                items.Add(new LinkageImportItem(line.Row, m.Name, m.HouseholdNo, (a is null ? "加入名单；" : "更新结果；")
                    + (line.Attended ? "到课" : "未到课") + (line.Completed ? "，结业" : "") + (line.Certificate is { } c ? $"，证书 {c}" : "")));
            }
        }
        if (errors.Count == 0 && results.Count > 0)
        {
            try
            {
                session.Enrol(newcomers);
                session.RecordResults(results);
            }
            catch (DomainException e)
            {
                errors.Add(new ImportError(rows.Count > 0 ? rows[0].Number : 2, HouseholdColumn, e.Code, e.Message));
            }
        }
        var written = false;
        if (errors.Count == 0 && write && results.Count > 0)
        {
            try
            {
                await Versions.SaveAsync(db, ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // A concurrent import added the same member first: the list changed under this one, as a version would say.
                throw Versions.Stale();
            }
            written = true;
        }
        return LinkageSheet.Outcome(db, file, rows.Count, results.Count, existing, items, errors, written);
    }

    private static Line? Parse(LinkageSheet.Row row, List<ImportError> errors)
    {
        var before = errors.Count;
        var household = LinkageSheet.Required(row, HouseholdColumn, 30, Prefix, errors);
        var name = LinkageSheet.Required(row, NameColumn, 30, Prefix, errors);
        var attended = LinkageSheet.YesNo(row, AttendedColumn, true, Prefix, errors);
        var completed = LinkageSheet.YesNo(row, CompletedColumn, false, Prefix, errors);
        string? certificate = null;
        if (errors.Count == before)
        {
            try
            {
                certificate = TrainingSession.Certificate(name, attended, completed, row.Text(CertificateColumn), "row");
            }
            catch (DomainException e)
            {
                errors.Add(new ImportError(row.Number, e.Field?.EndsWith(".completed", StringComparison.Ordinal) == true ? CompletedColumn : CertificateColumn, e.Code, e.Message));
            }
        }
        return errors.Count > before ? null : new Line(row.Number, household, name, attended, completed, certificate);
    }
}

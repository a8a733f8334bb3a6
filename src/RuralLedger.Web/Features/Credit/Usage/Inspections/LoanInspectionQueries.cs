using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Usage.Inspections;

public sealed record InspectionDueFilter(string? Township, string? Village, string? Bank, bool? Overdue);

/// <summary>A loan whose next usage inspection is due (within the plan's notice) or overdue on the list's day.</summary>
public sealed record InspectionDueRow(long LoanId, string LoanNumber, string BorrowerName, string HouseholdNo, string TownshipCode, string VillageCode, string PlaceName,
    string BankCode, string BankName, DateOnly DisbursedOn, Money Outstanding, DateOnly? LastInspectedOn, DateOnly DueOn, int DaysOverdue, bool Overdue);

/// <summary>Due and overdue counts of one village, township or bank.</summary>
public sealed record InspectionDueCount(string Key, string Name, int Due, int Overdue);

public sealed record InspectionDueReport(DateOnly AsOf, long PlanId, int FirstWithinMonths, int EveryMonths, int NoticeDays, int Total, IReadOnlyList<InspectionDueRow> Rows,
    IReadOnlyList<InspectionDueCount> ByTownship, IReadOnlyList<InspectionDueCount> ByVillage, IReadOnlyList<InspectionDueCount> ByBank);

public sealed record LoanInspectionRow(long Id, string LoanNumber, string BorrowerName, string PlaceName, DateOnly InspectedOn, string Inspectors, string UseCategory,
    InspectionConclusion Conclusion, string ConclusionName, long? CampaignId, long? CaseId);

public sealed record InspectionPhotoView(long Id, string FileName, int Size);

public sealed record LoanInspectionView(long Id, long LoanId, string LoanNumber, string BorrowerName, string HouseholdNo, string PlaceName, string BankCode, Money LoanAmount,
    DateOnly InspectedOn, string Inspectors, string UseCategory, decimal? Latitude, decimal? Longitude, string? Statement, InspectionConclusion Conclusion,
    string ConclusionName, string? FollowUp, long? CampaignId, string? CampaignName, long? CaseId, Guid? ClientKey, string RecordedBy, IReadOnlyList<InspectionPhotoView> Photos);

/// <summary>A 专项检查's usage inspections: how many, of how many loans and how much money, by conclusion, and the cases they opened or joined.</summary>
public sealed record InspectionCampaignTotals(long Id, string Name, int Year, int Inspections, int Loans, Money LoanAmount, int AsDeclared, int PartlyDiverted,
    int Diverted, int EnterpriseUse, int Idle, int Cases);

public sealed record InspectionPlanView(long Id, DateOnly EffectiveFrom, int FirstWithinMonths, int EveryMonths, string? DocumentNo, bool InForce);

public sealed record InspectionPhotoFile(string FileName, string ContentType, byte[] Content);

/// <summary>What the form shows of the loan being inspected: who, where, what was declared.</summary>
public sealed record InspectedLoan(long Id, string Number, string BorrowerName, string PlaceName, Money DisbursedAmount, DateOnly? DisbursedOn, string Purpose, string? PurposeDetail);

public sealed record CampaignOption(long Id, string Name, int Year);

/// <summary>
/// The inspection plan's due list, inspections and campaign totals, all through the scoped context: a township sees its
/// loans, a bank officer its bank's.
/// </summary>
public sealed class LoanInspectionQueries(RuralDbContext db, AuditWriter audit, TimeProvider clock)
{
    public const int Limit = 200;

    /// <summary>Days ahead an inspection shows as due before it is overdue: a month to plan the visit.</summary>
    public const int NoticeDays = 30;

    public async Task<InspectionPlanPolicy> PlanAsync(DateOnly on, CancellationToken ct)
    {
        var county = db.Access.Scope.CountyCode ?? "";
        return InspectionPlanPolicy.InForce(await db.InspectionPlanPolicies.AsNoTracking().ToListAsync(ct), county, on);
    }

    public async Task<IReadOnlyList<InspectionPlanView>> PlansAsync(CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var current = await PlanAsync(today, ct);
        var versions = await db.InspectionPlanPolicies.AsNoTracking().OrderByDescending(p => p.EffectiveFrom).ToListAsync(ct);
        if (versions.Count == 0)
        {
            versions.Add(current);
        }
        return versions.Select(p => new InspectionPlanView(p.Id, p.EffectiveFrom, p.FirstWithinMonths, p.EveryMonths, p.DocumentNo, p.Id == current.Id)).ToList();
    }

    /// <summary>
    /// Every unpaid disbursed loan in scope whose next inspection falls within <see cref="NoticeDays"/>: one query for the
    /// loans, one GROUP BY for their latest inspection.
    /// </summary>
    public async Task<InspectionDueReport> DueAsync(InspectionDueFilter filter, CancellationToken ct)
    {
        var report = await ComputeAsync(filter, ct);
        return report with { Rows = report.Rows.Take(Limit).ToList() };
    }

    private async Task<InspectionDueReport> ComputeAsync(InspectionDueFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var today = BusinessCalendar.Today(clock);
        var plan = await PlanAsync(today, ct);
        var loans = db.Loans.AsNoTracking().Where(l => (l.Status == LoanStatus.Active || l.Status == LoanStatus.Extended) && l.DisbursedOn != null);
        if (!string.IsNullOrWhiteSpace(filter.Township))
        {
            var t = DivisionCode.Parse(filter.Township.Trim(), "township");
            loans = loans.Where(l => l.TownshipCode == t);
        }
        if (!string.IsNullOrWhiteSpace(filter.Village))
        {
            var v = DivisionCode.Parse(filter.Village.Trim(), "village");
            loans = loans.Where(l => l.VillageCode == v);
        }
        if (!string.IsNullOrWhiteSpace(filter.Bank))
        {
            var b = filter.Bank.Trim();
            loans = loans.Where(l => l.BankCode == b);
        }
        var rows = await loans.Select(l => new
        {
            l.Id, l.Number, l.BorrowerName, l.HouseholdNo, l.TownshipCode, l.VillageCode, l.BankCode, l.BankName, l.DisbursedOn, l.DisbursedAmount, l.PrincipalRepaid,
            Last = db.LoanInspections.Where(i => i.LoanId == l.Id).Max(i => (DateOnly?)i.InspectedOn),
        }).ToListAsync(ct);
        var horizon = today.AddDays(NoticeDays);
        var due = rows.Select(r => (Row: r, DueOn: plan.NextDue(r.DisbursedOn!.Value, r.Last)))
            .Where(x => x.DueOn <= horizon && (filter.Overdue != true || x.DueOn < today))
            .OrderBy(x => x.DueOn).ThenBy(x => x.Row.Number, StringComparer.Ordinal).ToList();
        var names = await PlaceNames.LoadAsync(db, due.SelectMany(x => new DivisionCode?[] { x.Row.TownshipCode, x.Row.VillageCode }).Distinct(), ct);
        var all = due.Select(x => new InspectionDueRow(x.Row.Id.Value, x.Row.Number, x.Row.BorrowerName, x.Row.HouseholdNo, x.Row.TownshipCode.Value, x.Row.VillageCode.Value,
            PlaceNames.Of(names, x.Row.TownshipCode, x.Row.VillageCode), x.Row.BankCode, x.Row.BankName, x.Row.DisbursedOn!.Value,
            x.Row.DisbursedAmount - x.Row.PrincipalRepaid, x.Row.Last, x.DueOn, Math.Max(0, today.DayNumber - x.DueOn.DayNumber), x.DueOn < today)).ToList();
        return new InspectionDueReport(today, plan.Id, plan.FirstWithinMonths, plan.EveryMonths, NoticeDays, all.Count, all,
            Counts(all, r => r.TownshipCode, r => names.GetValueOrDefault(r.TownshipCode, r.TownshipCode)),
            Counts(all, r => r.VillageCode, r => r.PlaceName),
            Counts(all, r => r.BankCode, r => r.BankName));
    }

    /// <summary>The due list as an xlsx sheet (every row, not only the first page), with one audited export event.</summary>
    public async Task<(byte[] Content, string FileName)> ExportDueAsync(InspectionDueFilter filter, CancellationToken ct)
    {
        var report = await ComputeAsync(filter, ct);
        var sheet = report.Rows.Select(r => new Dictionary<string, object?>
        {
            ["贷款编号"] = r.LoanNumber,
            ["借款人"] = r.BorrowerName,
            ["户编号"] = r.HouseholdNo,
            ["所在地"] = r.PlaceName,
            ["银行"] = r.BankName,
            ["发放日期"] = BusinessCalendar.Format(r.DisbursedOn),
            ["剩余本金（元）"] = r.Outstanding.Yuan,
            ["上次检查"] = r.LastInspectedOn is { } d ? BusinessCalendar.Format(d) : "未检查",
            ["应检查日期"] = BusinessCalendar.Format(r.DueOn),
            ["逾期天数"] = r.DaysOverdue,
            ["状态"] = r.Overdue ? "逾期未检查" : "待检查",
        }).ToList();
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { ["贷后用途检查计划"] = sheet },
            configuration: new OpenXmlConfiguration { FreezeRowCount = 1, AutoFilter = true }, cancellationToken: ct);
        var county = db.Access.Scope.CountyCode is { Length: > 0 } c ? c : AuditWriter.SystemChain;
        var kept = new Dictionary<string, string?> { ["township"] = filter.Township, ["village"] = filter.Village, ["bank"] = filter.Bank, ["overdue"] = filter.Overdue?.ToString() }
            .Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Key, p => p.Value);
        await audit.AppendAsync(db, [new AuditRecord(county, "export", "LoanInspection", "*", null,
            Json.Object(("ledger", "inspection-due"), ("filter", kept), ("rows", sheet.Count)))], ct);
        var stamp = BusinessCalendar.Now(clock).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return (buffer.ToArray(), $"贷后用途检查计划_{stamp}.xlsx");
    }

    public async Task<IReadOnlyList<LoanInspectionRow>> ListAsync(string? loan, long? campaign, CancellationToken ct)
    {
        var query = db.LoanInspections.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(loan))
        {
            var number = loan.Trim();
            query = query.Where(i => i.LoanNumber == number);
        }
        if (campaign is { } c)
        {
            var id = new Core.Supervision.InspectionCampaignId(c);
            query = query.Where(i => i.CampaignId == id);
        }
        var list = await query.OrderByDescending(i => i.InspectedOn).ThenByDescending(i => i.Id).Take(Limit).ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, list.SelectMany(i => new DivisionCode?[] { i.TownshipCode, i.VillageCode }).Distinct(), ct);
        return list.Select(i => new LoanInspectionRow(i.Id.Value, i.LoanNumber, i.BorrowerName, PlaceNames.Of(names, i.TownshipCode, i.VillageCode), i.InspectedOn,
            i.Inspectors, i.UseCategory, i.Conclusion, InspectionNames.Of(i.Conclusion), i.CampaignId?.Value, i.CaseId?.Value)).ToList();
    }

    public async Task<LoanInspectionView> GetAsync(long id, CancellationToken ct)
    {
        var key = new LoanInspectionId(id);
        var i = await db.LoanInspections.AsNoTracking().FirstOrDefaultAsync(x => x.Id == key, ct)
            ?? throw new NotFoundException("inspections.not_found", $"检查记录 {id} 不存在或不在您的权限范围内。");
        var photos = await db.LoanInspectionPhotos.AsNoTracking().Where(p => p.InspectionId == key).OrderBy(p => p.Id)
            .Select(p => new InspectionPhotoView(p.Id, p.FileName, p.Size)).ToListAsync(ct);
        var campaign = i.CampaignId is { } cid
            ? await db.InspectionCampaigns.IgnoreQueryFilters().Where(c => c.Id == cid).Select(c => c.Name).FirstOrDefaultAsync(ct)
            : null;
        var names = await PlaceNames.LoadAsync(db, [i.TownshipCode, i.VillageCode], ct);
        return new LoanInspectionView(i.Id.Value, i.LoanId.Value, i.LoanNumber, i.BorrowerName, i.HouseholdNo, PlaceNames.Of(names, i.TownshipCode, i.VillageCode), i.BankCode,
            i.LoanAmount, i.InspectedOn, i.Inspectors, i.UseCategory, i.Latitude, i.Longitude, i.Statement, i.Conclusion, InspectionNames.Of(i.Conclusion), i.FollowUp,
            i.CampaignId?.Value, campaign, i.CaseId?.Value, i.ClientKey, i.RecordedBy, photos);
    }

    public async Task<InspectionPhotoFile> PhotoAsync(long id, long photoId, CancellationToken ct)
    {
        var key = new LoanInspectionId(id);
        return await db.LoanInspectionPhotos.AsNoTracking().Where(p => p.Id == photoId && p.InspectionId == key)
                .Select(p => new InspectionPhotoFile(p.FileName, p.ContentType, p.Content)).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("inspections.photo_not_found", $"照片 {photoId} 不存在或不在您的权限范围内。");
    }

    /// <summary>Totals of each 专项检查 over the usage inspections the caller sees: one GROUP BY.</summary>
    public async Task<IReadOnlyList<InspectionCampaignTotals>> CampaignsAsync(CancellationToken ct)
    {
        var groups = await db.LoanInspections.AsNoTracking().Where(i => i.CampaignId != null)
            .GroupBy(i => new { i.CampaignId, i.Conclusion })
            .Select(g => new { g.Key.CampaignId, g.Key.Conclusion, Count = g.Count(), Cases = g.Count(i => i.CaseId != null) })
            .ToListAsync(ct);
        var loans = (await db.LoanInspections.AsNoTracking().Where(i => i.CampaignId != null)
                .Select(i => new { i.CampaignId, i.LoanId, i.LoanAmount }).Distinct().ToListAsync(ct))
            .GroupBy(x => x.CampaignId).ToDictionary(g => g.Key!.Value, g => (Count: g.Count(), Amount: Money.Sum(g.Select(x => x.LoanAmount))));
        var ids = groups.Select(g => g.CampaignId!.Value).Distinct().ToList();
        var county = db.Access.Scope.CountyCode;
        var campaigns = await db.InspectionCampaigns.IgnoreQueryFilters().AsNoTracking().Where(c => ids.Contains(c.Id) || (county != null && c.CountyCode == county))
            .OrderByDescending(c => c.Year).ThenByDescending(c => c.Id).ToListAsync(ct);
        return campaigns.Select(c =>
        {
            var rows = groups.Where(g => g.CampaignId == c.Id).ToList();
            int Of(InspectionConclusion k) => rows.Where(r => r.Conclusion == k).Sum(r => r.Count);
            var l = loans.GetValueOrDefault(c.Id);
            return new InspectionCampaignTotals(c.Id.Value, c.Name, c.Year, rows.Sum(r => r.Count), l.Count, l.Amount, Of(InspectionConclusion.AsDeclared),
                Of(InspectionConclusion.PartlyDiverted), Of(InspectionConclusion.Diverted), Of(InspectionConclusion.EnterpriseUse), Of(InspectionConclusion.Idle),
                rows.Sum(r => r.Cases));
        }).ToList();
    }

    public async Task<InspectedLoan?> LoanAsync(string? number, CancellationToken ct)
    {
        var n = number?.Trim();
        if (string.IsNullOrEmpty(n))
        {
            return null;
        }
        var l = await db.Loans.AsNoTracking().FirstOrDefaultAsync(x => x.Number == n, ct);
        if (l is null)
        {
            return null;
        }
        var names = await PlaceNames.LoadAsync(db, [l.TownshipCode, l.VillageCode], ct);
        return new InspectedLoan(l.Id.Value, l.Number, l.BorrowerName, PlaceNames.Of(names, l.TownshipCode, l.VillageCode), l.DisbursedAmount, l.DisbursedOn, l.Purpose,
            l.PurposeDetail);
    }

    /// <summary>The county's campaigns an inspection can be filed under (the county's records, read by county past their filter).</summary>
    public async Task<IReadOnlyList<CampaignOption>> CampaignOptionsAsync(CancellationToken ct)
    {
        var county = db.Access.Scope.CountyCode;
        return await db.InspectionCampaigns.IgnoreQueryFilters().AsNoTracking().Where(c => c.CountyCode == county)
            .OrderByDescending(c => c.Year).ThenByDescending(c => c.Id).Take(50).Select(c => new CampaignOption(c.Id.Value, c.Name, c.Year)).ToListAsync(ct);
    }

    private static List<InspectionDueCount> Counts(List<InspectionDueRow> rows, Func<InspectionDueRow, string> key, Func<InspectionDueRow, string> name) =>
        rows.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new InspectionDueCount(g.Key, name(g.First()), g.Count(r => !r.Overdue), g.Count(r => r.Overdue))).ToList();
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Land;

/// <summary>
/// A land transfer to record: the household by number, the tenant (name; GB 32100 code for an enterprise or cooperative,
/// none for a private grower), the plot's place, area in 亩 (to 0.01), rent per 亩 a year, term, and the agreement it
/// executes, if any.
/// </summary>
public sealed record LandTransferInput(string? HouseholdNo, string? TenantName, string? TenantCode, string? Location, decimal? AreaMu, Money? RentPerMu,
    DateOnly? StartOn, DateOnly? EndOn, long? AgreementId);

public sealed record RentPaymentInput(DateOnly? PaidOn, Money? Amount, string? Note, int? Version);

/// <summary>终止: the last day the land is let (today when empty) and why.</summary>
public sealed record EndLandTransferInput(DateOnly? On, string? Reason, int? Version);

public sealed record RentPaymentView(DateOnly PaidOn, Money Amount, string? Note, string RecordedBy);

/// <summary>A transfer with its rent position on the business date: due for the lease years begun, paid, arrears.</summary>
public sealed record LandTransferView(long Id, long HouseholdId, string HouseholdNo, string HeadName, string TenantName, string? TenantCode, string Location,
    decimal AreaMu, Money RentPerMu, Money AnnualRent, DateOnly StartOn, DateOnly EndOn, long? AgreementId, int YearsDue, Money Due, Money Paid, Money Arrears,
    int Version, IReadOnlyList<RentPaymentView> Payments, DateOnly? EndedOn, string? EndReason);

public sealed record LandSummary(int Transfers, int Households, decimal AreaMu, Money Due, Money Paid, Money Arrears, IReadOnlyList<LandTransferView> Items);

/// <summary>土地流转: transfers, rent received, the list with arrears, and the xlsx ledger, in the caller's scope.</summary>
public sealed class LandCommands(RuralDbContext db, AuditWriter audit, TimeProvider clock)
{
    public const int Limit = 1_000;

    private static readonly Versions Versions = new("land", "该流转记录");

    public async Task<long> CreateAsync(LandTransferInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var household = await LinkageRecords.HouseholdAsync(db, input.HouseholdNo, "householdNo", v, ct);
        var code = string.IsNullOrWhiteSpace(input.TenantCode) ? null : v.Try("tenantCode", () => CreditCode.Parse(input.TenantCode, "tenantCode").Value);
        var area = v.Try("areaMu", () => LinkageRecords.Measure(input.AreaMu, "areaMu", "流转面积"));
        var rent = v.Try("rentPerMu", () => input.RentPerMu ?? throw new DomainException("input.required", "每亩年租金不能为空。", "rentPerMu"));
        var start = v.Try("startOn", () => Inputs.Plausible(input.StartOn ?? throw new DomainException("input.required", "流转起日不能为空。", "startOn"), "startOn", "流转起日"));
        var end = v.Try("endOn", () => Inputs.Plausible(input.EndOn ?? throw new DomainException("input.required", "流转止日不能为空。", "endOn"), "endOn", "流转止日"));
        LinkageAgreementId? agreement = null;
        if (input.AgreementId is { } a)
        {
            agreement = await db.LinkageAgreements.AsNoTracking().Where(x => x.Id == new LinkageAgreementId(a)).Select(x => (LinkageAgreementId?)x.Id).SingleOrDefaultAsync(ct);
            if (agreement is null)
            {
                v.Add("agreementId", $"协议 {a} 不存在或不在您的权限范围内。");
            }
        }
        v.ThrowIfAny();
        var transfer = new LandTransfer(household!, input.TenantName ?? "", code, input.Location ?? "", area, rent, start, end, agreement, db.Access.ActorName, clock.GetUtcNow());
        db.LandTransfers.Add(transfer);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            throw Duplicate(transfer);
        }
        return transfer.Id.Value;
    }

    public async Task PayAsync(long id, RentPaymentInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transfer = await FindAsync(id, tracked: true, ct);
        Versions.Expect(transfer.Version, input.Version);
        var today = BusinessCalendar.Today(clock);
        var amount = input.Amount ?? throw new DomainException("input.required", "收到的租金不能为空。", "amount");
        transfer.RecordPayment(input.PaidOn ?? today, amount, input.Note, today, db.Access.ActorName, clock.GetUtcNow());
        await Versions.SaveAsync(db, ct);
    }

    /// <summary>Ends the transfer early: rent stops at the end date (decision 0037); audited with the reason.</summary>
    public async Task EndAsync(long id, EndLandTransferInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transfer = await FindAsync(id, tracked: true, ct);
        Versions.Expect(transfer.Version, input.Version);
        var today = BusinessCalendar.Today(clock);
        transfer.End(input.On ?? today, input.Reason, today);
        await Versions.SaveAsync(db, ct);
    }

    public async Task<LandSummary> ListAsync(string? householdNo, CancellationToken ct)
    {
        var query = db.LandTransfers.AsNoTracking().Include(t => t.Payments).AsQueryable();
        if (!string.IsNullOrWhiteSpace(householdNo))
        {
            query = query.Where(t => t.HouseholdNo == householdNo.Trim());
        }
        var rows = await query.OrderBy(t => t.VillageCode).ThenBy(t => t.HouseholdNo).ThenBy(t => t.Id).Take(Limit).ToListAsync(ct);
        var today = BusinessCalendar.Today(clock);
        var items = rows.Select(t => ViewOf(t, today)).ToList();
        return new LandSummary(items.Count, items.Select(i => i.HouseholdId).Distinct().Count(), items.Sum(i => i.AreaMu), Money.Sum(items.Select(i => i.Due)),
            Money.Sum(items.Select(i => i.Paid)), Money.Sum(items.Select(i => i.Arrears)), items);
    }

    public async Task<LandTransferView> GetAsync(long id, CancellationToken ct) => ViewOf(await FindAsync(id, tracked: false, ct), BusinessCalendar.Today(clock));

    /// <summary>土地流转台账: one row per transfer with its rent position today, one audited <c>export</c> event.</summary>
    public async Task<(byte[] Content, string FileName)> ExportAsync(CancellationToken ct)
    {
        var list = await ListAsync(null, ct);
        var rows = list.Items.Select(t => new Dictionary<string, object?>
        {
            ["户编号"] = t.HouseholdNo,
            ["户主"] = t.HeadName,
            ["流入方"] = t.TenantName,
            ["统一社会信用代码"] = t.TenantCode,
            ["地块位置"] = t.Location,
            ["面积（亩）"] = t.AreaMu,
            ["租金（元/亩·年）"] = t.RentPerMu.Yuan,
            ["年租金（元）"] = t.AnnualRent.Yuan,
            ["起日"] = BusinessCalendar.Format(t.StartOn),
            ["止日"] = BusinessCalendar.Format(t.EndOn),
            ["终止日期"] = t.EndedOn is { } ended ? BusinessCalendar.Format(ended) : null,
            ["应收租金（元）"] = t.Due.Yuan,
            ["已收租金（元）"] = t.Paid.Yuan,
            ["欠付租金（元）"] = t.Arrears.Yuan,
        }).ToList();
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { ["土地流转"] = rows },
            configuration: new OpenXmlConfiguration { FreezeRowCount = 1, AutoFilter = true }, cancellationToken: ct);
        var county = db.Access.Scope.CountyCode is { Length: > 0 } c ? c : AuditWriter.SystemChain;
        await audit.AppendAsync(db, [new AuditRecord(county, "export", nameof(LandTransfer), "*", null, Json.Object(("ledger", "land-transfers"), ("rows", rows.Count)))], ct);
        var stamp = BusinessCalendar.Now(clock).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return (buffer.ToArray(), $"土地流转台账_{stamp}.xlsx");
    }

    internal static ConflictException Duplicate(LandTransfer t) =>
        new("land.transfer_exists", $"户 {t.HouseholdNo} 的地块“{t.Location}”自 {BusinessCalendar.Format(t.StartOn)} 起的流转已登记。", "location");

    private static LandTransferView ViewOf(LandTransfer t, DateOnly today) =>
        new(t.Id.Value, t.HouseholdId.Value, t.HouseholdNo, t.HeadName, t.TenantName, t.TenantCode, t.Location, t.AreaMu.Decimal, t.RentPerMu, t.AnnualRent,
            t.StartOn, t.EndOn, t.AgreementId?.Value, t.YearsDue(today), t.DueBy(today), t.Paid, t.ArrearsBy(today), t.Version,
            t.Payments.OrderBy(p => p.PaidOn).Select(p => new RentPaymentView(p.PaidOn, p.Amount, p.Note, p.RecordedBy)).ToList(), t.EndedOn, t.EndReason);

    private async Task<LandTransfer> FindAsync(long id, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.LandTransfers : db.LandTransfers.AsNoTracking();
        return await query.Include(t => t.Payments).SingleOrDefaultAsync(t => t.Id == new LandTransferId(id), ct)
            ?? throw new NotFoundException("land.not_found", $"流转记录 {id} 不存在或不在您的权限范围内。");
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Contracts;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Agreements;

/// <summary>
/// An agreement to sign: the enterprise or cooperative (name, GB 32100 credit code), type, signed date and term, the
/// promised benefits in yuan (guaranteed monthly wage, guaranteed price per kg, rent per 亩 a year, dividend a year; empty
/// for none), the assets or projects involved, and the households by number.
/// </summary>
public sealed record AgreementInput(string? PartnerName, string? PartnerCode, AgreementType Type, DateOnly? SignedOn, DateOnly? StartOn, DateOnly? EndOn,
    Money? MonthlyWage, Money? GuaranteedPrice, Money? RentPerMu, Money? Dividend, string? Projects, IReadOnlyList<string>? Households);

public sealed record RenewAgreementInput(DateOnly? EndOn, string? Reason, int? Version);

public sealed record TerminateAgreementInput(DateOnly? On, string? Reason, int? Version);

/// <summary>A draft's partner and terms as the linkage office completes them (the households stay the project's).</summary>
public sealed record DraftAgreementInput(string? PartnerName, string? PartnerCode, AgreementType Type, DateOnly? SignedOn, DateOnly? StartOn, DateOnly? EndOn,
    Money? MonthlyWage, Money? GuaranteedPrice, Money? RentPerMu, Money? Dividend, string? Projects, int? Version);

public sealed record ActivateAgreementInput(int? Version);

public sealed record DiscardAgreementInput(string? Reason, int? Version);

public sealed record AgreementHouseholdView(long HouseholdId, string HouseholdNo, string HeadName, string VillageCode, Money? PlannedBenefit);

public sealed record AgreementView(long Id, string Number, string PartnerName, string PartnerCode, AgreementType Type, string TypeName, DateOnly SignedOn,
    DateOnly StartOn, DateOnly EndOn, Money MonthlyWage, Money GuaranteedPrice, Money RentPerMu, Money Dividend, string? Projects, AgreementStatus Status,
    string StatusName, int Edition, DateOnly? TerminatedOn, string? LastReason, string PlaceName, int Version, IReadOnlyList<AgreementHouseholdView> Households,
    long? ProjectId, string? PartnerNumber);

public sealed record AgreementListItem(long Id, string Number, string PartnerName, string PartnerCode, string TypeName, DateOnly StartOn, DateOnly EndOn,
    string StatusName, int Edition, int Households, string PlaceName);

/// <summary>利益联结协议: signing, renewal, termination, list, detail and the xlsx ledger, all in the caller's scope.</summary>
public sealed class AgreementCommands(RuralDbContext db, AuditWriter audit, TimeProvider clock)
{
    public const int MaxHouseholds = 2_000;

    private static readonly Versions Versions = new("agreements", "该协议");

    public async Task<long> SignAsync(AgreementInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var code = v.Try("partnerCode", () => CreditCode.Parse(input.PartnerCode, "partnerCode").Value);
        if (!Enum.IsDefined(input.Type))
        {
            v.Add("type", "联结方式不是可选的值。");
        }
        var signed = v.Try("signedOn", () => Inputs.Plausible(input.SignedOn ?? throw Required("signedOn", "签订日期"), "signedOn", "签订日期"));
        var start = v.Try("startOn", () => Inputs.Plausible(input.StartOn ?? throw Required("startOn", "协议起日"), "startOn", "协议起日"));
        var end = v.Try("endOn", () => Inputs.Plausible(input.EndOn ?? throw Required("endOn", "协议止日"), "endOn", "协议止日"));
        var numbers = (input.Households ?? []).Select(h => (h ?? "").Trim()).ToList();
        if (numbers.Count == 0)
        {
            v.Add("households", "协议至少联结一户。");
        }
        else if (numbers.Count > MaxHouseholds)
        {
            v.Add("households", $"一份协议最多联结 {MaxHouseholds:N0} 户。");
        }
        v.ThrowIfAny();
        var found = new Dictionary<string, AgreementHousehold>(StringComparer.Ordinal);
        var wanted = numbers.Where(n => n.Length > 0).Distinct().ToList();
        foreach (var chunk in wanted.Chunk(500))
        {
            foreach (var h in await db.Households.AsNoTracking().Where(h => chunk.Contains(h.HouseholdNo))
                         .Select(h => new { h.Id, h.HouseholdNo, h.HeadName, h.VillageCode }).ToListAsync(ct))
            {
                found[h.HouseholdNo] = new AgreementHousehold(h.Id, h.HouseholdNo, h.HeadName, h.VillageCode);
            }
        }
        for (var i = 0; i < numbers.Count; i++)
        {
            if (!found.ContainsKey(numbers[i]))
            {
                v.Add($"households[{i}]", $"户编号 {numbers[i]} 不存在或不在您的权限范围内。");
            }
        }
        v.ThrowIfAny();
        var county = db.Access.Scope.CountyCode;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var n = await NumberSeries.NextAsync(db, "linkage", county, signed.Year, ct: ct);
        var agreement = new LinkageAgreement(string.Create(CultureInfo.InvariantCulture, $"LJ{county}-{signed.Year}-{n:D5}"), county, input.PartnerName ?? "", code!,
            input.Type, signed, start, end,
            new PromisedBenefits(input.MonthlyWage ?? Money.Zero, input.GuaranteedPrice ?? Money.Zero, input.RentPerMu ?? Money.Zero, input.Dividend ?? Money.Zero),
            input.Projects, numbers.Select(x => found[x]).ToList(), db.Access.ActorName, clock.GetUtcNow());
        db.LinkageAgreements.Add(agreement);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return agreement.Id.Value;
    }

    public async Task RenewAsync(long id, RenewAgreementInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var agreement = await FindAsync(id, tracked: true, ct);
        Versions.Expect(agreement.Version, input.Version);
        var end = Inputs.Plausible(input.EndOn ?? throw Required("endOn", "续签后的止日"), "endOn", "续签后的止日");
        agreement.Renew(end, input.Reason);
        await Versions.SaveAsync(db, ct);
    }

    public async Task TerminateAsync(long id, TerminateAgreementInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var agreement = await FindAsync(id, tracked: true, ct);
        Versions.Expect(agreement.Version, input.Version);
        var on = input.On ?? BusinessCalendar.Today(clock);
        agreement.Terminate(on, input.Reason);
        await Versions.SaveAsync(db, ct);
    }

    /// <summary>Completes a draft's partner and terms; a credit code given is checked (GB 32100), an empty one waits for activation.</summary>
    public async Task EditDraftAsync(long id, DraftAgreementInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var agreement = await FindAsync(id, tracked: true, ct);
        Versions.Expect(agreement.Version, input.Version);
        var v = new Validation();
        var code = string.IsNullOrWhiteSpace(input.PartnerCode) ? "" : v.Try("partnerCode", () => CreditCode.Parse(input.PartnerCode, "partnerCode").Value);
        var signed = v.Try("signedOn", () => Inputs.Plausible(input.SignedOn ?? throw Required("signedOn", "签订日期"), "signedOn", "签订日期"));
        var start = v.Try("startOn", () => Inputs.Plausible(input.StartOn ?? throw Required("startOn", "协议起日"), "startOn", "协议起日"));
        var end = v.Try("endOn", () => Inputs.Plausible(input.EndOn ?? throw Required("endOn", "协议止日"), "endOn", "协议止日"));
        v.ThrowIfAny();
        agreement.Edit(input.PartnerName ?? "", code!, input.Type, signed, start, end,
            new PromisedBenefits(input.MonthlyWage ?? Money.Zero, input.GuaranteedPrice ?? Money.Zero, input.RentPerMu ?? Money.Zero, input.Dividend ?? Money.Zero),
            input.Projects);
        await Versions.SaveAsync(db, ct);
    }

    /// <summary>Signs a draft: from now on its households count as linked.</summary>
    public async Task ActivateAsync(long id, ActivateAgreementInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var agreement = await FindAsync(id, tracked: true, ct);
        Versions.Expect(agreement.Version, input.Version);
        agreement.Activate();
        await Versions.SaveAsync(db, ct);
    }

    public async Task DiscardAsync(long id, DiscardAgreementInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var agreement = await FindAsync(id, tracked: true, ct);
        Versions.Expect(agreement.Version, input.Version);
        agreement.Discard(input.Reason);
        await Versions.SaveAsync(db, ct);
    }

    public async Task<IReadOnlyList<AgreementListItem>> ListAsync(CancellationToken ct)
    {
        var rows = await db.LinkageAgreements.AsNoTracking().OrderByDescending(a => a.SignedOn).ThenByDescending(a => a.Id)
            .Select(a => new { a.Id, a.Number, a.PartnerName, a.PartnerCode, a.Type, a.StartOn, a.EndOn, a.Status, a.Edition, Households = a.Households.Count, a.TownshipCode, a.VillageCode })
            .ToListAsync(ct);
        var names = await PlaceNames.LoadAsync(db, rows.SelectMany(r => new DivisionCode?[] { r.TownshipCode, r.VillageCode }), ct);
        return rows.Select(a => new AgreementListItem(a.Id.Value, a.Number, a.PartnerName, a.PartnerCode, LinkageNames.Of(a.Type), a.StartOn, a.EndOn,
            LinkageNames.Of(a.Status), a.Edition, a.Households, PlaceNames.Of(names, a.TownshipCode, a.VillageCode))).ToList();
    }

    public async Task<AgreementView> GetAsync(long id, CancellationToken ct)
    {
        var a = await FindAsync(id, tracked: false, ct);
        var names = await PlaceNames.LoadAsync(db, [a.TownshipCode, a.VillageCode], ct);
        return new AgreementView(a.Id.Value, a.Number, a.PartnerName, a.PartnerCode, a.Type, LinkageNames.Of(a.Type), a.SignedOn, a.StartOn, a.EndOn,
            a.Benefits.MonthlyWage, a.Benefits.GuaranteedPricePerKg, a.Benefits.RentPerMu, a.Benefits.Dividend, a.Projects, a.Status, LinkageNames.Of(a.Status),
            a.Edition, a.TerminatedOn, a.LastReason, PlaceNames.Of(names, a.TownshipCode, a.VillageCode), a.Version,
            a.Households.OrderBy(h => h.HouseholdNo, StringComparer.Ordinal)
                .Select(h => new AgreementHouseholdView(h.HouseholdId.Value, h.HouseholdNo, h.HeadName, h.VillageCode.Value, h.PlannedBenefit)).ToList(), a.ProjectId,
            a.PartnerNumber);
    }

    /// <summary>利益联结协议台账: one row per agreement and household, with one audited <c>export</c> event.</summary>
    public async Task<(byte[] Content, string FileName)> ExportAsync(CancellationToken ct)
    {
        var agreements = await db.LinkageAgreements.AsNoTracking().Include(a => a.Households).OrderBy(a => a.Number).ToListAsync(ct);
        var rows = agreements.SelectMany(a => a.Households.OrderBy(h => h.HouseholdNo, StringComparer.Ordinal).Select(h => new Dictionary<string, object?>
        {
            ["协议编号"] = a.Number,
            ["协议号"] = a.PartnerNumber,
            ["经营主体"] = a.PartnerName,
            ["统一社会信用代码"] = a.PartnerCode,
            ["联结方式"] = LinkageNames.Of(a.Type),
            ["签订日期"] = BusinessCalendar.Format(a.SignedOn),
            ["起日"] = BusinessCalendar.Format(a.StartOn),
            ["止日"] = BusinessCalendar.Format(a.EndOn),
            ["保底工资（元/月）"] = a.Benefits.MonthlyWage.Yuan,
            ["保护价（元/千克）"] = a.Benefits.GuaranteedPricePerKg.Yuan,
            ["租金（元/亩·年）"] = a.Benefits.RentPerMu.Yuan,
            ["分红（元/年）"] = a.Benefits.Dividend.Yuan,
            ["涉及资产或项目"] = a.Projects,
            ["状态"] = LinkageNames.Of(a.Status),
            ["版次"] = a.Edition,
            ["户编号"] = h.HouseholdNo,
            ["户主"] = h.HeadName,
        })).ToList();
        using var buffer = new MemoryStream();
        await MiniExcel.SaveAsAsync(buffer, new Dictionary<string, object> { ["利益联结协议"] = rows },
            configuration: new OpenXmlConfiguration { FreezeRowCount = 1, AutoFilter = true }, cancellationToken: ct);
        var county = db.Access.Scope.CountyCode is { Length: > 0 } c ? c : AuditWriter.SystemChain;
        await audit.AppendAsync(db, [new AuditRecord(county, "export", nameof(LinkageAgreement), "*", null, Json.Object(("ledger", "agreements"), ("rows", rows.Count)))], ct);
        var stamp = BusinessCalendar.Now(clock).ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return (buffer.ToArray(), $"利益联结协议_{stamp}.xlsx");
    }

    private async Task<LinkageAgreement> FindAsync(long id, bool tracked, CancellationToken ct)
    {
        var key = new LinkageAgreementId(id);
        var query = tracked ? db.LinkageAgreements : db.LinkageAgreements.AsNoTracking();
        return await query.Include(a => a.Households).SingleOrDefaultAsync(a => a.Id == key, ct)
            ?? throw new NotFoundException("agreements.not_found", $"协议 {id} 不存在或不在您的权限范围内。");
    }

    private static DomainException Required(string field, string label) => new("input.required", $"{label}不能为空。", field);
}

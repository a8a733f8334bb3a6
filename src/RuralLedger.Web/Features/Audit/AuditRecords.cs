using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Web.Features.Audit;

/// <summary>A record as an inspector names it (household number, asset code, plan number…) and where its page is.</summary>
public sealed record RecordLabel(string Label, string? Href);

/// <summary>
/// Labels and pages of the records on one page of the audit trail, a few queries per page (one per kind present).
/// Reads run under the caller's scope like any other; a record since deleted, or of a kind without a page, keeps its
/// number only.
/// </summary>
internal sealed class AuditRecords(RuralDbContext db)
{
    public async Task<Dictionary<(string Type, string Id), RecordLabel>> LabelsAsync(IEnumerable<(string Type, string Id)> records, CancellationToken ct)
    {
        var labels = new Dictionary<(string, string), RecordLabel>();
        foreach (var group in records.Distinct().GroupBy(r => r.Type))
        {
            var ids = group.Select(r => long.TryParse(r.Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (long?)null)
                .Where(n => n is not null).Select(n => n!.Value).Distinct().ToList();
            if (ids.Count == 0)
            {
                continue;
            }
            foreach (var (id, label) in await KindAsync(group.Key, ids, ct))
            {
                labels[(group.Key, id.ToString(System.Globalization.CultureInfo.InvariantCulture))] = label;
            }
        }
        return labels;
    }

    /// <summary>
    /// Names of the areas whose codes the entries record, by the code as recorded ("522699" for a county, 12 digits
    /// otherwise); a code outside the caller's scope, or no longer an area, keeps its digits only.
    /// </summary>
    public async Task<Dictionary<string, string>> AreaNamesAsync(IEnumerable<string> recorded, CancellationToken ct)
    {
        var codes = new Dictionary<string, DivisionCode>(StringComparer.Ordinal);
        foreach (var raw in recorded.Distinct(StringComparer.Ordinal))
        {
            var text = raw.Length == 6 ? raw + "000000" : raw;
            if (DivisionCode.TryParse(text, out var code, out _))
            {
                codes[raw] = code;
            }
        }
        if (codes.Count == 0)
        {
            return [];
        }
        var wanted = codes.Values.Distinct().ToList();
        var names = await db.Areas.AsNoTracking().Where(a => wanted.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
        return codes.Where(c => names.ContainsKey(c.Value)).ToDictionary(c => c.Key, c => names[c.Value], StringComparer.Ordinal);
    }

    /// <summary>Display names and roles of the acting users; system and anonymous actors are not users.</summary>
    public async Task<Dictionary<long, string>> ActorsAsync(IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().Select(i => new UserId(i)).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        var users = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Role }).ToListAsync(ct);
        return users.ToDictionary(u => u.Id.Value, u => $"{u.DisplayName}（{Roles.DisplayName(u.Role)}）");
    }

    private async Task<IEnumerable<(long Id, RecordLabel Label)>> KindAsync(string type, List<long> ids, CancellationToken ct)
    {
        switch (type)
        {
            case "Household":
            {
                var keys = ids.Select(i => new HouseholdId(i)).ToList();
                var rows = await db.Households.AsNoTracking().Where(h => keys.Contains(h.Id)).Select(h => new { h.Id, h.HouseholdNo, h.HeadName }).ToListAsync(ct);
                return rows.Select(r => (r.Id.Value, new RecordLabel($"户 {r.HouseholdNo}（{r.HeadName}）", $"/registry/{r.Id.Value}")));
            }
            case "Member":
            {
                var keys = ids.Select(i => new MemberId(i)).ToList();
                var rows = await (from m in db.Members.AsNoTracking()
                                  join h in db.Households.AsNoTracking() on m.HouseholdId equals h.Id
                                  where keys.Contains(m.Id)
                                  select new { m.Id, m.Name, h.HouseholdNo, HouseholdId = h.Id }).ToListAsync(ct);
                return rows.Select(r => (r.Id.Value, new RecordLabel($"{r.Name}（户 {r.HouseholdNo}）", $"/registry/{r.HouseholdId.Value}")));
            }
            case "Asset":
            {
                var keys = ids.Select(i => new AssetId(i)).ToList();
                var rows = await db.Assets.AsNoTracking().Where(a => keys.Contains(a.Id)).Select(a => new { a.Id, a.Code, a.Name }).ToListAsync(ct);
                return rows.Select(r => (r.Id.Value, new RecordLabel($"{r.Code} {r.Name}", $"/assets/{r.Id.Value}")));
            }
            case "Contract":
            {
                var keys = ids.Select(i => new ContractId(i)).ToList();
                var rows = await db.Contracts.AsNoTracking().Where(c => keys.Contains(c.Id)).Select(c => new { c.Id, c.Number, c.OperatorName }).ToListAsync(ct);
                return rows.Select(r => (r.Id.Value, new RecordLabel($"合同 {r.Number}（{r.OperatorName}）", $"/contracts/{r.Id.Value}")));
            }
            case "Certificate":
            {
                var keys = ids.Select(i => new CertificateId(i)).ToList();
                var rows = await db.Certificates.AsNoTracking().Where(c => keys.Contains(c.Id)).Select(c => new { c.Id, c.Number }).ToListAsync(ct);
                return rows.Select(r => (r.Id.Value, new RecordLabel($"证书 {r.Number}", $"/certificates/{r.Id.Value}")));
            }
            case "Project":
            {
                var keys = ids.Select(i => new ProjectId(i)).ToList();
                var rows = await db.Projects.AsNoTracking().Where(p => keys.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct);
                return rows.Select(r => (r.Id.Value, new RecordLabel($"项目 {r.Name}", $"/projects/{r.Id.Value}")));
            }
            case "Disposal":
            {
                var keys = ids.Select(i => new DisposalId(i)).ToList();
                var rows = await (from d in db.Disposals.AsNoTracking()
                                  join a in db.Assets.AsNoTracking() on d.AssetId equals a.Id
                                  where keys.Contains(d.Id)
                                  select new { d.Id, a.Code }).ToListAsync(ct);
                return rows.Select(r => (r.Id.Value, new RecordLabel($"资产 {r.Code} 的处置", $"/disposals/{r.Id.Value}")));
            }
            case "DistributionPlan":
            {
                var keys = ids.Select(i => new DistributionPlanId(i)).ToList();
                var rows = await db.DistributionPlans.AsNoTracking().Where(p => keys.Contains(p.Id)).Select(p => new { p.Id, p.Number }).ToListAsync(ct);
                return rows.Select(r => (r.Id.Value, new RecordLabel($"方案 {r.Number}", $"/distribution/{r.Id.Value}")));
            }
            case "PlanLine":
            {
                var keys = ids.Select(i => new PlanLineId(i)).ToList();
                var rows = await (from l in db.PlanLines.AsNoTracking()
                                  join p in db.DistributionPlans.AsNoTracking() on l.PlanId equals p.Id
                                  where keys.Contains(l.Id)
                                  select new { l.Id, l.HouseholdNo, p.Number, PlanId = p.Id }).ToListAsync(ct);
                return rows.Select(r => (r.Id.Value, new RecordLabel($"方案 {r.Number} · 户 {r.HouseholdNo}", $"/distribution/{r.PlanId.Value}")));
            }
            case "PaymentBatch":
            {
                var keys = ids.Select(i => new PaymentBatchId(i)).ToList();
                var rows = await (from b in db.PaymentBatches.AsNoTracking()
                                  join p in db.DistributionPlans.AsNoTracking() on b.PlanId equals p.Id
                                  where keys.Contains(b.Id)
                                  select new { b.Id, b.Sequence, p.Number, PlanId = p.Id }).ToListAsync(ct);
                return rows.Select(r => (r.Id.Value, new RecordLabel($"方案 {r.Number} 第 {r.Sequence} 批代发", $"/distribution/{r.PlanId.Value}")));
            }
            case "User":
            {
                var keys = ids.Select(i => new UserId(i)).ToList();
                var rows = await db.Users.AsNoTracking().Where(u => keys.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.UserName }).ToListAsync(ct);
                return rows.Select(r => (r.Id.Value, new RecordLabel($"{r.DisplayName}（{r.UserName}）", $"/admin/users/{r.Id.Value}")));
            }
            default:
                return [];
        }
    }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry;

public sealed record HouseholdFilter
{
    public string? Township { get; init; }

    public string? Village { get; init; }

    public PovertyStatus? Status { get; init; }

    public HouseholdType? Type { get; init; }

    /// <summary>With <see cref="Status"/>: the status in effect on this date (from the status history) instead of today's.</summary>
    public DateOnly? StatusOn { get; init; }

    /// <summary>
    /// The start of a member's name (a surname finds its households), a full 18-character citizen ID, or a household
    /// number; spaces, full-width digits and a lower-case x are accepted.
    /// </summary>
    public string? Q { get; init; }

    /// <summary>Keyset cursor: the last household id of the previous page.</summary>
    public long? After { get; init; }

    /// <summary>Page number (1-based) for the numbered pager of the pages; ignored when <see cref="After"/> is given.</summary>
    public int? Page { get; init; }

    /// <summary>1–500; 50 when omitted. Nullable so that minimal API binding treats it as optional.</summary>
    public int? PageSize { get; init; }
}

public sealed record HouseholdListItem(long Id, string HouseholdNo, string HeadName, string VillageCode, string VillageName, string? GroupName, HouseholdType Type, string TypeName, PovertyStatus Status, string StatusName, int MemberCount);

public sealed record HouseholdPage(IReadOnlyList<HouseholdListItem> Items, int Total, long? NextAfter)
{
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;
}

/// <summary>The household list: filters, search and keyset paging, always within the caller's scope (query filters).</summary>
public sealed class HouseholdListQuery(RuralDbContext db, PersonalDataVault vault)
{
    public async Task<HouseholdPage> RunAsync(HouseholdFilter filter, CancellationToken ct)
    {
        var query = Filtered(filter, out var empty);
        if (empty)
        {
            return new HouseholdPage([], 0, null);
        }
        var pageSize = Math.Clamp(filter.PageSize ?? 50, 1, 500);
        var total = await query.CountAsync(ct);
        var paged = query;
        var page = 1;
        if (filter.After is { } after)
        {
            var cursor = new HouseholdId(after);
            paged = paged.Where(h => h.Id > cursor).OrderBy(h => h.Id);
        }
        else
        {
            page = Math.Clamp(filter.Page ?? 1, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
            paged = paged.OrderBy(h => h.Id).Skip((page - 1) * pageSize);
        }
        var rows = await paged.Take(pageSize + 1)
            .Select(h => new { h.Id, h.HouseholdNo, h.HeadName, h.VillageCode, h.GroupCode, h.Type, h.Status, h.MemberCount })
            .ToListAsync(ct);
        var names = await AreaNamesAsync(rows.Select(r => r.VillageCode).Concat(rows.Where(r => r.GroupCode != null).Select(r => r.GroupCode!.Value)), ct);
        var items = rows.Take(pageSize).Select(r => new HouseholdListItem(
            r.Id.Value, r.HouseholdNo, r.HeadName, r.VillageCode.Value, names.GetValueOrDefault(r.VillageCode.Value, r.VillageCode.Value),
            r.GroupCode is { } g ? names.GetValueOrDefault(g.Value) : null,
            r.Type, RegistryNames.Of(r.Type), r.Status, RegistryNames.Of(r.Status), r.MemberCount)).ToList();
        return new HouseholdPage(items, total, rows.Count > pageSize ? items[^1].Id : null) { Page = page, PageSize = pageSize };
    }

    /// <summary>The filtered (unpaged) query, shared with the Excel export.</summary>
    public IQueryable<Household> Filtered(HouseholdFilter filter, out bool empty)
    {
        ArgumentNullException.ThrowIfNull(filter);
        empty = false;
        var query = db.Households.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Village))
        {
            var village = DivisionCode.Parse(filter.Village, "village");
            query = query.Where(h => h.VillageCode == village);
        }
        else if (!string.IsNullOrWhiteSpace(filter.Township))
        {
            var township = DivisionCode.Parse(filter.Township, "township");
            query = query.Where(h => h.TownshipCode == township);
        }
        if (filter.Type is { } type)
        {
            query = query.Where(h => h.Type == type);
        }
        if (filter.Status is { } status)
        {
            if (filter.StatusOn is { } on)
            {
                // Bitemporal: the latest change effective on or before the date, as recorded up to now;
                // of two changes effective the same day, the later recorded (higher id) wins.
                query = query.Where(h => h.StatusHistory
                    .Where(c => c.EffectiveOn <= on)
                    .OrderByDescending(c => c.EffectiveOn).ThenByDescending(c => c.Id)
                    .Select(c => (PovertyStatus?)c.ToStatus)
                    .FirstOrDefault() == status);
            }
            else
            {
                query = query.Where(h => h.Status == status);
            }
        }
        var q = SearchText.Normalise(filter.Q);
        if (q.Length > 0)
        {
            var id = q.ToUpperInvariant();
            if (SearchText.IsCitizenId(id))
            {
                var hash = vault.LookupHash(id);
                query = query.Where(h => db.Members.Any(m => m.HouseholdId == h.Id && m.CitizenIdHash == hash));
            }
            else if (q.All(char.IsAsciiDigit))
            {
                query = query.Where(h => h.HouseholdNo == q);
            }
            else
            {
                // Names are stored in clear (decision 0021): a prefix is a LIKE 'q%' that an index on the name can serve.
                query = query.Where(h => h.HeadName.StartsWith(q) || db.Members.Any(m => m.HouseholdId == h.Id && m.Name.StartsWith(q)));
            }
        }
        return query;
    }

    private async Task<Dictionary<string, string>> AreaNamesAsync(IEnumerable<DivisionCode> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        return await db.Areas.AsNoTracking().Where(a => wanted.Contains(a.Code)).ToDictionaryAsync(a => a.Code.Value, a => a.Name, ct);
    }
}

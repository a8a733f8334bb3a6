using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Audit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Audit;

namespace RuralLedger.Web.Features.Audit;

public sealed record AuditFilter
{
    /// <summary>The user name of whoever acted (as recorded: "admin", "系统:startup", "匿名").</summary>
    public string? Actor { get; init; }

    /// <summary>Record type as recorded: User, Household, Member, Area…</summary>
    public string? EntityType { get; init; }

    public string? EntityId { get; init; }

    /// <summary>create, update, delete, login, login_failed, logout, unmask, export, import.</summary>
    public string? Action { get; init; }

    /// <summary>First day, China Standard Time (yyyy-MM-dd).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day, China Standard Time, inclusive.</summary>
    public DateOnly? To { get; init; }

    /// <summary>One chain (county code, or 000000 for the system chain) of those the caller may read; empty for all of them.</summary>
    public string? Chain { get; init; }

    /// <summary>Keyset cursor, newest first: the last id of the previous page.</summary>
    public long? Before { get; init; }

    /// <summary>Rows per page, 1–200; 50 when not given.</summary>
    public int? PageSize { get; init; }
}

/// <summary>One recorded field: its Chinese name and values as people read them; the raw values for the technical reader.</summary>
public sealed record AuditChange(string Field, string Label, string? Before, string? After)
{
    public string? RawBefore { get; init; }

    public string? RawAfter { get; init; }
}

public sealed record AuditRow(
    long Id, string ChainKey, long Sequence, DateTimeOffset At, string AtText, long? ActorId, string ActorName,
    string Action, string ActionName, string EntityType, string EntityTypeName, string EntityId,
    IReadOnlyList<AuditChange> Changes, string Hash)
{
    /// <summary>"张三（村干部）": the acting user's name and role; the recorded user name for system and anonymous actors.</summary>
    public string ActorDisplay { get; init; } = ActorName;

    /// <summary>The record as people name it ("方案 FP…", "户 5226…（张三）"); null when it no longer exists.</summary>
    public string? RecordLabel { get; init; }

    /// <summary>The record's page, when it has one.</summary>
    public string? RecordHref { get; init; }
}

public sealed record AuditPage(IReadOnlyList<AuditRow> Items, long? NextBefore, IReadOnlyList<string> Chains);

public sealed record AuditCheck(bool Intact, long Rows, IReadOnlyList<AuditChainHead> Chains, AuditBreak? FirstBreak, string Message);

/// <summary>
/// The audit trail as a county reads it. Audit rows have no query filter (they are written below EF), so every
/// query here names the chains the caller may read: a supervisor their county's chain; a county administrator
/// also the system chain, which holds sign-in failures for unknown user names.
/// </summary>
public sealed class AuditLogQuery(RuralDbContext db, AuditVerifier verifier)
{
    /// <summary>The recorded actions and their Chinese names, in the order the filter lists them.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Actions =
    [
        new("create", "新增"), new("update", "修改"), new("delete", "删除"), new("login", "登录"), new("login_failed", "登录失败"),
        new("logout", "退出"), new("unmask", "查看明文"), new("export", "导出"), new("import", "导入"), new("post", "记账"),
        new("seal_init", "数据封签初始化"), new("seal_upgrade", "结构升级后重新封签"), new("payer_links_rebuild", "重建贷款还款人"),
    ];

    /// <summary>Every kind of record the trail holds, by Chinese name (the filter's list).</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> EntityTypes =
        [.. AuditCatalogue.Kinds.OrderBy(k => k.Value, StringComparer.Ordinal)];

    private static readonly Dictionary<string, string> ActionNames = new(Actions, StringComparer.Ordinal);

    public async Task<AuditPage> ListAsync(AuditFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var chains = await ReadableChainsAsync(ct);
        var wanted = chains;
        if (!string.IsNullOrWhiteSpace(filter.Chain))
        {
            var chain = filter.Chain.Trim();
            // A chain the caller may not read is reported like an empty one: whether it exists is not disclosed.
            wanted = chains.Contains(chain) ? [chain] : [];
        }
        if (filter.From is { } f && filter.To is { } t && f > t)
        {
            throw new DomainException("audit.invalid_range", "起始日期不能晚于结束日期。", "from");
        }

        var query = db.AuditEntries.AsNoTracking().Where(a => wanted.Contains(a.ChainKey));
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim();
            var lower = actor.ToLowerInvariant();
            query = query.Where(a => a.ActorName == actor || a.ActorName == lower);
        }
        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            var type = filter.EntityType.Trim();
            query = query.Where(a => a.EntityType == type);
        }
        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            var id = filter.EntityId.Trim();
            query = query.Where(a => a.EntityId == id);
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = query.Where(a => a.Action == action);
        }
        if (filter.From is { } from)
        {
            var start = StartOfDay(from);
            query = query.Where(a => a.At >= start);
        }
        if (filter.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            query = query.Where(a => a.At < end);
        }
        if (filter.Before is { } before)
        {
            query = query.Where(a => a.Id < before);
        }
        // Ids grow with every append, across chains: newest first is descending id, and the id is the cursor.
        var pageSize = Math.Clamp(filter.PageSize ?? 50, 1, 200);
        var rows = await query.OrderByDescending(a => a.Id).Take(pageSize + 1).ToListAsync(ct);
        var page = rows.Take(pageSize).ToList();
        var records = new AuditRecords(db);
        var labels = await records.LabelsAsync(page.Select(a => (a.EntityType, a.EntityId)), ct);
        var actors = await records.ActorsAsync(page.Where(a => a.ActorId is not null).Select(a => a.ActorId!.Value), ct);
        var rowsOut = page.Select(ToRow).ToList();
        var areas = await records.AreaNamesAsync(rowsOut.SelectMany(r => r.Changes.Where(c => AuditCatalogue.IsAreaField(r.EntityType, c.Field))
            .SelectMany(c => new[] { c.RawBefore, c.RawAfter })).OfType<string>(), ct);
        var items = page.Zip(rowsOut, (a, row) =>
        {
            var label = labels.GetValueOrDefault((a.EntityType, a.EntityId));
            return row with
            {
                ActorDisplay = a.ActorId is { } actor && actors.TryGetValue(actor, out var who) ? who : a.ActorName,
                RecordLabel = label?.Label,
                RecordHref = label?.Href,
                Changes = areas.Count == 0 ? row.Changes : row.Changes.Select(c => AuditCatalogue.IsAreaField(a.EntityType, c.Field)
                    ? c with { Before = AreaText(areas, c.RawBefore) ?? c.Before, After = AreaText(areas, c.RawAfter) ?? c.After }
                    : c).ToList(),
            };
        }).ToList();
        return new AuditPage(items, rows.Count > pageSize ? items[^1].Id : null, chains);
    }

    /// <summary>Verifies the hash chains the caller may read (another county's chain is none of its business).</summary>
    public async Task<AuditCheck> VerifyAsync(CancellationToken ct)
    {
        var chains = await ReadableChainsAsync(ct);
        var result = await verifier.VerifyAsync(chains, ct);
        var message = result.FirstBreak is { } broken
            ? $"哈希链已断：链 {broken.ChainKey} 第 {broken.Sequence} 条（记录号 {broken.Id}）：{broken.Problem}"
            : $"哈希链完整：已校验 {result.Chains.Count} 条链共 {result.Rows.ToString("N0", CultureInfo.InvariantCulture)} 条记录。";
        return new AuditCheck(result.Intact, result.Rows, result.Chains, result.FirstBreak, message);
    }

    /// <summary>The chains of the caller's county; a county administrator also reads the system chain.</summary>
    public async Task<IReadOnlyList<string>> ReadableChainsAsync(CancellationToken ct)
    {
        var access = db.Access;
        return access.Scope.Kind switch
        {
            ScopeKind.All => await db.AuditEntries.AsNoTracking().Select(a => a.ChainKey).Distinct().OrderBy(k => k).ToListAsync(ct),
            ScopeKind.County when access.Role == Role.CountyAdmin => [access.Scope.CountyCode, AuditWriter.SystemChain],
            ScopeKind.County when access.Role == Role.Supervisor => [access.Scope.CountyCode],
            ScopeKind.County or ScopeKind.Township or ScopeKind.Village or ScopeKind.None => [],
        };
    }

    public static string ActionName(string action) => ActionNames.GetValueOrDefault(action, action);

    public static string EntityTypeName(string type) => AuditCatalogue.KindName(type);

    /// <summary>"混寨村（522699001001）": the name people know, the code inspectors match against documents.</summary>
    private static string? AreaText(Dictionary<string, string> names, string? raw) =>
        raw is not null && names.TryGetValue(raw, out var name) ? $"{name}（{raw}）" : null;

    private static DateTimeOffset StartOfDay(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), BusinessCalendar.ChinaOffset).ToUniversalTime();

    private AuditRow ToRow(AuditEntry a) => new(
        a.Id, a.ChainKey, a.Sequence, a.At, BusinessCalendar.Format(a.At), a.ActorId, a.ActorName,
        a.Action, ActionName(a.Action), a.EntityType, EntityTypeName(a.EntityType), a.EntityId,
        Diff(db.Model, a.EntityType, a.Before, a.After), a.Hash);

    /// <summary>
    /// The fields of the before and after JSON objects side by side. An update records only the changed fields (a
    /// secret one as the same placeholder on both sides); a create only "after", a delete only "before"; named
    /// events (sign-in failures, imports) carry small objects.
    /// </summary>
    public static IReadOnlyList<AuditChange> Diff(Microsoft.EntityFrameworkCore.Metadata.IModel model, string type, string? before, string? after)
    {
        var b = Fields(before);
        var a = Fields(after);
        var changes = new List<AuditChange>();
        foreach (var field in b.Keys.Concat(a.Keys).Distinct())
        {
            var hasBefore = b.TryGetValue(field, out var bv);
            var hasAfter = a.TryGetValue(field, out var av);
            changes.Add(new AuditChange(field, AuditCatalogue.FieldLabel(type, field),
                hasBefore ? AuditCatalogue.Display(model, type, field, bv) : null, hasAfter ? AuditCatalogue.Display(model, type, field, av) : null)
            {
                RawBefore = hasBefore ? bv : null,
                RawAfter = hasAfter ? av : null,
            });
        }
        return changes;
    }

    private static Dictionary<string, string?> Fields(string? json)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return fields;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                fields[""] = doc.RootElement.GetRawText();
                return fields;
            }
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                fields[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.Null => null,
                    _ => p.Value.GetRawText(),
                };
            }
        }
        catch (JsonException)
        {
            fields[""] = json;
        }
        return fields;
    }
}

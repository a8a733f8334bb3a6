using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Bulk;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry.Excel;

public sealed record ImportCounts(int Rows, int HouseholdsNew, int HouseholdsExisting, int HouseholdsChanged, int MembersNew, int MembersUnchanged, int MembersChanged)
{
    public bool NothingToChange => HouseholdsNew == 0 && HouseholdsChanged == 0 && MembersNew == 0 && MembersChanged == 0;
}

/// <summary>What an import found (and, when <see cref="Written"/>, wrote). Valid only without errors.</summary>
public sealed record ImportPreview(string? FileId, string FileName, string Sha256, ImportCounts Counts, IReadOnlyList<ImportError> Errors, bool Written)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>
/// Member import from the 成员导入 sheet, all or nothing. Every row is parsed and checked in memory; the database is asked
/// in batches (areas, household numbers, citizen-ID hashes of the whole file), never once per row. Households are matched by
/// 户编号 within the county, members by the keyed hash of the citizen ID, so the same file imported twice changes nothing.
/// Writing: new households (with their members and first status) go through <see cref="RegistryBulkWriter"/>; the few
/// existing households that gain or change members are changed through the domain model and EF, inside the same
/// transaction, so their rules (one head, version, per-row audit) hold; the import itself is one audit event.
/// </summary>
public sealed class HouseholdImport(RuralDbContext db, PersonalDataVault vault, TimeProvider clock, AuditWriter audit)
{
    private const int Batch = 1_000;

    private static readonly HashSet<PovertyStatus> NewStatuses =
        [PovertyStatus.Registered, PovertyStatus.MonitoredUnstable, PovertyStatus.MonitoredMarginal, PovertyStatus.MonitoredSudden];

    /// <summary>Parses and validates without writing.</summary>
    public async Task<ImportPreview> PreviewAsync(StoredImport file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var plan = await PlanAsync(file, ct);
        return new ImportPreview(file.Id, file.FileName, file.Sha256, plan.Counts, plan.Errors, Written: false);
    }

    /// <summary>Validates again (the data may have changed since the preview) and, if nothing is wrong, writes everything in one transaction.</summary>
    public async Task<ImportPreview> ImportAsync(StoredImport file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        var plan = await PlanAsync(file, ct);
        if (plan.Errors.Count > 0 || plan.Counts.NothingToChange)
        {
            return new ImportPreview(file.Id, file.FileName, file.Sha256, plan.Counts, plan.Errors, Written: false);
        }
        await WriteAsync(plan, file, ct);
        return new ImportPreview(file.Id, file.FileName, file.Sha256, plan.Counts, [], Written: true);
    }

    // ------------------------------------------------------------------ plan

    private sealed record ExistingHousehold(HouseholdId Id, string HouseholdNo, DivisionCode VillageCode, DivisionCode? GroupCode,
        HouseholdType Type, PovertyStatus Status, DateOnly RegisteredOn, PovertyCause Causes, string? BankName, byte[]? BankAccountHash, byte[]? PhoneCipher, int Version);

    private sealed record ExistingMember(MemberId Id, HouseholdId HouseholdId, DivisionCode VillageCode, string Name, byte[] CitizenIdHash, Relation Relation, LabourAbility Labour, Health Health, Education Education);

    private sealed record MemberUpdate(MemberId Id, string Name, Relation Relation, LabourAbility Labour, Health Health, Education Education);

    private sealed record NewMember(string Name, CitizenId CitizenId, Relation Relation, LabourAbility Labour, Health Health, Education Education);

    /// <summary>Changes to one existing household; null means "leave as it is".</summary>
    private sealed class HouseholdChange(HouseholdId id, int version)
    {
        public HouseholdId Id { get; } = id;
        public int Version { get; } = version;
        public DivisionCode? GroupCode { get; set; }
        public HouseholdType? Type { get; set; }
        public PovertyCause? Causes { get; set; }
        public (string Name, string Account)? Bank { get; set; }
        public string? Phone { get; set; }
        public bool HouseholdChanged => GroupCode is not null || Type is not null || Causes is not null || Bank is not null || Phone is not null;
        public List<MemberUpdate> Updates { get; } = [];
        public List<NewMember> Additions { get; } = [];
    }

    private sealed class Plan
    {
        public required string CountyCode { get; init; }
        public required List<ImportError> Errors { get; init; }
        public List<Household> NewHouseholds { get; } = [];
        public List<HouseholdChange> Changes { get; } = [];
        public ImportCounts Counts { get; set; } = new(0, 0, 0, 0, 0, 0, 0);
    }

    private async Task<Plan> PlanAsync(StoredImport file, CancellationToken ct)
    {
        var today = BusinessCalendar.Today(clock);
        var errors = new List<ImportError>();
        List<ImportRow> rows;
        using (var workbook = file.Open())
        {
            rows = ImportSheet.Read(workbook, today, vault.LookupHash, errors);
        }
        var county = db.Access.Scope.CountyCode;
        if (county.Length == 0)
        {
            // System jobs see every county; the file's first village decides which one it is about.
            county = rows.Select(r => r.VillageCode).FirstOrDefault(c => c is not null)?.County ?? "";
        }
        var plan = new Plan { CountyCode = county, Errors = errors };
        if (rows.Count == 0)
        {
            return plan;
        }
        void Error(ImportRow row, ImportField field, string code, string message) =>
            errors.Add(new ImportError(row.Row, ImportColumns.Header(field), code, message));

        // Duplicates inside the file: the second occurrence of a citizen ID is the wrong one.
        var firstRowOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.CitizenId is { } id && !firstRowOfId.TryAdd(id.Value, row.Row))
            {
                Error(row, ImportField.CitizenId, "registry.import_duplicate_citizen_id", $"该身份证号与第 {firstRowOfId[id.Value]} 行重复。");
                row.CitizenId = null;
                row.CitizenIdHash = null;
            }
        }

        var areas = await AreasAsync(rows, ct);
        foreach (var row in rows)
        {
            if (row.VillageCode is { } village)
            {
                if (county.Length > 0 && village.County != county)
                {
                    Error(row, ImportField.VillageCode, "scope.out_of_scope", $"行政村 {village} 不在本县（{county}），一次导入只能是一个县的户。");
                    row.VillageCode = null;
                }
                else if (!db.Access.Scope.Covers(village))
                {
                    Error(row, ImportField.VillageCode, "scope.out_of_scope", $"行政村 {village} 不在您的权限范围内。");
                    row.VillageCode = null;
                }
                else if (areas.GetValueOrDefault(village.Value) != AreaLevel.Village)
                {
                    Error(row, ImportField.VillageCode, "area.not_found", $"行政村 {village} 不存在。");
                    row.VillageCode = null;
                }
            }
            if (row.GroupCode is { } group)
            {
                if (areas.GetValueOrDefault(group.Value) != AreaLevel.Group)
                {
                    Error(row, ImportField.GroupCode, "area.not_found", $"村民组 {group} 不存在。");
                    row.GroupCode = null;
                }
            }
        }

        var groups = rows.Where(r => r.HouseholdNo.Length is > 0 and <= 30).GroupBy(r => r.HouseholdNo, StringComparer.Ordinal).ToList();
        var existingHouseholds = await ExistingHouseholdsAsync(county, groups.Select(g => g.Key).ToList(), ct);
        var existingMembers = await ExistingMembersAsync(county, rows.Where(r => r.CitizenIdHash is not null).Select(r => r.CitizenIdHash!).ToList(), ct);
        var existingHeads = await HeadsAsync(existingHouseholds.Values.Where(h => db.Access.Scope.Covers(h.VillageCode)).Select(h => h.Id).ToList(), ct);
        var householdNos = existingMembers.Count == 0 ? [] : await HouseholdNosAsync(existingMembers.Values.Select(m => m.HouseholdId).Distinct().ToList(), ct);

        int householdsNew = 0, householdsExisting = 0, householdsChanged = 0, membersNew = 0, membersUnchanged = 0, membersChanged = 0;
        var now = clock.GetUtcNow();
        foreach (var group in groups)
        {
            var members = group.ToList();
            var merged = Merge(members, Error);
            if (existingHouseholds.TryGetValue(group.Key, out var existing))
            {
                if (!db.Access.Scope.Covers(existing.VillageCode))
                {
                    foreach (var row in members)
                    {
                        Error(row, ImportField.HouseholdNo, "registry.duplicate_household_no", $"户编号 {group.Key} 已被本县其他村使用（不在您的权限范围内），请核对户编号。");
                    }
                    continue;
                }
                householdsExisting++;
                var change = new HouseholdChange(existing.Id, existing.Version);
                CompareHousehold(existing, members, merged, change, Error);
                var heads = existingHeads.TryGetValue(existing.Id, out var h) ? new HashSet<MemberId>(h) : [];
                var headRows = new List<ImportRow>();
                var probe = Probe(existing.VillageCode, now);
                foreach (var row in members.Where(r => r.MemberComplete && r.Name.Length > 0))
                {
                    if (!TryDomain(row, ImportField.Name, Error, () => probe.AddMember(row.Name, row.CitizenId!.Value, Relation.Other, row.Labour!.Value, row.Health!.Value, row.Education!.Value, vault)))
                    {
                        continue;
                    }
                    var key = Convert.ToHexString(row.CitizenIdHash!);
                    if (existingMembers.TryGetValue(key, out var member))
                    {
                        if (member.HouseholdId != existing.Id)
                        {
                            Error(row, ImportField.CitizenId, "registry.duplicate_citizen_id", RegisteredElsewhere(member, householdNos));
                            continue;
                        }
                        if (member.Relation == Relation.Head)
                        {
                            heads.Remove(member.Id);
                        }
                        if (row.Relation == Relation.Head)
                        {
                            headRows.Add(row);
                            heads.Add(member.Id);
                        }
                        if (member.Name == row.Name.Trim() && member.Relation == row.Relation && member.Labour == row.Labour && member.Health == row.Health && member.Education == row.Education)
                        {
                            membersUnchanged++;
                        }
                        else
                        {
                            change.Updates.Add(new MemberUpdate(member.Id, row.Name, row.Relation!.Value, row.Labour!.Value, row.Health!.Value, row.Education!.Value));
                            membersChanged++;
                        }
                    }
                    else
                    {
                        if (row.Relation == Relation.Head)
                        {
                            headRows.Add(row);
                            heads.Add(new MemberId(-row.Row));
                        }
                        change.Additions.Add(new NewMember(row.Name, row.CitizenId!.Value, row.Relation!.Value, row.Labour!.Value, row.Health!.Value, row.Education!.Value));
                        membersNew++;
                    }
                }
                if (heads.Count > 1)
                {
                    foreach (var row in headRows)
                    {
                        Error(row, ImportField.Relation, "registry.second_head", $"户 {group.Key} 已有户主，一户只能有一位户主。");
                    }
                }
                else if (heads.Count == 0 && existingHeads.ContainsKey(existing.Id))
                {
                    Error(members[0], ImportField.Relation, "registry.no_head", $"按此文件修改后户 {group.Key} 将没有户主，请同时指定新户主。");
                }
                if (change.HouseholdChanged)
                {
                    householdsChanged++;
                }
                if (change.HouseholdChanged || change.Updates.Count > 0 || change.Additions.Count > 0)
                {
                    plan.Changes.Add(change);
                }
            }
            else
            {
                householdsNew++;
                var household = NewHousehold(county, group.Key, members, merged, today, now, Error);
                foreach (var row in members.Where(r => r.MemberComplete))
                {
                    if (existingMembers.TryGetValue(Convert.ToHexString(row.CitizenIdHash!), out var member))
                    {
                        Error(row, ImportField.CitizenId, "registry.duplicate_citizen_id", RegisteredElsewhere(member, householdNos));
                    }
                    else
                    {
                        membersNew++;
                    }
                }
                if (household is not null)
                {
                    plan.NewHouseholds.Add(household);
                }
            }
        }
        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : ColumnIndex(a.Column).CompareTo(ColumnIndex(b.Column)));
        plan.Counts = new ImportCounts(rows.Count, householdsNew, householdsExisting, householdsChanged, membersNew, membersUnchanged, membersChanged);
        return plan;
    }

    /// <summary>The household cells of one household's rows, taken from whichever row fills them; rows that disagree are errors.</summary>
    private static ImportRow Merge(List<ImportRow> members, Action<ImportRow, ImportField, string, string> error)
    {
        var merged = new ImportRow { Row = members[0].Row, Text = (string[])members[0].Text.Clone() };
        merged.VillageCode = members[0].VillageCode;
        merged.GroupCode = members[0].GroupCode;
        merged.Type = members[0].Type;
        merged.Status = members[0].Status;
        merged.RegisteredOn = members[0].RegisteredOn;
        merged.Causes = members[0].Causes;
        var firstRow = new int[ImportColumns.All.Count];
        foreach (var column in ImportColumns.All.Where(c => c.HouseholdLevel))
        {
            firstRow[(int)column.Field] = members[0].Has(column.Field) ? members[0].Row : 0;
        }
        foreach (var row in members.Skip(1))
        {
            foreach (var column in ImportColumns.All.Where(c => c.HouseholdLevel && c.Field != ImportField.HouseholdNo))
            {
                var f = (int)column.Field;
                if (!row.Has(column.Field))
                {
                    continue;
                }
                if (firstRow[f] == 0)
                {
                    firstRow[f] = row.Row;
                    merged.Text[f] = row.Text[f];
                    switch (column.Field)
                    {
                        case ImportField.VillageCode: merged.VillageCode = row.VillageCode; break;
                        case ImportField.GroupCode: merged.GroupCode = row.GroupCode; break;
                        case ImportField.Type: merged.Type = row.Type; break;
                        case ImportField.Status: merged.Status = row.Status; break;
                        case ImportField.RegisteredOn: merged.RegisteredOn = row.RegisteredOn; break;
                        case ImportField.Causes: merged.Causes = row.Causes; break;
                    }
                }
                else if (!string.Equals(row.Text[f], merged.Text[f], StringComparison.Ordinal))
                {
                    error(row, column.Field, "registry.import_household_mismatch", $"同一户的“{column.Header}”与第 {firstRow[f]} 行填写的“{merged.Text[f]}”不一致。");
                }
            }
        }
        return merged;
    }

    /// <summary>
    /// Builds the new household through the domain model, so its own rules check number, group, account, phone and
    /// names. Even when something essential is missing the rest is still checked (on a stand-in), so that every bad cell
    /// is reported at once; the household is returned only if nothing was wrong.
    /// </summary>
    private Household? NewHousehold(string county, string householdNo, List<ImportRow> members, ImportRow merged, DateOnly today, DateTimeOffset now, Action<ImportRow, ImportField, string, string> error)
    {
        var first = members[0];
        var ok = true;
        if (merged.VillageCode is null)
        {
            if (!merged.Has(ImportField.VillageCode))
            {
                error(first, ImportField.VillageCode, "registry.required", $"户编号 {householdNo} 在本县尚未登记，新户须填写行政村代码。");
            }
            ok = false;
        }
        if (merged.Type is null)
        {
            if (!merged.Has(ImportField.Type))
            {
                error(first, ImportField.Type, "registry.required", $"新户须填写户类型，可填：{ImportColumns.Of(ImportField.Type).Allowed}。");
            }
            ok = false;
        }
        if (merged.Status is not { } status)
        {
            if (!merged.Has(ImportField.Status))
            {
                error(first, ImportField.Status, "registry.required", "新户须填写帮扶状态（建档立卡或监测对象）。");
            }
            ok = false;
        }
        else if (!NewStatuses.Contains(status))
        {
            error(RowWith(members, ImportField.Status), ImportField.Status, "registry.invalid_new_status", "新建档案的状态应为建档立卡或监测对象。");
            ok = false;
        }
        var heads = members.Where(r => r.Relation == Relation.Head).ToList();
        if (heads.Count == 0 && members.All(r => r.Relation is not null))
        {
            error(first, ImportField.Relation, "registry.no_head", $"新户 {householdNo} 须有且只有一位户主，本户没有填写户主。");
            ok = false;
        }
        foreach (var extra in heads.Skip(1))
        {
            error(extra, ImportField.Relation, "registry.second_head", $"新户 {householdNo} 已在第 {heads[0].Row} 行填写了户主，一户只能有一位户主。");
            ok = false;
        }

        Household? household = null;
        // The constructor checks the number and that the group belongs to the village.
        var at = RowWith(members, merged.GroupCode is null ? ImportField.VillageCode : ImportField.GroupCode);
        if (!TryDomain(at, ImportField.HouseholdNo, error, () => household = new Household(
                householdNo, merged.VillageCode ?? StandInVillage(county), merged.VillageCode is null ? null : merged.GroupCode,
                merged.Type ?? HouseholdType.General, ok ? merged.Status!.Value : PovertyStatus.Registered, merged.RegisteredOn ?? today, now, db.Access.ActorName)))
        {
            return null;
        }
        household!.SetCauses(merged.Causes ?? PovertyCause.None);
        if (merged.BankAccount is not null || merged.BankName is not null)
        {
            ok &= TryDomain(RowWith(members, ImportField.BankAccount), ImportField.BankAccount, error, () => household.SetBankAccount(merged.BankName, merged.BankAccount, vault));
        }
        if (merged.Phone is not null)
        {
            ok &= TryDomain(RowWith(members, ImportField.Phone), ImportField.Phone, error, () => household.SetPhone(merged.Phone, vault));
        }
        // The head first: the domain keeps the head's name on the household. Extra heads were reported above.
        foreach (var row in members.Except(heads.Skip(1)).OrderBy(r => r.Relation == Relation.Head ? 0 : 1))
        {
            if (!row.MemberComplete || row.Name.Length == 0)
            {
                ok = false;
                continue;
            }
            ok &= TryDomain(row, ImportField.Name, error, () => household.AddMember(row.Name, row.CitizenId!.Value, row.Relation!.Value, row.Labour!.Value, row.Health!.Value, row.Education!.Value, vault));
        }
        return ok ? household : null;
    }

    /// <summary>Any well-formed village code of the county: only to run the domain's checks when the real one is missing.</summary>
    private static DivisionCode StandInVillage(string county) => DivisionCode.Parse((county.Length == 6 ? county : "110101") + "001001");

    private void CompareHousehold(ExistingHousehold existing, List<ImportRow> members, ImportRow merged, HouseholdChange change, Action<ImportRow, ImportField, string, string> error)
    {
        void Error(ImportField field, string code, string message) => error(RowWith(members, field), field, code, message);

        if (merged.VillageCode is { } village && village != existing.VillageCode)
        {
            Error(ImportField.VillageCode, "registry.import_village_mismatch", $"户编号 {existing.HouseholdNo} 已登记在行政村 {existing.VillageCode}，与所填 {village} 不符；迁移请在户档案中办理。");
        }
        if (merged.Status is { } status && status != existing.Status)
        {
            Error(ImportField.Status, "registry.import_status_change", $"该户当前状态为“{RegistryNames.Of(existing.Status)}”；状态变更须在户档案中办理（填写生效日期与原因），不能通过导入修改。");
        }
        if (merged.RegisteredOn is { } on && on != existing.RegisteredOn)
        {
            Error(ImportField.RegisteredOn, "registry.import_registered_on_change", $"该户建档日期为 {BusinessCalendar.Format(existing.RegisteredOn)}，不能通过导入修改。");
        }
        if (merged.GroupCode is { } group && group != existing.GroupCode)
        {
            if (!existing.VillageCode.Contains(group))
            {
                Error(ImportField.GroupCode, "registry.group_mismatch", $"村民组 {group} 不属于村 {existing.VillageCode}。");
            }
            else
            {
                change.GroupCode = group;
            }
        }
        if (merged.Type is { } type && type != existing.Type)
        {
            change.Type = type;
        }
        if (merged.Causes is { } causes && causes != existing.Causes)
        {
            change.Causes = causes;
        }
        var probe = Probe(existing.VillageCode, clock.GetUtcNow());
        if (merged.BankAccount is not null || merged.BankName is not null)
        {
            if (TryDomain(RowWith(members, ImportField.BankAccount), ImportField.BankAccount, error, () => probe.SetBankAccount(merged.BankName, merged.BankAccount, vault))
                && merged.BankAccount is not null
                && (probe.BankName != existing.BankName || existing.BankAccountHash is null || !probe.BankAccountHash!.AsSpan().SequenceEqual(existing.BankAccountHash)))
            {
                change.Bank = (merged.BankName!, merged.BankAccount);
            }
        }
        if (merged.Phone is not null && TryDomain(RowWith(members, ImportField.Phone), ImportField.Phone, error, () => probe.SetPhone(merged.Phone, vault))
            && (existing.PhoneCipher is null || vault.Decrypt(existing.PhoneCipher) != merged.Phone.Trim()))
        {
            change.Phone = merged.Phone;
        }
    }

    /// <summary>A throwaway household to run the domain's own checks (names, accounts, phones) against.</summary>
    private Household Probe(DivisionCode village, DateTimeOffset now) =>
        new("probe", village, null, HouseholdType.General, PovertyStatus.Registered, BusinessCalendar.Today(clock), now, db.Access.ActorName);

    /// <summary>Runs a domain operation; its refusal becomes an error on the column its field names (or <paramref name="fallback"/>).</summary>
    private static bool TryDomain(ImportRow row, ImportField fallback, Action<ImportRow, ImportField, string, string> error, Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (DomainException e)
        {
            error(row, FieldOf(e.Field) ?? fallback, e.Code, e.Message);
            return false;
        }
    }

    private static ImportField? FieldOf(string? domainField) => domainField switch
    {
        "householdNo" => ImportField.HouseholdNo,
        "villageCode" => ImportField.VillageCode,
        "groupCode" => ImportField.GroupCode,
        "bankAccount" => ImportField.BankAccount,
        "bankName" => ImportField.BankName,
        "phone" => ImportField.Phone,
        "name" => ImportField.Name,
        "citizenId" => ImportField.CitizenId,
        "relation" => ImportField.Relation,
        _ => null,
    };

    /// <summary>The row of a household that filled <paramref name="field"/> (the first row if none did): where an error about it belongs.</summary>
    private static ImportRow RowWith(List<ImportRow> members, ImportField field) => members.FirstOrDefault(r => r.Has(field)) ?? members[0];

    private static int ColumnIndex(string header)
    {
        for (var i = 0; i < ImportColumns.All.Count; i++)
        {
            if (ImportColumns.All[i].Header == header)
            {
                return i;
            }
        }
        return int.MaxValue;
    }

    /// <summary>Where the ID is already registered is named only if the caller may see that household.</summary>
    private string RegisteredElsewhere(ExistingMember member, Dictionary<HouseholdId, string> householdNos) =>
        db.Access.Scope.Covers(member.VillageCode) && householdNos.TryGetValue(member.HouseholdId, out var no)
            ? $"该身份证号已登记在户编号 {no}（姓名 {member.Name}），不能再登记到本户。"
            : "该身份证号已在本县其他村登记，请联系乡镇或县级部门核实。";

    // ------------------------------------------------------------------ batched lookups

    private async Task<Dictionary<string, AreaLevel>> AreasAsync(List<ImportRow> rows, CancellationToken ct)
    {
        var codes = rows.SelectMany(r => new[] { r.VillageCode, r.GroupCode }).Where(c => c is not null).Select(c => c!.Value).Distinct().ToList();
        var result = new Dictionary<string, AreaLevel>(StringComparer.Ordinal);
        foreach (var chunk in codes.Chunk(Batch))
        {
            foreach (var a in await db.Areas.AsNoTracking().Where(a => chunk.Contains(a.Code)).Select(a => new { a.Code, a.Level }).ToListAsync(ct))
            {
                result[a.Code.Value] = a.Level;
            }
        }
        return result;
    }

    /// <summary>Household numbers are unique per county, across scopes: one outside the caller's scope still blocks the number.</summary>
    private async Task<Dictionary<string, ExistingHousehold>> ExistingHouseholdsAsync(string county, List<string> numbers, CancellationToken ct)
    {
        var result = new Dictionary<string, ExistingHousehold>(StringComparer.Ordinal);
        foreach (var chunk in numbers.Chunk(Batch))
        {
            var found = await db.Households.IgnoreQueryFilters().AsNoTracking()
                .Where(h => h.CountyCode == county && chunk.Contains(h.HouseholdNo))
                .Select(h => new ExistingHousehold(h.Id, h.HouseholdNo, h.VillageCode, h.GroupCode, h.Type, h.Status, h.RegisteredOn, h.Causes, h.BankName, h.BankAccountHash, h.PhoneCipher, h.Version))
                .ToListAsync(ct);
            foreach (var h in found)
            {
                result[h.HouseholdNo] = h;
            }
        }
        return result;
    }

    /// <summary>Members of the county with any of the file's citizen IDs, in or out of the caller's scope, keyed by hex hash.</summary>
    private async Task<Dictionary<string, ExistingMember>> ExistingMembersAsync(string county, List<byte[]> hashes, CancellationToken ct)
    {
        var result = new Dictionary<string, ExistingMember>(StringComparer.Ordinal);
        foreach (var chunk in hashes.Chunk(Batch))
        {
            var found = await db.Members.IgnoreQueryFilters().AsNoTracking()
                .Where(m => m.CountyCode == county && chunk.Contains(m.CitizenIdHash))
                .Select(m => new ExistingMember(m.Id, m.HouseholdId, m.VillageCode, m.Name, m.CitizenIdHash, m.Relation, m.Labour, m.Health, m.Education))
                .ToListAsync(ct);
            foreach (var m in found)
            {
                result[Convert.ToHexString(m.CitizenIdHash)] = m;
            }
        }
        return result;
    }

    private async Task<Dictionary<HouseholdId, List<MemberId>>> HeadsAsync(List<HouseholdId> households, CancellationToken ct)
    {
        var result = new Dictionary<HouseholdId, List<MemberId>>();
        foreach (var chunk in households.Chunk(Batch))
        {
            var heads = await db.Members.AsNoTracking()
                .Where(m => chunk.Contains(m.HouseholdId) && m.Relation == Relation.Head)
                .Select(m => new { m.HouseholdId, m.Id })
                .ToListAsync(ct);
            foreach (var h in heads)
            {
                if (!result.TryGetValue(h.HouseholdId, out var list))
                {
                    result[h.HouseholdId] = list = [];
                }
                list.Add(h.Id);
            }
        }
        return result;
    }

    /// <summary>Numbers of the households (in the caller's scope) that already hold some of the file's citizen IDs, for the messages.</summary>
    private async Task<Dictionary<HouseholdId, string>> HouseholdNosAsync(List<HouseholdId> ids, CancellationToken ct)
    {
        var result = new Dictionary<HouseholdId, string>();
        foreach (var chunk in ids.Chunk(Batch))
        {
            foreach (var h in await db.Households.AsNoTracking().Where(h => chunk.Contains(h.Id)).Select(h => new { h.Id, h.HouseholdNo }).ToListAsync(ct))
            {
                result[h.Id] = h.HouseholdNo;
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ write

    private async Task WriteAsync(Plan plan, StoredImport file, CancellationToken ct)
    {
        var previous = db.ChangeTracker.AutoDetectChangesEnabled;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (plan.Changes.Count > 0)
            {
                await ApplyChangesAsync(plan.Changes, ct);
            }
            var written = plan.NewHouseholds.Count > 0 ? await new RegistryBulkWriter(db).WriteAsync(plan.NewHouseholds, ct) : (Households: 0, Members: 0);
            var c = plan.Counts;
            await audit.AppendAsync(db, [new AuditRecord(plan.CountyCode, "import", nameof(Household), "*", null, Json.Object(
                ("source", "excel"), ("file", file.FileName), ("sha256", file.Sha256), ("rows", c.Rows),
                ("householdsNew", written.Households), ("householdsExisting", c.HouseholdsExisting), ("householdsChanged", c.HouseholdsChanged),
                ("membersNew", c.MembersNew), ("membersUnchanged", c.MembersUnchanged), ("membersChanged", c.MembersChanged)))], ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("registry.stale", "导入期间有户档案被他人修改，未写入任何数据；请重新上传预览。");
        }
        catch (Exception e) when (DbErrors.IsUniqueViolation(e))
        {
            throw new ConflictException("registry.duplicate", "导入期间有相同的户编号或身份证号被他人登记，未写入任何数据；请重新上传预览。");
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = previous;
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Existing households through the domain model: demotions before promotions, so "one head" holds at every step.</summary>
    private async Task ApplyChangesAsync(List<HouseholdChange> changes, CancellationToken ct)
    {
        foreach (var chunk in changes.Chunk(Batch))
        {
            var ids = chunk.Select(c => c.Id).ToList();
            var households = await db.Households.Include(h => h.Members).Where(h => ids.Contains(h.Id)).ToDictionaryAsync(h => h.Id, ct);
            foreach (var change in chunk)
            {
                if (!households.TryGetValue(change.Id, out var household) || household.Version != change.Version)
                {
                    throw new DbUpdateConcurrencyException();
                }
                if (change.GroupCode is not null || change.Type is not null || change.Causes is not null)
                {
                    household.Update(change.GroupCode ?? household.GroupCode, change.Type ?? household.Type, change.Causes ?? household.Causes);
                }
                if (change.Bank is { } bank)
                {
                    household.SetBankAccount(bank.Name, bank.Account, vault);
                }
                if (change.Phone is not null)
                {
                    household.SetPhone(change.Phone, vault);
                }
                foreach (var update in change.Updates.OrderBy(u => u.Relation == Relation.Head ? 1 : 0))
                {
                    household.Members.Single(m => m.Id == update.Id).Update(update.Name, update.Relation, update.Labour, update.Health, update.Education);
                }
                foreach (var add in change.Additions.OrderBy(a => a.Relation == Relation.Head ? 1 : 0))
                {
                    household.AddMember(add.Name, add.CitizenId, add.Relation, add.Labour, add.Health, add.Education, vault);
                }
            }
            await db.SaveChangesAsync(ct);
        }
    }
}

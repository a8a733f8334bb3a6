using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets;

/// <summary>One funding line as entered: a fund source of the county and an amount in yuan (two decimals at most).</summary>
public sealed record FundingInput(long FundSourceId, Money Amount);

/// <summary>One owner as entered: the share as a rate ("60.00" = 6,000 basis points).</summary>
public sealed record ShareInput(HolderKind Kind, string? Name, string? Code, long? HouseholdId, Rate Percent);

public sealed record AssetInput(
    string? Name, AssetClass Class, AssetKind Kind, Industry Industry, string? AreaCode, decimal Quantity, string? Unit, DateOnly? FormedOn,
    IReadOnlyList<FundingInput>? Funding, IReadOnlyList<ShareInput>? Shares,
    string? SupervisionUnit, string? SupervisionPerson, string? Beneficiaries, string? IncomeRule);

/// <summary>Describe an asset; <see cref="Funding"/> null leaves the funding lines as they are.</summary>
public sealed record AssetUpdate(string? Name, AssetClass Class, AssetKind Kind, Industry Industry, decimal Quantity, string? Unit, IReadOnlyList<FundingInput>? Funding, int? Version);

public sealed record AssetStatusInput(AssetStatus To, DateOnly? EffectiveOn, string? Reason);

public sealed record RightsInput(string? SupervisionUnit, string? SupervisionPerson, string? Beneficiaries, string? IncomeRule, int? Version);

public sealed record TransferInput(IReadOnlyList<ShareInput>? Shares, DateOnly? EffectiveOn, string? Reason, int? Version);

/// <summary>
/// Every write to the asset ledger. Assets are read through the scoped context, so one outside the caller's scope is
/// "not found"; a new asset must lie inside the scope. Saving writes the audit rows in the same transaction.
/// </summary>
public sealed class AssetCommands(RuralDbContext db, Numbering numbering, TimeProvider clock, AssetQuery assets)
{
    private static readonly Versions Versions = new("assets", "该资产档案");

    public async Task<long> CreateAsync(AssetInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new Validation();
        var today = BusinessCalendar.Today(clock);
        var area = await ParseAreaAsync(v, input.AreaCode, ct);
        CheckEnums(v, input.Class, input.Kind, input.Industry);
        if (input.FormedOn is null)
        {
            v.Add("formedOn", "请填写形成日期。");
        }
        else if (input.FormedOn > today)
        {
            v.Add("formedOn", "形成日期不能晚于今天。");
        }
        var funding = await FundingAsync(v, input.Funding, area?.County ?? db.Access.Scope.CountyCode, ct);
        var shares = await SharesAsync(v, input.Shares, ct);
        v.ThrowIfAny();

        var county = area!.Value.County;
        var year = today.Year;
        await using var transaction = await numbering.BeginAsync(ct);
        var code = (await numbering.NextAssetCodesAsync(county, year, 1, ct))[0];
        var asset = Collect(v, "name", () => new Asset(code, input.Name ?? "", input.Class, input.Kind, input.Industry, area.Value,
            input.Quantity, input.Unit ?? "", input.FormedOn!.Value, null, funding, shares, clock.GetUtcNow(), db.Access.ActorName));
        if (asset is not null)
        {
            Collect(v, "supervisionUnit", () => asset.SetRights(input.SupervisionUnit, input.SupervisionPerson, input.Beneficiaries, input.IncomeRule));
        }
        v.ThrowIfAny();
        db.Assets.Add(asset!);
        await Versions.SaveAsync(db, ct);
        await transaction.CommitAsync(ct);
        return asset!.Id.Value;
    }

    public async Task UpdateAsync(long id, AssetUpdate input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var asset = await assets.LoadAsync(id, tracking: true, ct);
        Versions.Expect(asset.Version, input.Version);
        var v = new Validation();
        CheckEnums(v, input.Class, input.Kind, input.Industry);
        var funding = input.Funding is null ? null : await FundingAsync(v, input.Funding, asset.CountyCode, ct);
        v.ThrowIfAny();
        Collect(v, "name", () => asset.Describe(input.Name, input.Class, input.Kind, input.Industry, input.Quantity, input.Unit));
        if (funding is not null && !v.HasErrors)
        {
            Collect(v, "funding", () => asset.SetFunding(funding));
        }
        v.ThrowIfAny();
        await Versions.SaveAsync(db, ct);
    }

    public async Task ChangeStatusAsync(long id, AssetStatusInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var asset = await assets.LoadAsync(id, tracking: true, ct);
        var today = BusinessCalendar.Today(clock);
        var on = input.EffectiveOn ?? today;
        if (on > today)
        {
            throw new DomainException("assets.future_status", "生效日期不能晚于今天。", "effectiveOn");
        }
        if (!Enum.IsDefined(input.To))
        {
            throw new DomainException("assets.status_unknown", "请选择新的资产状态。", "to");
        }
        asset.ChangeStatus(input.To, on, input.Reason, clock.GetUtcNow(), db.Access.ActorName);
        await Versions.SaveAsync(db, ct);
    }

    public async Task SetRightsAsync(long id, RightsInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var asset = await assets.LoadAsync(id, tracking: true, ct);
        Versions.Expect(asset.Version, input.Version);
        var v = new Validation();
        Collect(v, "supervisionUnit", () => asset.SetRights(input.SupervisionUnit, input.SupervisionPerson, input.Beneficiaries, input.IncomeRule));
        v.ThrowIfAny();
        await Versions.SaveAsync(db, ct);
    }

    public async Task TransferAsync(long id, TransferInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var asset = await assets.LoadAsync(id, tracking: true, ct);
        Versions.Expect(asset.Version, input.Version);
        var v = new Validation();
        var today = BusinessCalendar.Today(clock);
        var on = input.EffectiveOn ?? today;
        if (on > today)
        {
            v.Add("effectiveOn", "转移日期不能晚于今天。");
        }
        else if (on < asset.FormedOn)
        {
            v.Add("effectiveOn", "转移日期不能早于资产形成日期。");
        }
        var shares = await SharesAsync(v, input.Shares, ct);
        v.ThrowIfAny();
        if (shares.Select(s => (s.Kind, s.Name?.Trim(), s.HouseholdId, s.BasisPoints)).SequenceEqual(
                asset.Shares.Select(s => (s.HolderKind, (string?)s.HolderName, s.HouseholdId, s.BasisPoints))))
        {
            throw new DomainException("assets.transfer_unchanged", "新的所有权人及份额与现在相同，无需转移。", "shares");
        }
        Collect(v, "shares", () => asset.TransferOwnership(shares, on, input.Reason, db.Access.ActorName));
        v.ThrowIfAny();
        await Versions.SaveAsync(db, ct);
    }

    /// <summary>The location: a village, or for township and county staff their township or the county itself.</summary>
    private async Task<DivisionCode?> ParseAreaAsync(Validation v, string? text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            v.Add("areaCode", "请选择资产所在地。");
            return null;
        }
        if (!DivisionCode.TryParse(text, out var code, out var error))
        {
            v.Add("areaCode", error);
            return null;
        }
        if (code.Level == AreaLevel.Group)
        {
            v.Add("areaCode", "资产所在地最小到行政村。");
            return null;
        }
        if (!db.Access.Scope.Covers(code))
        {
            v.Add("areaCode", $"区划 {code} 不在您的权限范围内。");
            return null;
        }
        if (!await db.Areas.AnyAsync(a => a.Code == code, ct))
        {
            v.Add("areaCode", $"区划 {code} 不存在。");
            return null;
        }
        return code;
    }

    private static void CheckEnums(Validation v, AssetClass assetClass, AssetKind kind, Industry industry)
    {
        if (!Enum.IsDefined(assetClass))
        {
            v.Add("class", "请选择资产类别。");
        }
        if (!Enum.IsDefined(kind))
        {
            v.Add("kind", "请选择资产种类。");
        }
        if (!Enum.IsDefined(industry))
        {
            v.Add("industry", "请选择所属产业。");
        }
    }

    /// <summary>Funding lines of fund sources of the asset's county, amounts converted to fen exactly.</summary>
    private async Task<List<FundingLine>> FundingAsync(Validation v, IReadOnlyList<FundingInput>? lines, string county, CancellationToken ct)
    {
        var result = new List<FundingLine>();
        if (lines is null || lines.Count == 0)
        {
            v.Add("funding", "资产至少有一项资金来源。");
            return result;
        }
        var ids = lines.Select(l => new FundSourceId(l.FundSourceId)).Distinct().ToList();
        var known = await db.FundSources.AsNoTracking().Where(f => ids.Contains(f.Id) && f.CountyCode == county).Select(f => f.Id).ToListAsync(ct);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var source = new FundSourceId(line.FundSourceId);
            if (!known.Contains(source))
            {
                v.Add($"funding[{i}].fundSourceId", "请选择本县的资金来源。");
            }
            if (line.Amount <= Money.Zero)
            {
                v.Add($"funding[{i}].amount", "金额须大于零。");
            }
            result.Add(new FundingLine(source, line.Amount));
        }
        if (!v.HasErrors && result.GroupBy(f => f.FundSourceId).Any(g => g.Count() > 1))
        {
            v.Add("funding", "同一资金来源只能填写一行。");
        }
        return result;
    }

    /// <summary>Owners with their shares in basis points; a household owner must be a household the caller can see.</summary>
    private async Task<List<ShareLine>> SharesAsync(Validation v, IReadOnlyList<ShareInput>? lines, CancellationToken ct)
    {
        var result = new List<ShareLine>();
        if (lines is null || lines.Count == 0)
        {
            v.Add("shares", "须登记至少一个所有权人。");
            return result;
        }
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (!Enum.IsDefined(line.Kind))
            {
                v.Add($"shares[{i}].kind", "请选择所有权人类别。");
            }
            var basisPoints = line.Percent.BasisPoints;
            if (basisPoints is <= 0 or > Asset.FullShare)
            {
                v.Add($"shares[{i}].percent", "份额须在 0.01% 至 100% 之间，最多两位小数。");
                basisPoints = 0;
            }
            if (string.IsNullOrWhiteSpace(line.Name))
            {
                v.Add($"shares[{i}].name", "所有权人名称不能为空。");
            }
            HouseholdId? household = null;
            if (line.Kind == HolderKind.Household)
            {
                household = line.HouseholdId is { } h ? new HouseholdId(h) : null;
                if (household is null || !await db.Households.AnyAsync(x => x.Id == household, ct))
                {
                    v.Add($"shares[{i}].householdId", "农户所有权人须关联本辖区的户档案。");
                }
            }
            result.Add(new ShareLine(line.Kind, line.Name, line.Code, household, basisPoints));
        }
        if (!v.HasErrors && result.Sum(s => s.BasisPoints) != Asset.FullShare)
        {
            v.Add("shares", $"共有份额合计须恰好为 100%，现为 {result.Sum(s => s.BasisPoints) / 100m:0.##}%。");
        }
        return result;
    }

    /// <summary>Runs a domain call, recording its refusal under the field the rule names (or <paramref name="field"/>).</summary>
    private static T? Collect<T>(Validation v, string field, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (DomainException e) when (e.Kind == DomainErrorKind.Invalid && e is not ValidationFailedException)
        {
            v.Add(e.Field is { } own ? own : field, e.Message);
            return default;
        }
    }

    private static void Collect(Validation v, string field, Action action) => Collect(v, field, () => { action(); return 0; });
}

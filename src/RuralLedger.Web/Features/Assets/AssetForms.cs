using Microsoft.AspNetCore.Mvc.ModelBinding;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Distribution;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Assets;

// Form models of the asset pages; the handlers take the API's records, so pages and API share one path. The
// repeated rows (funding lines, owners) are a fixed number of inputs; blank rows are left out before the writer
// sees them, and an error on the n-th sent row is put back on the row it came from.

public sealed class FundingRow
{
    public long? FundSourceId { get; set; }

    public decimal? Amount { get; set; }

    public bool IsBlank => FundSourceId is null && Amount is null;
}

public sealed class ShareRow
{
    public HolderKind Kind { get; set; } = HolderKind.VillageCollective;

    public string? Name { get; set; }

    public string? Code { get; set; }

    public long? HouseholdId { get; set; }

    public decimal? Percent { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && Percent is null && HouseholdId is null;
}

/// <summary>The rows actually sent, with where each came from on the form.</summary>
public sealed record SentRows<T>(IReadOnlyList<T> Items, IReadOnlyList<int> FormIndex);

public static class AssetFormRows
{
    public const int FundingRows = 4;
    public const int ShareRows = 4;

    public static List<FundingRow> Pad(List<FundingRow> rows, int count = FundingRows) => Pad<FundingRow>(rows, count);

    public static List<ShareRow> Pad(List<ShareRow> rows, int count = ShareRows) => Pad<ShareRow>(rows, count);

    public static SentRows<FundingInput> Funding(IReadOnlyList<FundingRow> rows, Validation v)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sent = rows.Select((r, i) => (r, i)).Where(x => !x.r.IsBlank).ToList();
        return new(sent.Select((x, n) => new FundingInput(x.r.FundSourceId ?? 0, FormValues.Yuan(x.r.Amount, v, $"funding[{n}].amount") ?? Money.Zero)).ToList(),
            sent.Select(x => x.i).ToList());
    }

    public static SentRows<ShareInput> Shares(IReadOnlyList<ShareRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sent = rows.Select((r, i) => (r, i)).Where(x => !x.r.IsBlank).ToList();
        return new(sent.Select(x => new ShareInput(x.r.Kind, x.r.Name, x.r.Code, x.r.HouseholdId, ShareOf(x.r.Percent))).ToList(), sent.Select(x => x.i).ToList());
    }

    // A share that is no rate (three decimals, beyond 100%) goes on as zero, which the handler refuses with the share's own message.
    private static Rate ShareOf(decimal? percent)
    {
        try
        {
            return percent is { } p ? Rate.FromPercent(p) : Rate.Zero;
        }
        catch (DomainException)
        {
            return Rate.Zero;
        }
    }

    /// <summary>Shows a refusal next to its field, with "funding[1]" of the sent rows turned back into the form's row.</summary>
    public static void Apply(ModelStateDictionary modelState, DomainException error, SentRows<FundingInput>? funding, SentRows<ShareInput>? shares)
    {
        ArgumentNullException.ThrowIfNull(error);
        string Map(string field) => MapRow(MapRow(field, "funding", funding?.FormIndex), "shares", shares?.FormIndex);
        var mapped = error is ValidationFailedException v
            ? new ValidationFailedException(v.Errors.GroupBy(e => Map(e.Key)).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray()))
            : error.Field is { } f ? new DomainException(error.Code, error.Message, Map(f)) : error;
        FormErrors.Apply(modelState, mapped);
    }

    private static string MapRow(string field, string list, IReadOnlyList<int>? index)
    {
        var prefix = list + "[";
        if (index is null || !field.StartsWith(prefix, StringComparison.Ordinal))
        {
            return field;
        }
        var close = field.IndexOf(']', StringComparison.Ordinal);
        if (close < 0 || !int.TryParse(field.AsSpan(prefix.Length, close - prefix.Length), System.Globalization.CultureInfo.InvariantCulture, out var n) || n >= index.Count)
        {
            return field;
        }
        return $"{list}[{index[n]}]{field[(close + 1)..]}";
    }

    private static List<T> Pad<T>(List<T> rows, int count) where T : new()
    {
        while (rows.Count < count)
        {
            rows.Add(new T());
        }
        return rows;
    }
}

public sealed class AssetForm
{
    public string? Name { get; set; }

    public AssetClass Class { get; set; } = AssetClass.Operating;

    public AssetKind Kind { get; set; } = AssetKind.Pen;

    public Industry Industry { get; set; } = Industry.CamelliaOil;

    public string? AreaCode { get; set; }

    public decimal? Quantity { get; set; }

    public string? Unit { get; set; }

    public DateOnly? FormedOn { get; set; }

    public List<FundingRow> Funding { get; set; } = [];

    public List<ShareRow> Shares { get; set; } = [];

    public string? SupervisionUnit { get; set; }

    public string? SupervisionPerson { get; set; }

    public string? Beneficiaries { get; set; }

    public string? IncomeRule { get; set; } = DefaultDistributionPolicy.Code;

    public int Version { get; set; }

    public AssetInput ToInput(SentRows<FundingInput> funding, SentRows<ShareInput> shares) =>
        new(Name, Class, Kind, Industry, AreaCode, Quantity ?? 0, Unit, FormedOn, funding.Items, shares.Items, SupervisionUnit, SupervisionPerson, Beneficiaries, IncomeRule);

    public AssetUpdate ToUpdate(SentRows<FundingInput> funding) => new(Name, Class, Kind, Industry, Quantity ?? 0, Unit, funding.Items, Version);
}

public sealed class AssetStatusForm
{
    public AssetStatus To { get; set; } = AssetStatus.Idle;

    public DateOnly? EffectiveOn { get; set; }

    public string? Reason { get; set; }
}

public sealed class RightsForm
{
    public string? SupervisionUnit { get; set; }

    public string? SupervisionPerson { get; set; }

    public string? Beneficiaries { get; set; }

    public string? IncomeRule { get; set; }

    public int Version { get; set; }
}

public sealed class TransferForm
{
    public List<ShareRow> Shares { get; set; } = [];

    public DateOnly? EffectiveOn { get; set; }

    public string? Reason { get; set; }

    public int Version { get; set; }
}

using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;

namespace RuralLedger.Web.Infrastructure;

/// <summary>Turns what a form or JSON body says (yuan, percent, dates) into domain values, naming the field that is wrong.</summary>
internal static class Inputs
{
    public static Money Yuan(Money? yuan, string field, string label) =>
        yuan ?? throw new DomainException("input.required", $"{label}不能为空。", field);

    /// <summary>A rate as basis points (8.25% → 825); its JSON or form text was already held to 0–100% with two decimals.</summary>
    public static int BasisPoints(Rate? percent, string field, string label) =>
        percent?.BasisPoints ?? throw new DomainException("input.required", $"{label}不能为空。", field);

    /// <summary>A recorded event happened on or before the business date; missing means today.</summary>
    public static DateOnly NotAfterToday(DateOnly? date, DateOnly today, string field, string label)
    {
        var d = date ?? today;
        if (d > today)
        {
            throw new DomainException("input.future_date", $"{label}不能晚于今天（{BusinessCalendar.Format(today)}）。", field);
        }
        return d;
    }

    /// <summary>JSON may carry an enum as a number; one outside the enum is refused, not stored.</summary>
    public static T Defined<T>(T value, string field, string label)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new DomainException("input.choice", $"{label}不是可选的值。", field);

    /// <summary>Contract and event dates within a plausible range (and far from the calendar's ends, where date arithmetic fails).</summary>
    public static DateOnly Plausible(DateOnly date, string field, string label) =>
        date.Year is >= 2000 and <= 2100 ? date : throw new DomainException("input.date_range", $"{label}应在 2000–2100 年之间。", field);

    public static Rate? Percent(int basisPoints) => basisPoints == 0 ? null : Rate.FromBasisPoints(basisPoints);
}

/// <summary>Names of the areas a page shows (township, village), read within the caller's scope.</summary>
internal static class PlaceNames
{
    public static async Task<Dictionary<string, string>> LoadAsync(RuralDbContext db, IEnumerable<DivisionCode?> codes, CancellationToken ct)
    {
        var wanted = codes.Where(c => c is not null).Select(c => c!.Value).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }
        return await db.Areas.AsNoTracking().Where(a => wanted.Contains(a.Code)).ToDictionaryAsync(a => a.Code.Value, a => a.Name, ct);
    }

    /// <summary>"龙溪镇 · 混寨村", or the township alone, or "县级" for county-level records.</summary>
    public static string Of(Dictionary<string, string> names, DivisionCode? township, DivisionCode? village)
    {
        if (village is { } v)
        {
            var t = township is { } tc ? names.GetValueOrDefault(tc.Value, tc.Value) + " · " : "";
            return t + names.GetValueOrDefault(v.Value, v.Value);
        }
        if (township is { } only)
        {
            return names.GetValueOrDefault(only.Value, only.Value);
        }
        return "县级";
    }
}

/// <summary>Amounts as the views show them without the unit, the one way every page shows money ("1,234,567.89").</summary>
public static class Yuan
{
    public static string Text(Money amount) => amount.ToString(withUnit: false);

    public static string Text(Money? amount) => amount is { } a ? Text(a) : "";
}

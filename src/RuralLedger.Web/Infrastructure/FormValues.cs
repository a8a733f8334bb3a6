using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// Amounts and percents a page's form sends as numbers, turned into the API's <see cref="Money"/> and <see cref="Rate"/>
/// before the handler sees them; a refused value is recorded under the API's field name, so the page shows it in place.
/// </summary>
internal static class FormValues
{
    public static Money? Yuan(decimal? yuan, Validation v, string field) =>
        yuan is { } y ? v.Try(field, () => (Money?)Money.FromYuan(y)) : null;

    /// <summary>One amount of a one-field form: a refusal names <paramref name="field"/> at once.</summary>
    public static Money? Yuan(decimal? yuan, string field)
    {
        var v = new Validation();
        var amount = Yuan(yuan, v, field);
        v.ThrowIfAny();
        return amount;
    }

    public static Rate? Percent(decimal? percent, Validation v, string field) =>
        percent is { } p ? v.Try(field, () => (Rate?)Rate.FromPercent(p)) : null;
}

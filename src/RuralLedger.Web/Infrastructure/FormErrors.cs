using Microsoft.AspNetCore.Mvc.ModelBinding;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Infrastructure;

internal static class FormErrors
{
    /// <summary>
    /// Puts a domain error on the form field it names (API field names map to form keys by a prefix and
    /// Pascal-casing: "head.citizenId" → "Input.Head.CitizenId"); unnamed errors go to the summary.
    /// </summary>
    public static void Apply(ModelStateDictionary modelState, DomainException error, string prefix = "Input")
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(error);
        if (error is ValidationFailedException v)
        {
            foreach (var (field, messages) in v.Errors)
            {
                foreach (var m in messages)
                {
                    modelState.AddModelError(Key(prefix, field), m);
                }
            }
            return;
        }
        modelState.AddModelError(error.Field is null ? string.Empty : Key(prefix, error.Field), error.Message);
    }

    private static string Key(string prefix, string field) =>
        prefix + "." + string.Join('.', field.Split('.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}

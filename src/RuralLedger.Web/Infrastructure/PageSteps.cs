using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// One step posted from a record's page (approve, record a meeting, take a receipt): allowed by a policy, run, then
/// back to the page with a flash (post/redirect/get). A rule the step broke is shown on the step's form, the page
/// rebuilt around it; a missing record stays a 404.
/// </summary>
internal static class PageSteps
{
    /// <param name="policy">Null when the page checked the caller itself.</param>
    /// <param name="form">The step's form prefix ("Receipt"): a refused field <c>amount</c> is shown at <c>Receipt.Amount</c>.</param>
    /// <param name="step">Runs the step and returns the flash, or null when it set its own.</param>
    /// <param name="back">The page to return to.</param>
    /// <param name="reload">Loads the page's record again (and restores what the form needs) to show it with the error.</param>
    /// <param name="rename">The form's name for a field the domain calls differently; null keeps the domain's.</param>
    public static async Task<IActionResult> StepAsync(this PageModel page, IAuthorizationService authorization, string? policy, string form,
        Func<Task<string?>> step, string back, Func<Task> reload, Func<string, string?>? rename = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(reload);
        if (policy is not null && !(await authorization.AuthorizeAsync(page.User, policy)).Succeeded)
        {
            return new ForbidResult();
        }
        try
        {
            if (await step() is { } flash)
            {
                page.TempData["Flash"] = flash;
            }
            return new RedirectResult(back);
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            // The other forms of the page were bound too; only this step's error belongs on it.
            page.ModelState.Clear();
            FormErrors.Apply(page.ModelState, OnForm(e, rename), form);
            await reload();
            return new PageResult();
        }
    }

    /// <summary>A step whose flash does not depend on its result.</summary>
    public static Task<IActionResult> StepAsync(this PageModel page, IAuthorizationService authorization, string? policy, string form,
        Func<Task> step, string done, string back, Func<Task> reload, Func<string, string?>? rename = null) =>
        page.StepAsync(authorization, policy, form, async () =>
        {
            await step();
            return done;
        }, back, reload, rename);

    /// <summary>
    /// "status" is the record's state, not an input of the form: such a refusal (already approved, already ended) is
    /// shown above the forms.
    /// </summary>
    private static DomainException OnForm(DomainException e, Func<string, string?>? rename)
    {
        if (e is ValidationFailedException || e.Field is null)
        {
            return e;
        }
        var field = e.Field == "status" ? null : rename?.Invoke(e.Field) ?? e.Field;
        return field == e.Field ? e : new DomainException(e.Code, e.Message, field);
    }
}

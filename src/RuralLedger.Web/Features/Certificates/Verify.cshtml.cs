using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace RuralLedger.Web.Features.Certificates;

/// <summary>The page the QR code opens: no login, no scope, the code only. Unknown and malformed codes look the same.</summary>
[AllowAnonymous]
public sealed class VerifyModel(Verification verification, VerificationRateLimiter limiter) : PageModel
{
    public VerificationAnswer Answer { get; private set; } = Verification.Unknown;

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        ViewData["Title"] = "所有权证核验";
        VerificationRateLimiter.NoIndex(Response);
        if (!limiter.TryEnter(HttpContext))
        {
            Response.Headers.RetryAfter = "60";
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }
        Answer = await verification.CheckAsync(code, ct);
        if (Answer.Result == VerificationResult.Unknown)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }
}

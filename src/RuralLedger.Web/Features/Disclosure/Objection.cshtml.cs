using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Features.Disclosure;

/// <summary>A villager's objection to one notice, without sign-in; the anti-forgery token is the only cookie it sets.</summary>
[AllowAnonymous]
[EnableRateLimiting(ObjectionRateLimit.Name)]
public sealed class ObjectionModel(BoardQueries queries, BoardObjections objections) : PageModel
{
    public VillagePlace Village { get; private set; } = null!;

    public PlanNotice Notice { get; private set; } = null!;

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    public bool Filed { get; private set; }

    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(string villageCode, long planId, bool filed, CancellationToken ct)
    {
        if (!await LoadAsync(villageCode, planId, ct))
        {
            return NotFound();
        }
        Filed = filed;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string villageCode, long planId, CancellationToken ct)
    {
        if (!await LoadAsync(villageCode, planId, ct))
        {
            return NotFound();
        }
        try
        {
            await objections.FileAsync(planId, new BoardObjectionInput(Name, Phone, Text), ct);
        }
        catch (ValidationFailedException e)
        {
            ModelState.Clear();
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field switch { "name" => nameof(Name), "phone" => nameof(Phone), _ => nameof(Text) }, message);
                }
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            Refusal = e.Message;
            Response.StatusCode = e is ConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
            return Page();
        }
        return Redirect($"/public/{Village.Code}/notices/{planId}/objection?filed=true");
    }

    private async Task<bool> LoadAsync(string villageCode, long planId, CancellationToken ct)
    {
        if (await queries.NoticeAsync(villageCode, planId, ct) is not var (village, notice))
        {
            return false;
        }
        (Village, Notice) = (village, notice);
        ViewData["Title"] = "对公示提出异议";
        return true;
    }
}

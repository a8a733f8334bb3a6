using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Home;

/// <summary>
/// The error page a browser sees (ErrorHandling.UseRuralErrors re-executes here): what went wrong in Chinese and the
/// request id the logs carry. A failed form post lands here too, hence the POST handler and no antiforgery check.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }

    public string Title { get; private set; } = "";

    public string Message { get; private set; } = "";

    public string RequestId { get; private set; } = "";

    public IActionResult OnGet() => Render();

    public IActionResult OnPost() => Render();

    private PageResult Render()
    {
        var exception = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        // The status comes from the route (/error/404), never from a posted field of the failed form; re-executed after an
        // exception, the response already carries it.
        var routed = int.TryParse(RouteData.Values["status"]?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 0;
        Status = routed is >= 400 and < 600 ? routed
            : Response.StatusCode is >= 400 and < 600 ? Response.StatusCode
            : exception is not null ? StatusCodes.Status500InternalServerError
            : StatusCodes.Status404NotFound;
        Response.StatusCode = Status;
        Title = Status == StatusCodes.Status503ServiceUnavailable ? "服务暂不可用" : ErrorHandling.TitleFor(Status);
        Message = exception switch
        {
            MissingRequirementException missing => missing.Message,
            DomainException domain => domain.Message,
            _ => Status switch
            {
                StatusCodes.Status404NotFound => "您要打开的页面或记录不存在，或不在您的权限范围内。",
                StatusCodes.Status403Forbidden => "您的角色或区划范围不包含此页面或数据。如需权限，请联系县级管理员。",
                StatusCodes.Status405MethodNotAllowed => "此页面不接受这种提交方式，请从页面上的按钮操作。",
                >= 500 => "服务器内部错误，请稍后重试。",
                _ => "请求未能完成，请返回上一页检查后重试。",
            },
        };
        RequestId = HttpContext.TraceIdentifier;
        ViewData["Active"] = "";
        return Page();
    }
}

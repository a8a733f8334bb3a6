using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// Something the app needs at run time is missing from the machine (the certificate font). Answered 503 with the
/// message, which names the fix; never a bare 500.
/// </summary>
public sealed class MissingRequirementException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Every error leaves the API as RFC 9457 problem details with a Chinese title/detail for people and a stable
/// <c>code</c> for programs; a domain rule's field is reported under <c>errors</c>. A browser opening a page gets an
/// HTML error page instead (404, 403, 500 with the request id), rendered by <c>/error</c>.
/// </summary>
internal static class ErrorHandling
{
    /// <summary>
    /// A person's browser asking for a page, not a program: outside /api, accepting HTML and not asking for JSON.
    /// Clients that send no Accept header keep getting problem details, as before.
    /// </summary>
    public static bool WantsHtml(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }
        var accept = http.Request.Headers.Accept.ToString();
        return accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) && !accept.Contains("json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The status an exception is answered with; set before any handler runs, so a 404 is a 404 (not a failure of the handler).</summary>
    public static int StatusOf(Exception exception) => exception switch
    {
        DomainException d => d.Kind switch
        {
            DomainErrorKind.Invalid => StatusCodes.Status400BadRequest,
            DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
            DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
            DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        },
        BadHttpRequestException bad => bad.StatusCode,
        MissingRequirementException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// Exceptions and empty error statuses: pages for browsers (re-executed at /error), problem details for the rest.
    /// Two branches rather than one handler: each keeps the framework's own middleware and its 404 rules.
    /// </summary>
    public static IApplicationBuilder UseRuralErrors(this IApplicationBuilder app)
    {
        app.UseWhen(WantsHtml, html => html
            .UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", StatusCodeSelector = StatusOf })
            .UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseWhen(http => !WantsHtml(http), api => api
            .UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusOf })
            .UseStatusCodePages());
        return app;
    }

    public static IServiceCollection AddRuralProblemDetails(this IServiceCollection services)
    {
        // Minimal APIs answer a body they can't read with a bare 400 outside Development; thrown, it is reported like any other.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<MissingRequirementHandler>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var problem = ctx.ProblemDetails;
            var status = problem.Status ?? StatusCodes.Status500InternalServerError;
            problem.Extensions.TryAdd("code", CodeFor(status));
            problem.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
            if (string.IsNullOrEmpty(problem.Title) || problem.Title.All(c => c < 128))
            {
                problem.Title = TitleFor(status);
            }
            if (status >= 500 && problem.Extensions.TryGetValue("code", out var code) && code is "server_error")
            {
                problem.Detail = "服务器内部错误，请稍后重试；如持续出现，请把追踪号告知管理员。";
            }
        });
        return services;
    }

    public static string CodeFor(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthenticated",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        415 => "unsupported_media_type",
        422 => "unprocessable",
        429 => "too_many_requests",
        >= 500 => "server_error",
        _ => "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string TitleFor(int status) => status switch
    {
        400 => "请求有误",
        401 => "请先登录",
        403 => "无权访问",
        404 => "未找到",
        405 => "不支持的请求方法",
        409 => "与现有数据冲突",
        415 => "不支持的内容类型",
        422 => "无法处理的请求",
        429 => "请求过于频繁",
        >= 500 => "服务器内部错误",
        _ => "请求未能完成",
    };

    /// <summary>
    /// A request the endpoint can't bind (a required query parameter missing, a number that isn't one). In Development
    /// minimal APIs throw instead of answering 400 themselves; either way the caller gets a 400 problem.
    /// </summary>
    private sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad || WantsHtml(http))
            {
                return false;
            }
            http.Response.StatusCode = bad.StatusCode;
            var problem = new ProblemDetails { Status = bad.StatusCode, Title = TitleFor(bad.StatusCode), Detail = "请求缺少必填参数，或参数格式不正确。" };
            problem.Extensions["code"] = CodeFor(bad.StatusCode);
            if (bad.InnerException is JsonException json)
            {
                // The serializer names the field as a JSON path ("$.budget[0].amount"); callers see it without the root.
                var field = json.Path is { Length: > 0 } path ? path.TrimStart('$').TrimStart('.') : "";
                var message = json is ValueJsonException value ? value.Message : "请求体不是有效的 JSON，或字段类型不对。";
                problem.Detail = field.Length > 0 ? $"{field}：{message}" : message;
                problem.Extensions["code"] = json is ValueJsonException coded ? coded.Code : "json.invalid";
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
            }
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
        }
    }

    private sealed class MissingRequirementHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not MissingRequirementException missing || WantsHtml(http))
            {
                return false;
            }
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            var problem = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "服务暂不可用", Detail = missing.Message };
            problem.Extensions["code"] = "server.requirement_missing";
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
        }
    }

    private sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not DomainException domain || WantsHtml(http))
            {
                return false;
            }
            var status = StatusOf(domain);
            http.Response.StatusCode = status;
            var problem = new ProblemDetails { Status = status, Title = TitleFor(status), Detail = domain.Message };
            problem.Extensions["code"] = domain.Code;
            if (domain is ValidationFailedException v)
            {
                problem.Extensions["errors"] = v.Errors;
                if (v.Codes.Count > 0)
                {
                    problem.Extensions["codes"] = v.Codes;
                }
            }
            else if (domain.Field is not null)
            {
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [domain.Field] = [domain.Message] };
            }
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
        }
    }
}

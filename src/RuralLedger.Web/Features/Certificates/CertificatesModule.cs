using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using RuralLedger.Core.Certificates;
using RuralLedger.Data.Audit;
using RuralLedger.Data;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Certificates;

/// <summary>Ownership certificates (所有权证): services, the JSON API, the PDF and the public verification answer.</summary>
public static class CertificatesModule
{
    public static IServiceCollection AddCertificates(this IServiceCollection services)
    {
        services.AddOptions<CertificateOptions>().BindConfiguration(CertificateOptions.Section);
        services.AddScoped<CertificateQueries>();
        services.AddScoped<CertificateCommands>();
        services.AddScoped<Verification>();
        services.AddSingleton<CertificatePdf>();
        services.AddSingleton<CertificateFontCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<CertificateFontCheck>());
        services.AddHealthChecks().AddCheck<CertificateFontCheck>(CertificateFontCheck.Name);
        services.AddSingleton<VerificationRateLimiter>();
        return services;
    }

    public static IEndpointRouteBuilder MapCertificates(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/certificates").WithTags("所有权证");

        api.MapGet("/", ([AsParameters] CertificateFilter filter, CertificateQueries queries, CancellationToken ct) => queries.ListAsync(filter, ct))
            .WithName("ListCertificates")
            .WithSummary("所有权证列表")
            .WithDescription("按状态、发证年度、行政村筛选；q 为证号（或其一部分）或资产名称。page 从 1 起，pageSize 1–200。");

        api.MapGet("/{id:long}", (long id, CertificateQueries queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithName("GetCertificate")
            .WithSummary("所有权证详情（含换发记录）")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/assets/{id:long}/certificates", async (long id, CertificateCommands issuer, CancellationToken ct) =>
            {
                var issued = await issuer.IssueAsync(id, ct);
                return TypedResults.Created($"/api/certificates/{issued.Id}", issued);
            })
            .WithTags("所有权证")
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("IssueCertificate")
            .WithSummary("为资产颁发所有权证")
            .WithDescription("证号按县、年度顺序编号（发证日期为北京时间当日）。资产已有有效证书时返回 409 certificates.already_valid（请换发）；已处置资产返回 409 certificates.asset_disposed。")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/reissue", async (long id, ReasonInput input, CertificateCommands issuer, CancellationToken ct) =>
            {
                var issued = await issuer.ReissueAsync(id, input, ct);
                return TypedResults.Created($"/api/certificates/{issued.Id}", issued);
            })
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("ReissueCertificate")
            .WithSummary("换发所有权证（如所有权转移、损毁补发）")
            .WithDescription("按资产当前登记的所有权人颁发新证；原证变为“已换发”并记录新证号，新证记录所替代的原证，二者在同一事务中完成。reason 必填。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/revoke", async (long id, ReasonInput input, CertificateCommands issuer, CancellationToken ct) =>
            {
                await issuer.RevokeAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("RevokeCertificate")
            .WithSummary("注销所有权证（reason 必填）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/{id:long}/pdf", PdfAsync)
            .WithName("GetCertificatePdf")
            .WithSummary("所有权证 PDF（A4，内嵌中文字体，含核验二维码）")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/certificates/{id:long}/pdf", PdfAsync).ExcludeFromDescription();

        app.MapGet("/api/verify/{**code}", async Task<IResult> (
                string? code, HttpContext http, VerificationRateLimiter limiter, Verification verification, CancellationToken ct) =>
            {
                VerificationRateLimiter.NoIndex(http.Response);
                if (!limiter.TryEnter(http))
                {
                    return VerificationRateLimiter.TooManyRequests(http);
                }
                var answer = await verification.CheckAsync(code, ct);
                return answer.Result == VerificationResult.Unknown ? TypedResults.NotFound(answer) : TypedResults.Ok(answer);
            })
            .AllowAnonymous()
            .Produces<VerificationAnswer>()
            .Produces<VerificationAnswer>(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithTags("所有权证")
            .WithName("VerifyCertificate")
            .WithSummary("公开核验所有权证（无需登录）")
            .WithDescription("code 为证书二维码链接中的 26 位随机核验码；不接受证号。未知或格式不正确的核验码同样返回 404 与“查无此证”。每个来源地址每分钟限 Certificates:VerifyPermitsPerMinute 次。");

        return app;
    }

    /// <summary>Every printout is audited: a certificate is a document of title, and who printed which copy when matters.</summary>
    private static async Task<FileContentHttpResult> PdfAsync(
        long id, HttpContext http, CertificateQueries queries, CertificatePdf pdf, RuralDbContext db, AuditWriter audit, CancellationToken ct)
    {
        var certificate = await queries.GetAsync(id, ct);
        var bytes = pdf.Render(certificate, pdf.VerificationUrl(certificate, http.Request));
        await audit.AppendAsync(db, [new AuditRecord(certificate.CountyCode, "print", nameof(Certificate), id.ToString(CultureInfo.InvariantCulture), null,
            Json.Object(("number", certificate.Number), ("status", certificate.Status.ToString())))], ct);
        return TypedResults.File(bytes, "application/pdf", certificate.Number + ".pdf");
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace RuralLedger.Web.Features.Certificates;

/// <summary>
/// The certificate PDF needs a Chinese TrueType font on the machine. Checked at start (logged with the fix) and by
/// /health, so a missing package is found before an officer prints a certificate. Missing, the rest of the app works:
/// the check reports Degraded, not Unhealthy.
/// </summary>
internal sealed class CertificateFontCheck(IOptions<CertificateOptions> options, ILogger<CertificateFontCheck> log) : IHealthCheck, IHostedService
{
    public const string Name = "certificateFont";

    public static string? Problem(string fontFile) => File.Exists(fontFile)
        ? null
        : $"证书 PDF 所需的中文字体文件不存在：{fontFile}。修复：sudo apt-get install fonts-arphic-gbsn00lp，"
          + $"或在配置项 {CertificateOptions.Section}:FontFile 中指定一个单字形 TrueType（.ttf）字体文件。";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Problem(options.Value.FontFile) is { } problem
            ? HealthCheckResult.Degraded(problem)
            : HealthCheckResult.Healthy($"证书字体 {options.Value.FontFile} 可用"));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Problem(options.Value.FontFile) is { } problem)
        {
            log.LogWarning("{Problem}", problem);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

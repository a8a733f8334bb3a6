using System.Globalization;
using Microsoft.Extensions.Options;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Data.Supervision;

namespace RuralLedger.Web.Features.Supervision.Warnings;

/// <summary>
/// The nightly run of every county's anomaly rules, at <see cref="SupervisionOptions.NightlyAt"/> China Standard Time.
/// A failed night is logged and the next night runs again; a hit already open is not raised twice, so a run repeated
/// by hand in between does no harm.
/// </summary>
internal sealed class NightlyRules(IServiceScopeFactory scopes, IOptions<SupervisionOptions> options, TimeProvider clock, ILogger<NightlyRules> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!TimeOnly.TryParseExact(options.Value.NightlyAt ?? "", "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            log.LogInformation("预警规则夜间运行未开启（Supervision:NightlyAt 为空或不是 HH:mm）。");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = UntilNext(BusinessCalendar.Now(clock), at);
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<AccessContext>().ActAsSystem("预警规则夜间运行");
                var result = await new AnomalyRuns(scope.ServiceProvider.GetRequiredService<RuralDbContext>(), clock).RunAsync(null, null, stoppingToken);
                log.LogInformation("预警规则夜间运行：命中 {Hits} 条，新增预警 {Raised} 条，用时 {Ms} ms。", result.Hits, result.Raised, result.Milliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed night must not stop the next one; the error is logged
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogError(e, "预警规则夜间运行失败。");
            }
        }
    }

    /// <summary>The time until the next <paramref name="at"/> (China Standard Time) after <paramref name="now"/>.</summary>
    internal static TimeSpan UntilNext(DateTimeOffset now, TimeOnly at)
    {
        var local = now.ToOffset(BusinessCalendar.ChinaOffset);
        var next = new DateTimeOffset(DateOnly.FromDateTime(local.DateTime).ToDateTime(at), BusinessCalendar.ChinaOffset);
        if (next <= local)
        {
            next = next.AddDays(1);
        }
        return next - local;
    }
}

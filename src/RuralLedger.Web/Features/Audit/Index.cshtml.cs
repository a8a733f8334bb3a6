using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Audit;

[Authorize(Policy = Policies.ReadAudit)]
public sealed class IndexModel(AuditLogQuery log) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Chain { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public AuditPage Result { get; private set; } = new([], null, []);

    public AuditCheck? Check { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        Check = await log.VerifyAsync(ct);
        await LoadAsync(ct);
    }

    public string QueryString(long? before, string? handler = null) =>
        QueryHelpers.AddQueryString("", new Dictionary<string, string?>
        {
            ["actor"] = Actor, ["entityType"] = EntityType, ["entityId"] = EntityId, ["action"] = Action,
            ["from"] = From is { } f ? BusinessCalendar.Format(f) : null, ["to"] = To is { } t ? BusinessCalendar.Format(t) : null,
            ["chain"] = Chain, ["before"] = before?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["handler"] = handler,
        }.Where(v => !string.IsNullOrEmpty(v.Value)));

    /// <summary>Where a record of a known type can be opened.</summary>
    public static string? RecordHref(AuditRow row) => row.EntityType switch
    {
        "User" when row.EntityId != "?" => $"/admin/users/{row.EntityId}",
        "Household" when row.EntityId != "*" => $"/registry/{row.EntityId}",
        _ => null,
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "审计日志";
        ViewData["Active"] = "audit";
        var filter = new AuditFilter
        {
            Actor = Actor, EntityType = EntityType, EntityId = EntityId, Action = Action, From = From, To = To, Chain = Chain, Before = Before,
        };
        try
        {
            Result = await log.ListAsync(filter, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
            Result = new AuditPage([], null, await log.ReadableChainsAsync(ct));
        }
    }
}

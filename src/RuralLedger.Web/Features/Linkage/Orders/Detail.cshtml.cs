using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Orders;

public sealed class DeliveryForm
{
    public string? HouseholdNo { get; set; }

    public DateOnly? DeliveredOn { get; set; }

    public decimal? WeightKg { get; set; }

    public decimal? MarketPrice { get; set; }
}

/// <summary>One order: its terms, every delivery, a delivery to record, and a delivery sheet to import (preview, then confirm).</summary>
public sealed class OrderDetailModel(OrderCommands orders, ImportFileStore store, DeliveryImport import, IAuthorizationService authorization, TimeProvider clock)
    : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public DeliveryForm Delivery { get; set; } = new();

    public OrderView Order { get; private set; } = null!;

    public DeliveryImportResult? Import { get; private set; }

    public string? ImportError { get; private set; }

    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Delivery.DeliveredOn = BusinessCalendar.Today(clock);
        await LoadAsync(ct);
    }

    public Task<IActionResult> OnPostDeliverAsync(CancellationToken ct) =>
        this.StepAsync(authorization, Policies.EditRegistry, "Delivery",
            () => orders.DeliverAsync(Id, new DeliveryInput(Delivery.HouseholdNo, Delivery.DeliveredOn, Delivery.WeightKg,
                FormValues.Yuan(Delivery.MarketPrice, "marketPrice")), ct),
            "交售已登记。", $"/linkage/orders/{Id}", () => LoadAsync(ct));

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file, CancellationToken ct) =>
        await ImportStepAsync(async () =>
        {
            if (file is null)
            {
                throw new DomainException("orders.import_no_file", "请选择收购方的交售表（xlsx）。");
            }
            return await OrderEndpoints.PreviewAsync(Id, file, store, import, ct);
        }, ct);

    public async Task<IActionResult> OnPostConfirmAsync(string token, CancellationToken ct) =>
        await ImportStepAsync(() => OrderEndpoints.ConfirmAsync(Id, token, store, import, ct), ct);

    private async Task<IActionResult> ImportStepAsync(Func<Task<DeliveryImportResult>> step, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded)
        {
            return Forbid();
        }
        try
        {
            Import = await step();
        }
        catch (DomainException e) when (e is not NotFoundException)
        {
            ImportError = e.Message;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Order = await orders.GetAsync(Id, ct);
        ViewData["Title"] = "订单 " + Order.BuyerName + " " + Order.Product;
        ViewData["Active"] = "linkage";
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
    }
}

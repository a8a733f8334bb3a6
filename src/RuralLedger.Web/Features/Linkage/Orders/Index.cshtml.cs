using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Linkage;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Orders;

public sealed class OrderForm
{
    public string? BuyerName { get; set; }

    public string? BuyerCode { get; set; }

    public string? Product { get; set; }

    public decimal? QuantityKg { get; set; }

    public decimal? GuaranteedPrice { get; set; }

    public PricingRule Pricing { get; set; } = PricingRule.Floor;

    public int? Year { get; set; }

    public string? Season { get; set; }

    public long? AgreementId { get; set; }
}

/// <summary>订单农业: the year's orders with what was delivered against them, the ledger, and the form to record one.</summary>
public sealed class OrdersPageModel(OrderCommands orders, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty]
    public OrderForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public int? Year { get; set; }

    public IReadOnlyList<OrderListItem> Items { get; private set; } = [];

    public IReadOnlyList<(long Id, string Label)> Agreements { get; private set; } = [];

    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.Year = BusinessCalendar.Today(clock).Year;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        long id = 0;
        var result = await this.StepAsync(authorization, Policies.EditRegistry, "Input",
            async () =>
            {
                id = await orders.CreateAsync(new OrderInput(Input.BuyerName, Input.BuyerCode, Input.Product, Input.QuantityKg,
                    FormValues.Yuan(Input.GuaranteedPrice, "guaranteedPrice"), Input.Pricing, Input.Year, Input.Season, Input.AgreementId), ct);
                return "订单已登记，可登记或导入各户交售。";
            },
            "/linkage/orders", () => LoadAsync(ct));
        return result is RedirectResult ? Redirect($"/linkage/orders/{id}") : result;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "订单农业";
        ViewData["Active"] = "linkage";
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditRegistry)).Succeeded;
        Items = await orders.ListAsync(Year, ct);
        if (CanEdit)
        {
            Agreements = await orders.AgreementChoicesAsync(ct);
        }
    }
}

using RuralLedger.Core.Kernel;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Orders;

internal static class OrderEndpoints
{
    public static void MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/linkage/orders").WithTags("利益联结");

        api.MapGet("/", (int? year, OrderCommands c, CancellationToken ct) => c.ListAsync(year, ct))
            .WithName("ListFarmOrders")
            .WithSummary("订单农业订单列表（本辖区，可按年度；含交售户数、重量与金额合计）");

        api.MapGet("/{id:long}", (long id, OrderCommands c, CancellationToken ct) => c.GetAsync(id, ct))
            .WithName("GetFarmOrder")
            .WithSummary("订单详情与各户交售记录")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/export", async (int? year, OrderCommands c, CancellationToken ct) =>
            {
                var (content, name) = await c.ExportAsync(year, ct);
                return TypedResults.File(content, RegistryExcel.XlsxContentType, name);
            })
            .WithName("ExportFarmDeliveries")
            .WithSummary("导出订单农业交售台账（xlsx，每次交售一行）")
            .Produces(StatusCodes.Status200OK, contentType: RegistryExcel.XlsxContentType);

        api.MapPost("/", async (OrderInput input, OrderCommands c, CancellationToken ct) =>
            {
                var id = await c.CreateAsync(input, ct);
                return TypedResults.Created($"/api/linkage/orders/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("CreateFarmOrder")
            .WithSummary("登记订单（收购方统一社会信用代码校验 GB 32100；关联订单收购协议时按协议保护价保底收购）")
            .ProducesValidationProblem();

        api.MapPost("/{id:long}/deliveries", async (long id, DeliveryInput input, OrderCommands c, CancellationToken ct) =>
            {
                var deliveryId = await c.DeliverAsync(id, input, ct);
                return TypedResults.Created($"/api/linkage/orders/{id}", new Created(deliveryId));
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("RecordFarmDelivery")
            .WithSummary("登记一户一天的交售（重量精确到 0.01 千克，金额=重量×结算价，四舍五入到分；同户同日已登记 409 orders.delivery_exists）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/import/template", async (CancellationToken ct) => TypedResults.File(await DeliveryImport.TemplateAsync(ct), RegistryExcel.XlsxContentType, "交售表模板.xlsx"))
            .WithName("DeliveryImportTemplate")
            .WithSummary("下载交售表模板（xlsx）")
            .Produces(StatusCodes.Status200OK, contentType: RegistryExcel.XlsxContentType);

        // The form is read here rather than bound: an order outside the scope must answer 404 whatever the body is.
        api.MapPost("/{id:long}/deliveries/import", async (long id, HttpRequest request, OrderCommands orders, ImportFileStore store, DeliveryImport import,
                CancellationToken ct) =>
            {
                await orders.GetAsync(id, ct);
                var file = request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files.GetFile("file") : null;
                if (file is null)
                {
                    throw new DomainException("orders.import_no_file", "请以 multipart/form-data 上传文件，字段名为 file。", "file");
                }
                return Answer(await PreviewAsync(id, file, store, import, ct));
            })
            .RequireAuthorization(Policies.EditRegistry)
            .DisableAntiforgery()
            .WithName("PreviewDeliveryImport")
            .WithSummary("预览交售表导入（逐行逐列校验；有错误则 400 并列出行、列与原因；无错误返回确认令牌）")
            .Produces<DeliveryImportResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{id:long}/deliveries/import/{token}/confirm", async (long id, string token, ImportFileStore store, DeliveryImport import, CancellationToken ct) =>
                Answer(await ConfirmAsync(id, token, store, import, ct)))
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("ConfirmDeliveryImport")
            .WithSummary("确认导入交售表（全部写入或全部不写；已登记且数额相同的行跳过，重复导入不改变任何数据）")
            .Produces<DeliveryImportResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Keeps the file for confirmation only when it is valid and has something new.</summary>
    internal static async Task<DeliveryImportResult> PreviewAsync(long id, IFormFile file, ImportFileStore store, DeliveryImport import, CancellationToken ct)
    {
        StoredImport stored;
        await using (var content = file.OpenReadStream())
        {
            stored = await store.SaveAsync(content, file.FileName, file.Length, ct);
        }
        try
        {
            var result = await import.PreviewAsync(id, stored, ct);
            if (result.Valid && result.New > 0)
            {
                return result;
            }
            store.Delete(stored.Id);
            return result with { Token = null };
        }
        catch
        {
            store.Delete(stored.Id);
            throw;
        }
    }

    internal static async Task<DeliveryImportResult> ConfirmAsync(long id, string token, ImportFileStore store, DeliveryImport import, CancellationToken ct)
    {
        var stored = store.Get(token);
        try
        {
            return await import.ImportAsync(id, stored, ct) with { Token = null };
        }
        finally
        {
            store.Delete(stored.Id);
        }
    }

    private static IResult Answer(DeliveryImportResult result) => result.Valid
        ? TypedResults.Ok(result)
        : TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: ErrorHandling.TitleFor(StatusCodes.Status400BadRequest),
            detail: $"交售表有 {result.Errors.Count} 处错误，未写入任何数据。",
            extensions: new Dictionary<string, object?>
            {
                ["code"] = "orders.import_invalid",
                ["errors"] = result.Errors,
                ["rows"] = result.Rows,
                ["sha256"] = result.Sha256,
            });
}

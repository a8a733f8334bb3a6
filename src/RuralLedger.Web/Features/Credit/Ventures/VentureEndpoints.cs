using RuralLedger.Core.Credit;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit.Ventures;

/// <summary>创业平台 (issue #15): household-run projects, what funds and supports them, the jobs and income they bring.</summary>
internal static class VentureModule
{
    public static IServiceCollection AddVentures(this IServiceCollection services)
    {
        services.AddScoped<VentureCommands>();
        services.AddScoped<VentureQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapVentures(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/ventures").WithTags("创业平台");

        api.MapGet("/", (string? township, int? year, VentureCategory? category, VentureQueries q, CancellationToken ct) => q.ListAsync(township, year, category, ct))
            .WithName("ListVentures")
            .WithSummary($"创业项目列表（本人权限范围内；每个项目附一个年度的就业与收入，默认最近年度；最多 {VentureQueries.Limit} 个）")
            .ProducesValidationProblem();

        api.MapGet("/totals", (string? township, VentureCategory? category, VentureQueries q, CancellationToken ct) => q.TotalsAsync(township, category, ct))
            .WithName("VentureTotals")
            .WithSummary("创业项目合计：按乡镇、年度的项目数、带动就业、其中脱贫人口、年收入")
            .ProducesValidationProblem();

        api.MapGet("/export", async (string? township, VentureCategory? category, VentureQueries q, CancellationToken ct) =>
            {
                var (content, name) = await q.ExportAsync(township, category, ct);
                return TypedResults.File(content, CreditEndpoints.XlsxContentType, name);
            })
            .WithName("ExportVentures")
            .WithSummary("创业项目台账导出 Excel（每个项目每年一行）")
            .ProducesValidationProblem();

        api.MapGet("/{id:long}", (long id, VentureQueries q, CancellationToken ct) => q.GetAsync(id, ct))
            .WithName("GetVenture")
            .WithSummary("创业项目详情：扶持贷款、获得扶持、各年就业（含脱贫人口名单）与收入")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/", async (VentureInput input, VentureCommands c, CancellationToken ct) =>
            {
                var id = await c.CreateAsync(input, ct);
                return TypedResults.Created($"/api/ventures/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("CreateVenture")
            .WithSummary("登记创业项目（项目所属户取自一户一档）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/loans", async (long id, VentureLoanInput input, VentureCommands c, CancellationToken ct) =>
            {
                await c.FundAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("FundVenture")
            .WithSummary("关联扶持贷款（须为项目所属户已发放的贷款）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/supports", async (long id, VentureSupportInput input, VentureCommands c, CancellationToken ct) =>
            {
                await c.SupportAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("SupportVenture")
            .WithSummary("登记获得的扶持：技术指导、市场信息、销售渠道（日期、提供方）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/years", async (long id, VentureYearInput input, VentureCommands c, CancellationToken ct) =>
            {
                await c.RecordYearAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("RecordVentureYear")
            .WithSummary("登记或更正某年度的带动就业人数和年收入")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/workers", async (long id, VentureWorkerInput input, VentureCommands c, CancellationToken ct) =>
            {
                await c.EmployAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("EmployInVenture")
            .WithSummary("登记某年度在项目就业的脱贫人口或监测对象（取自一户一档）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }
}

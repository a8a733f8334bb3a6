using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Linkage.Income;

internal static class IncomeEndpoints
{
    public static void MapIncomeEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/linkage/income").WithTags("利益联结");

        api.MapGet("/", (int year, string? village, HouseholdIncomeQuery q, CancellationToken ct) => q.YearAsync(year, village, ct))
            .WithName("HouseholdIncomeByYear")
            .WithSummary("本辖区各户某年收入构成（工资性、经营净、财产净、转移净）、人均纯收入及与监测收入标准的比较")
            .ProducesValidationProblem();

        api.MapGet("/households/{id:long}", (long id, int year, HouseholdIncomeQuery q, CancellationToken ct) => q.HouseholdAsync(id, year, ct))
            .WithName("HouseholdIncomeTrend")
            .WithSummary($"一户近 {HouseholdIncomeQuery.TrendYears} 年收入构成（截至所给年度）")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/share-only", (int year, HouseholdIncomeQuery q, CancellationToken ct) => q.ShareOnlyAsync(year, ct))
            .WithName("ShareOnlyHouseholds")
            .WithSummary("“一股了之”排查：该年只有入股分红、没有务工、公益岗位或其他联结协议的户")
            .ProducesValidationProblem();

        api.MapPost("/entries", async (IncomeEntryInput input, IncomeCommands c, CancellationToken ct) =>
            {
                var id = await c.EnterAsync(input, ct);
                return TypedResults.Ok(new Created(id));
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("EnterHouseholdIncome")
            .WithSummary("录入收入调查数（户、年度、类别唯一；再次录入为更正，须带 version）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/lines", (IncomeCommands c, CancellationToken ct) => c.LinesAsync(ct))
            .WithName("ListMonitoringLines")
            .WithSummary("防返贫监测收入标准（按省、年度）");

        api.MapPost("/lines", async (MonitoringLineInput input, IncomeCommands c, CancellationToken ct) =>
            {
                var id = await c.SetLineAsync(input, ct);
                return TypedResults.Created("/api/linkage/income/lines", new Created(id));
            })
            .RequireAuthorization(Policies.ManageUsers)
            .WithName("SetMonitoringLine")
            .WithSummary("县管理员登记某省某年的监测收入标准（每省每年一条，已有则 409 income.line_exists）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

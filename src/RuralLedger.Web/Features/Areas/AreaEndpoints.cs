namespace RuralLedger.Web.Features.Areas;

internal static class AreaEndpoints
{
    public static void MapAreaEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/areas", (string? parent, AreaQuery query, CancellationToken ct) => query.ChildrenAsync(parent, ct))
            .WithName("ListAreas")
            .WithTags("区划")
            .WithSummary("下级区划列表")
            .WithDescription("parent 为 12 位统计区划代码（村民组 15 位）；省略时列出各县。每项含下级个数、建档立卡户数与人数。")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

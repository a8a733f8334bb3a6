namespace RuralLedger.Web.Features.Home;

internal static class OverviewEndpoints
{
    public static void MapOverviewEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/overview", (OverviewQuery query, CancellationToken ct) => query.RunAsync(ct))
            .WithName("GetOverview")
            .WithTags("概览")
            .WithSummary("全县概览")
            .WithDescription("区划、建档立卡户、人口、监测对象与劳动力人数，以及各乡镇分项，均实时取自数据库。");
    }
}

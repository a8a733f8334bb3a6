using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Disposals;

internal static class DisposalEndpoints
{
    /// <summary>Either approver may refuse a disposal: the township at its step, the county at its.</summary>
    public static async Task<bool> MayRejectAsync(IAuthorizationService authorization, ClaimsPrincipal user) =>
        (await authorization.AuthorizeAsync(user, Policies.ApproveTownship)).Succeeded
        || (await authorization.AuthorizeAsync(user, Policies.ApproveCounty)).Succeeded;

    public static void MapDisposalEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/disposals").WithTags("资产处置");

        api.MapGet("/", ([AsParameters] DisposalFilter filter, DisposalQueries queries, CancellationToken ct) => queries.ListAsync(filter, ct))
            .WithName("ListDisposals")
            .WithSummary("资产处置列表");

        api.MapGet("/{id:long}", (long id, DisposalQueries queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithName("GetDisposal")
            .WithSummary("资产处置详情：村民代表会议决议、乡镇审核、县级审批与完成情况")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/", async (DisposalInput input, DisposalCommands writer, CancellationToken ct) =>
            {
                var id = await writer.ProposeAsync(input, ct);
                return TypedResults.Created($"/api/disposals/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("ProposeDisposal")
            .WithSummary("提出资产处置（每项资产同时只能有一个进行中的处置，否则 409 disposals.already_open）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/resolution", async (long id, ResolutionInput input, DisposalCommands writer, CancellationToken ct) =>
            {
                await writer.RecordResolutionAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("RecordDisposalResolution")
            .WithSummary("记录村民代表会议决议（实到不少于应到的三分之二，赞成超过实到的一半）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/township-approval", async (long id, DisposalApprovalInput input, DisposalCommands writer, CancellationToken ct) =>
            {
                await writer.ApproveByTownshipAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ApproveTownship)
            .WithName("ApproveDisposalByTownship")
            .WithSummary("乡镇审核通过")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/county-approval", async (long id, DisposalApprovalInput input, DisposalCommands writer, CancellationToken ct) =>
            {
                await writer.ApproveByCountyAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ApproveCounty)
            .WithName("ApproveDisposalByCounty")
            .WithSummary("县级审批通过")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/reject", async (long id, RejectionInput input, DisposalCommands writer, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (!await MayRejectAsync(authorization, user))
                {
                    return Results.Forbid();
                }
                await writer.RejectAsync(id, input, ct);
                return Results.NoContent();
            })
            .WithName("RejectDisposal")
            .WithSummary("不予通过（乡镇或县级审批人，须写明理由）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/complete", async (long id, CompletionInput input, DisposalCommands writer, CancellationToken ct) =>
            {
                await writer.CompleteAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditAssets)
            .WithName("CompleteDisposal")
            .WithSummary("完成处置：须已有决议、乡镇审核与县级审批（否则 400 disposals.approvals_missing）；资产标记为已处置，处置收入记为资产收益")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Registry;

public sealed record MemberUpdate(MemberInput Member, int? Version);

internal static class RegistryEndpoints
{
    public static void MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/households").WithTags("一户一档");

        api.MapGet("/", ([AsParameters] HouseholdFilter filter, HouseholdListQuery list, CancellationToken ct) => list.RunAsync(filter, ct))
            .WithName("ListHouseholds")
            .WithSummary("户档案列表")
            .WithDescription("按乡镇、村、状态（可加 statusOn 指定日期，按状态历史回溯）、户类型筛选；q 为姓名、完整身份证号或户编号。按 id 游标分页：下一页传 after=nextAfter。");

        api.MapGet("/{id:long}", (long id, HouseholdFileQuery files, CancellationToken ct) => files.GetAsync(id, ct))
            .WithName("GetHousehold")
            .WithSummary("户档案详情（脱敏）")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/", async (HouseholdInput input, HouseholdCommands writer, CancellationToken ct) =>
            {
                var id = await writer.CreateAsync(input, ct);
                return TypedResults.Created($"/api/households/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("CreateHousehold")
            .WithSummary("新建户档案（含户主）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/{id:long}", async (long id, HouseholdUpdate input, HouseholdCommands writer, CancellationToken ct) =>
            {
                await writer.UpdateAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("UpdateHousehold")
            .WithSummary("修改户档案（村民组、户类型、致贫原因、账户、电话）")
            .WithDescription("bankAccount、phone 为 null 表示不变，空字符串表示清除；version 须为读取时的版本号，否则返回 409 registry.stale。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/members", async (long id, MemberInput input, HouseholdCommands writer, CancellationToken ct) =>
            {
                var memberId = await writer.AddMemberAsync(id, input, ct);
                return TypedResults.Created($"/api/households/{id}", new Created(memberId));
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("AddMember")
            .WithSummary("增加家庭成员")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPut("/{id:long}/members/{memberId:long}", async (long id, long memberId, MemberUpdate input, HouseholdCommands writer, CancellationToken ct) =>
            {
                await writer.UpdateMemberAsync(id, memberId, input.Member, input.Version, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("UpdateMember")
            .WithSummary("修改家庭成员（身份证号留空则不变）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapDelete("/{id:long}/members/{memberId:long}", async (long id, long memberId, int? version, string? reason, DateOnly? removedOn, HouseholdCommands writer, CancellationToken ct) =>
            {
                await writer.RemoveMemberAsync(id, memberId, new RemoveMemberInput(reason, removedOn, version), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("RemoveMember")
            .WithSummary("移除家庭成员（须填写原因 reason；removedOn 缺省为今天）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/status", async (long id, StatusInput input, HouseholdCommands writer, CancellationToken ct) =>
            {
                await writer.ChangeStatusAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.EditRegistry)
            .WithName("ChangeHouseholdStatus")
            .WithSummary("变更帮扶状态（可补录过去的生效日期）")
            .ProducesValidationProblem();

        api.MapPost("/{id:long}/reveal", (long id, PersonLookupQuery lookup, CancellationToken ct) => lookup.RevealHouseholdAsync(id, ct))
            .RequireAuthorization(Policies.Unmask)
            .WithName("RevealHouseholdContacts")
            .WithSummary("查看完整银行账号与电话（记入审计日志）");

        // In the body, never in the URL (decision 0030): GET /api/people?citizenId= is gone, and any URL carrying a
        // citizen ID is refused (PersonalDataInUrls).
        app.MapPost("/api/people/search", (PersonSearch search, PersonLookupQuery lookup, CancellationToken ct) => lookup.FindAsync(search.CitizenId, ct))
            .WithTags("一户一档")
            .WithName("FindPersonByCitizenId")
            .WithSummary("按完整身份证号查找人员（键控哈希精确匹配）")
            .WithDescription("身份证号放在请求体中，不放在网址中（网址会进入浏览器历史与代理日志）；网址中含身份证号的请求一律返回 400 request.personal_data_in_url。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/members/{id:long}/reveal", (long id, PersonLookupQuery lookup, CancellationToken ct) => lookup.RevealMemberAsync(id, ct))
            .WithTags("一户一档")
            .RequireAuthorization(Policies.Unmask)
            .WithName("RevealCitizenId")
            .WithSummary("查看完整身份证号（记入审计日志）");
    }
}

using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Projects;

/// <summary>Fund sources and projects (资金与项目): services and the JSON API.</summary>
internal static class ProjectsModule
{
    public static IServiceCollection AddProjects(this IServiceCollection services)
    {
        services.AddScoped<FundSourceCommands>();
        services.AddScoped<ProjectQueries>();
        services.AddScoped<ProjectCommands>();
        services.AddScoped<SelectionCommands>();
        services.AddScoped<SelectionQueries>();
        services.AddSingleton<AssessmentPdf>();
        return services;
    }

    public static IEndpointRouteBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        var funds = app.MapGroup("/api/funds").WithTags("资金与项目");
        funds.MapGet("/", (int? year, FundSourceCommands list, CancellationToken ct) => list.ListAsync(year, ct))
            .WithName("ListFundSources")
            .WithSummary("资金来源列表（含已安排到项目、已形成资产的金额）")
            .WithDescription($"按年度倒序，最多 {FundSourceCommands.MaxRows} 条；year 可筛选年度。金额单位为元。");
        funds.MapPost("/", async (FundInput input, FundSourceCommands writer, CancellationToken ct) =>
            {
                var id = await writer.CreateAsync(input, ct);
                return TypedResults.Created($"/api/funds?year={input.Year}", new Created(id));
            })
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("CreateFundSource")
            .WithSummary("登记资金来源（县级）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        var api = app.MapGroup("/api/projects").WithTags("资金与项目");
        api.MapGet("/", ([AsParameters] ProjectFilter filter, ProjectQueries queries, CancellationToken ct) => queries.ListAsync(filter, ct))
            .WithName("ListProjects")
            .WithSummary("项目列表")
            .WithDescription($"按年度、产业、状态、受益村筛选；每页 {ProjectQueries.PageSize} 条，page 从 1 开始。");
        api.MapGet("/{id:long}", (long id, ProjectQueries queries, CancellationToken ct) => queries.GetAsync(id, ct))
            .WithName("GetProject")
            .WithSummary("项目详情（预算、受益村、状态与形成的资产）")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/", async (ProjectInput input, ProjectCommands writer, CancellationToken ct) =>
            {
                var id = await writer.CreateAsync(input, ct);
                return TypedResults.Created($"/api/projects/{id}", new Created(id));
            })
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("CreateProject")
            .WithSummary("项目入库（计划）")
            .ProducesValidationProblem();
        api.MapPost("/{id:long}/approve", async (long id, ApproveInput input, ProjectCommands writer, CancellationToken ct) =>
            {
                await writer.ApproveAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("ApproveProject")
            .WithSummary("项目批复（日期与批复文号）")
            .WithDescription("状态须为“计划”，否则 409 projects.bad_transition；version 不符返回 409 projects.stale。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:long}/start", async (long id, StartInput input, ProjectCommands writer, CancellationToken ct) =>
            {
                await writer.StartAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("StartProject")
            .WithSummary("项目开工")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:long}/cancel", async (long id, CancelInput input, ProjectCommands writer, CancellationToken ct) =>
            {
                await writer.CancelAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("CancelProject")
            .WithSummary("取消项目（已验收的项目不能取消）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:long}/accept", (long id, AcceptInput input, ProjectCommands writer, CancellationToken ct) => writer.AcceptAsync(id, input, ct))
            .RequireAuthorization(Policies.ManageProjects)
            .WithName("AcceptProject")
            .WithSummary("竣工验收并形成资产")
            .WithDescription("一次事务：项目转为“已验收”，按资产逐项登记资金构成（须来自本项目预算，各来源合计不超过预算）与所有权人（默认所在村集体经济组织 100%），资产原值 = 资金合计。返回新资产的 id 与编号。")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapSelectionEndpoints();
        return app;
    }
}

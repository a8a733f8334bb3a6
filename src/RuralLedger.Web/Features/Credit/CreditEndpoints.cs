using RuralLedger.Core.Accounts;
using RuralLedger.Core.Credit;
using RuralLedger.Core.Kernel;
using RuralLedger.Data.Credit;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Credit;

internal static class CreditEndpoints
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapCreditEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/loans").WithTags("小额信贷");

        api.MapGet("/", (LoanStatus? status, string? village, string? q, LoanQueries loans, CancellationToken ct) => loans.ListAsync(status, village, q, ct))
            .WithName("ListLoans")
            .WithSummary($"贷款列表（可按状态、行政村、编号/户编号/借款人筛选；银行人员只见本行贷款；最多 {LoanQueries.Limit} 条）");

        api.MapGet("/{id:long}", (long id, LoanQueries loans, CancellationToken ct) => loans.FileAsync(id, ct))
            .WithName("GetLoan")
            .WithSummary("贷款档案：申请、适用的政策版本、各环节、还款计划与还款记录")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/", async (LoanApplicationInput input, LoanCommands loans, CancellationToken ct) =>
            {
                var id = await loans.ApplyAsync(input, ct);
                return TypedResults.Created($"/api/loans/{id}", new Created(id));
            })
            .RequireAuthorization(p => p.RequireRole(Roles.VillageOfficer, Roles.CountyAdmin, Roles.CountyStaff))
            .WithName("ApplyLoan")
            .WithSummary("提交贷款申请（按申请日适用的政策版本审查：额度 loans.over_limit、期限 loans.term、年龄 loans.age、帮扶对象 loans.not_eligible、用途 loans.prohibited_use）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/review", async (long id, LoanReviewInput input, LoanCommands loans, CancellationToken ct) =>
            {
                await loans.ReviewAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(p => p.RequireRole(Roles.VillageOfficer, Roles.TownshipOfficer, Roles.CountyAdmin, Roles.CountyStaff))
            .WithName("ReviewLoan")
            .WithSummary("村、乡镇、县逐级审核（由贷款状态决定审核层级，角色不符 409 loans.wrong_role；不通过须写理由）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/decision", async (long id, LoanDecisionInput input, LoanCommands loans, CancellationToken ct) =>
            {
                await loans.DecideAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(p => p.RequireRole(Roles.BankOfficer))
            .WithName("DecideLoan")
            .WithSummary("银行审批：同意（年利率不高于同期限 LPR，loans.rate_ceiling）或拒绝（须写理由）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/disburse", async (long id, LoanDisbursementInput input, LoanCommands loans, CancellationToken ct) =>
            {
                await loans.DisburseAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(p => p.RequireRole(Roles.BankOfficer))
            .WithName("DisburseLoan")
            .WithSummary("发放贷款并生成还款计划（利息按实际天数/360，精确到分）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/repayments", async (long id, LoanRepaymentInput input, LoanCommands loans, CancellationToken ct) =>
            {
                var recorded = await loans.RepayAsync(id, input, ct);
                return TypedResults.Created($"/api/loans/{id}", recorded);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.BankOfficer))
            .WithName("RepayLoan")
            .WithSummary("登记还款（先息后本；超过应还 loans.overpaid；早于发放日 loans.before_disbursement；已结清 loans.closed；重复 409 loans.repayment_exists）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/extend", async (long id, LoanExtensionInput input, LoanCommands loans, CancellationToken ct) =>
            {
                await loans.ExtendAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(p => p.RequireRole(Roles.BankOfficer))
            .WithName("ExtendLoan")
            .WithSummary("展期（按政策次数与期限，超过次数 409 loans.extension_limit；按剩余本金重排还款计划；须写理由）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:long}/write-off", async (long id, LoanWriteOffInput input, LoanCommands loans, CancellationToken ct) =>
            {
                await loans.WriteOffAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ApproveCounty)
            .WithName("WriteOffLoan")
            .WithSummary("核销（县级，须写理由）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/overdue", (DateOnly? asOf, string? township, string? village, string? bank, LoanQueries loans, CancellationToken ct) =>
                loans.OverdueAsync(asOf, township, village, bank, ct))
            .WithName("LoanOverdue")
            .WithSummary("逾期清单与账龄（按政策的账龄分段；可按乡镇、行政村、银行筛选）");

        api.MapGet("/overdue/export", async (DateOnly? asOf, string? township, string? village, string? bank, OverdueExport export, CancellationToken ct) =>
            {
                var (content, name) = await export.WriteAsync(asOf, township, village, bank, ct);
                return TypedResults.File(content, XlsxContentType, name);
            })
            .WithName("ExportLoanOverdue")
            .WithSummary("逾期清单导出 Excel");

        api.MapGet("/export", async (OverdueExport export, CancellationToken ct) =>
            {
                var (content, name) = await export.LedgerAsync(ct);
                return TypedResults.File(content, XlsxContentType, name);
            })
            .WithName("ExportLoanLedger")
            .WithSummary("贷款台账导出 Excel（本辖区；银行人员只含本行）");

        api.MapGet("/repayments/import/template", async (CancellationToken ct) => TypedResults.File(await RepaymentImport.TemplateAsync(ct), XlsxContentType, "还款文件模板.xlsx"))
            .RequireAuthorization(p => p.RequireRole(Roles.BankOfficer))
            .WithName("RepaymentImportTemplate")
            .WithSummary("还款文件模板");

        api.MapPost("/repayments/import", async (IFormFile? file, ImportFileStore store, RepaymentImport import, CancellationToken ct) =>
                Answer(await StagedImport.PreviewAsync(store, Upload(file), import.PreviewAsync, r => r.Valid && r.New > 0, r => r with { Token = null }, ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.BankOfficer))
            .DisableAntiforgery()
            .WithName("PreviewRepaymentImport")
            .WithSummary("上传银行还款文件预览（xlsx，或 UTF-8/GBK 编码的 csv；逐行逐列报错；无错误时凭 token 确认后一次性写入；已登记的还款计入 existing，不重复登记）")
            .Produces<RepaymentImportResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/repayments/import/{token}/confirm", async (string token, ImportFileStore store, RepaymentImport import, CancellationToken ct) =>
                Answer(await StagedImport.ConfirmAsync(store, token, import.ImportAsync, r => r with { Token = null }, ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.BankOfficer))
            .WithName("ConfirmRepaymentImport")
            .WithSummary("确认导入还款文件（重新校验，全部写入或全不写入）")
            .Produces<RepaymentImportResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/import/template", async (CancellationToken ct) => TypedResults.File(await LoanImport.TemplateAsync(ct), XlsxContentType, "存量贷款模板.xlsx"))
            .RequireAuthorization(p => p.RequireRole(Roles.BankOfficer, Roles.CountyAdmin, Roles.CountyStaff))
            .WithName("LoanImportTemplate")
            .WithSummary("存量贷款导入模板");

        api.MapPost("/import", async (IFormFile? file, ImportFileStore store, LoanImport import, CancellationToken ct) =>
                Answer(await StagedImport.PreviewAsync(store, Upload(file), import.PreviewAsync, r => r.Valid && r.New > 0, r => r with { Token = null }, ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.BankOfficer, Roles.CountyAdmin, Roles.CountyStaff))
            .DisableAntiforgery()
            .WithName("PreviewLoanImport")
            .WithSummary("上传银行存量贷款表预览（xlsx 或 csv；借款人须为本辖区已登记的家庭成员；逐行逐列报错；无错误时凭 token 确认后一次性写入；同一银行合同编号已导入的计入 existing）")
            .Produces<LoanImportResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/import/{token}/confirm", async (string token, ImportFileStore store, LoanImport import, CancellationToken ct) =>
                Answer(await StagedImport.ConfirmAsync(store, token, import.ImportAsync, r => r with { Token = null }, ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.BankOfficer, Roles.CountyAdmin, Roles.CountyStaff))
            .WithName("ConfirmLoanImport")
            .WithSummary("确认导入存量贷款（重新校验，全部写入或全不写入；贷款以正常状态入账，按剩余本金生成还款计划）")
            .Produces<LoanImportResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var claims = app.MapGroup("/api/loan-subsidy-claims").WithTags("小额信贷");
        claims.MapGet("/", (int? year, SubsidyClaims c, CancellationToken ct) => c.ListAsync(year, ct))
            .WithName("ListSubsidyClaims")
            .WithSummary("贴息申报列表（按银行、季度）");
        claims.MapGet("/{id:long}", (long id, SubsidyClaims c, CancellationToken ct) => c.GetAsync(id, ct))
            .WithName("GetSubsidyClaim")
            .WithSummary("贴息申报")
            .ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapGet("/{id:long}/repayments", (long id, int? page, SubsidyClaims c, CancellationToken ct) => c.LinesAsync(id, page, ct))
            .WithName("ListSubsidyClaimRepayments")
            .WithSummary($"贴息申报所含还款（按还款日期；每页 {SubsidyClaims.PageSize} 笔；各笔贴息之和等于申报贴息）")
            .ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapGet("/{id:long}/export", async (long id, SubsidyClaimExport export, CancellationToken ct) =>
            {
                var file = await export.WriteAsync(id, ct);
                return TypedResults.File(file.Content, XlsxContentType, file.FileName);
            })
            .WithName("ExportSubsidyClaim")
            .WithSummary("贴息申报明细导出 Excel（全部还款与合计行）")
            .ProducesProblem(StatusCodes.Status404NotFound);
        claims.MapPost("/", async (SubsidyClaimInput input, SubsidyClaims c, CancellationToken ct) =>
            {
                var id = await c.BuildAsync(input, ct);
                return TypedResults.Created($"/api/loan-subsidy-claims/{id}", new Created(id));
            })
            .RequireAuthorization(p => p.RequireRole(Roles.BankOfficer, Roles.CountyAdmin, Roles.CountyStaff))
            .WithName("BuildSubsidyClaim")
            .WithSummary("生成某银行某季度的贴息申报（按期支付的利息 × 贴息比例；逾期利息不贴息；每笔还款只计入一次；同一银行同一季度重复申报 409 loans.claim_exists）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        claims.MapPost("/{id:long}/approve", async (long id, SubsidyClaimStepInput input, SubsidyClaims c, CancellationToken ct) =>
            {
                await c.ApproveAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ApproveCounty)
            .WithName("ApproveSubsidyClaim")
            .WithSummary("县财政审核贴息申报")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        claims.MapPost("/{id:long}/paid", async (long id, SubsidyClaimPaidInput input, SubsidyClaims c, CancellationToken ct) =>
            {
                await c.MarkPaidAsync(id, input, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ApproveCounty)
            .WithName("PaySubsidyClaim")
            .WithSummary("标记贴息已拨付（须填拨付凭证号或说明，loans.claim_voucher）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var policies = app.MapGroup("/api/loan-policies").WithTags("小额信贷");
        policies.MapGet("/", (LoanQueries q, CancellationToken ct) => q.PoliciesAsync(ct))
            .WithName("ListLoanPolicies")
            .WithSummary("本县小额信贷政策各版本（生效日期、额度、期限、年龄、贴息比例、计息基础、展期、账龄分段、用途）");
        policies.MapGet("/lpr", (LoanQueries q, CancellationToken ct) => q.LprAsync(ct))
            .WithName("ListLpr")
            .WithSummary("LPR 报价表（1 年期、5 年期，按公布日期）");
        policies.MapPost("/", async (CreditPolicyInput input, CreditPolicyCommands c, CancellationToken ct) =>
            {
                var id = await c.AddVersionAsync(input, ct);
                return TypedResults.Created($"/api/loan-policies", new Created(id));
            })
            .RequireAuthorization(Policies.ManageUsers)
            .WithName("AddLoanPolicyVersion")
            .WithSummary("县管理员新增政策版本（自生效日起适用；未填写的条款沿用上一版本）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static IFormFile Upload(IFormFile? file) =>
        file ?? throw new DomainException("loans.import_no_file", "请以 multipart/form-data 上传文件，字段名为 file。", "file");

    private static IResult Answer(RepaymentImportResult result) => result.Valid ? TypedResults.Ok(result) : Invalid("还款文件", result.Errors, result.Rows, result.Sha256);

    private static IResult Answer(LoanImportResult result) => result.Valid ? TypedResults.Ok(result) : Invalid("存量贷款文件", result.Errors, result.Rows, result.Sha256);

    private static IResult Invalid(string what, IReadOnlyList<ImportError> errors, int rows, string sha256) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: ErrorHandling.TitleFor(StatusCodes.Status400BadRequest),
        detail: $"{what}有 {errors.Count} 处错误，未写入任何数据。",
        extensions: new Dictionary<string, object?>
        {
            ["code"] = "loans.import_invalid",
            ["errors"] = errors,
            ["rows"] = rows,
            ["sha256"] = sha256,
        });
}

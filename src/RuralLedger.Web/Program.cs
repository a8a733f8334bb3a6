using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.ResponseCompression;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Demo;
using RuralLedger.Web.Features.Account;
using RuralLedger.Web.Features.Admin.Users;
using RuralLedger.Web.Features.Areas;
using RuralLedger.Web.Features.Assets.Excel;
using RuralLedger.Web.Features.Audit;
using RuralLedger.Web.Features.Distribution;
using RuralLedger.Web.Features.Certificates;
using RuralLedger.Web.Features.Contracts;
using RuralLedger.Web.Features.Home;
using RuralLedger.Web.Features.Linkage.PublicWelfareJobs;
using RuralLedger.Web.Features.Projects;
using RuralLedger.Web.Features.Registry;
using RuralLedger.Web.Features.Registry.Excel;
using RuralLedger.Web.Infrastructure;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
var demo = builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();

builder.Services.AddRuralStorage(storage);
builder.Services.AddScoped<DemoLoader>();
builder.Services.AddScoped<OverviewQuery>();
builder.Services.AddScoped<AreaQuery>();

builder.Services.AddScoped<SignInCommands>();
builder.Services.AddScoped<HouseholdListQuery>();
builder.Services.AddScoped<HouseholdFileQuery>();
builder.Services.AddScoped<HouseholdCommands>();
builder.Services.AddScoped<PersonLookupQuery>();
builder.Services.AddScoped<RegistryOptions>();
builder.Services.AddScoped<UserCommands>();
builder.Services.AddScoped<AuditVerifier>();
builder.Services.AddScoped<AuditLogQuery>();
builder.Services.AddRegistryExcel(storage);
builder.Services.AddAssetsExcel();
builder.Services.AddScoped<RuralLedger.Web.Features.Assets.Numbering>();
builder.Services.AddDistribution();
builder.Services.AddCertificates();
builder.Services.AddContracts();
builder.Services.AddProjects();
builder.Services.AddPublicJobs();
RuralLedger.Web.Features.Assets.AssetsModule.AddAssets(builder.Services);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
    MoneyJson.AddConverters(o.SerializerOptions.Converters);
    o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
});
builder.Services.AddRuralAuthentication();
builder.Services.AddRazorPages(o =>
{
    o.RootDirectory = "/Features";
    o.Conventions.ConfigureFilter(new RequireHandlerPageFilter());
});
// Chinese text goes out as UTF-8, not as &#x...; character references (smaller pages on slow connections).
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddRuralProblemDetails();
builder.Services.AddOpenApi(o => o.AddMoneySchemas().AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "RuralLedger 乡村扶贫资产与收益管理平台 API";
    document.Info.Description = "所有接口以 JSON 交换数据；金额为以元为单位的字符串（如 \"1234567.89\"），比例为百分数字符串（如 \"12.50\"）；"
        + "错误以 RFC 9457 problem details 返回，含中文说明与稳定的 code。";
    return Task.CompletedTask;
}));
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.Providers.Add<BrotliCompressionProvider>();
    o.Providers.Add<GzipCompressionProvider>();
});

var app = builder.Build();

await app.PrepareDatabaseAsync(storage, demo);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseResponseCompression();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAccessContext();
app.UseAuthorization();

app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = DatabaseHealthCheck.WriteJsonAsync }).AllowAnonymous();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference(o => o.WithTitle("RuralLedger API 文档").DisableDefaultFonts()).AllowAnonymous();
app.MapOverviewEndpoints();
app.MapAreaEndpoints();
app.MapRegistryEndpoints();
app.MapUserEndpoints();
app.MapAuditEndpoints();
app.MapRegistryExcelEndpoints();
app.MapDistributionEndpoints();
app.MapAssetsExcel();
app.MapCertificates();
app.MapContracts();
app.MapProjects();
app.MapPublicJobEndpoints();
RuralLedger.Web.Features.Assets.AssetsModule.MapAssets(app);
app.MapRazorPages();

app.Run();

/// <summary>Entry point type, visible to the test host.</summary>
public partial class Program;

using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.ResponseCompression;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Data.Demo;
using RuralLedger.Web.Features.Account;
using RuralLedger.Web.Features.Admin.Tokens;
using RuralLedger.Web.Features.Admin.Users;
using RuralLedger.Web.Features.Areas;
using RuralLedger.Web.Features.Assets;
using RuralLedger.Web.Features.Audit;
using RuralLedger.Web.Features.Certificates;
using RuralLedger.Web.Features.Contracts;
using RuralLedger.Web.Features.Credit;
using RuralLedger.Web.Features.Disclosure;
using RuralLedger.Web.Features.Disposals;
using RuralLedger.Web.Features.Distribution;
using RuralLedger.Web.Features.Home;
using RuralLedger.Web.Features.Income;
using RuralLedger.Web.Features.Linkage;
using RuralLedger.Web.Features.Supervision;
using RuralLedger.Web.Features.Projects;
using RuralLedger.Web.Features.Registry;
using RuralLedger.Web.Infrastructure;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
var demo = builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();

builder.Services.AddRuralStorage(storage);
builder.Services.AddScoped<DemoLoader>();

// One Add/Map pair per module (docs/how-to-add-a-module.md).
builder.Services
    .AddHome()
    .AddAreas()
    .AddAccount()
    .AddUsers()
    .AddTokens()
    .AddAudit()
    .AddRegistry(storage)
    .AddProjects()
    .AddAssets()
    .AddCertificates()
    .AddContracts()
    .AddDisposals()
    .AddIncome()
    .AddDistribution()
    .AddLinkage()
    .AddSupervision()
    .AddCredit()
    .AddDisclosure();
RuralLedger.Web.Features.Credit.Usage.UsageModule.AddLoanUsage(builder.Services);
RuralLedger.Web.Features.Credit.Ventures.VentureModule.AddVentures(builder.Services);
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new DefinedEnumConverterFactory());
    MoneyJson.AddConverters(o.SerializerOptions.Converters);
    o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
});
builder.Services.AddRuralAuthentication();
builder.Services.AddProxyHeaders(builder.Configuration);
builder.Services.AddRazorPages(o =>
{
    o.RootDirectory = "/Features";
    o.Conventions.ConfigureFilter(new RequireHandlerPageFilter());
});
// Chinese text goes out as UTF-8, not as &#x...; character references (smaller pages on slow connections).
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddRuralProblemDetails();
builder.Services.AddOpenApi(o => o.AddMoneySchemas().AddEnumSchemas().AddApiAccess().AddDocumentTransformer((document, _, _) =>
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

app.UseProxyHeaders(app.Configuration);
app.UseRuralErrors();
app.UseNoPersonalDataInUrls();
app.UseSecurityHeaders();
app.UseResponseCompression();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAccessContext();
app.UseAuthorization();
app.UseRateLimiter();
app.UseIdempotencyKeys();

app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = DatabaseHealthCheck.WriteJsonAsync }).AllowAnonymous();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference(o => o.WithTitle("RuralLedger API 文档").DisableDefaultFonts()).AllowAnonymous();
// Every module's API answers malformed bodies the same way (BodyChecks) before its handler runs.
app.MapGroup("").WithBodyChecks()
    .MapHome()
    .MapAreas()
    .MapUsers()
    .MapTokens()
    .MapAudit()
    .MapRegistry()
    .MapProjects()
    .MapAssets()
    .MapCertificates()
    .MapContracts()
    .MapDisposals()
    .MapIncome()
    .MapDistribution()
    .MapLinkage()
    .MapSupervision()
    .MapCredit()
    .MapDisclosure();
RuralLedger.Web.Features.Credit.Usage.UsageModule.MapLoanUsage(app.MapGroup("").WithBodyChecks());
RuralLedger.Web.Features.Credit.Ventures.VentureModule.MapVentures(app.MapGroup("").WithBodyChecks());
app.MapRazorPages();

app.Run();

/// <summary>Entry point type, visible to the test host.</summary>
public partial class Program;

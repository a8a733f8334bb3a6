using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RuralLedger.Data.Audit;

namespace RuralLedger.Web.Tests.Admin;

/// <summary>The chain check names the first altered row, and only of chains the caller reads (own fixture: it edits audit rows).</summary>
public abstract class AuditTamperTests<TApp> : IClassFixture<TApp> where TApp : AdminApp
{
    protected AuditTamperTests(TApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        App = app;
    }

    protected TApp App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_edited_row_breaks_the_chain_of_its_county_only()
    {
        await using (var db = App.CreateSystemContext())
        {
            await new AuditWriter(TimeProvider.System).AppendAsync(db, [new AuditRecord("520102", "update", "Household", "7", null, "{\"Phone\":\"1\"}")], Ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE audit_log SET actor_name = 'mallory' WHERE chain_key = '520102' AND sequence = 1", Ct);
        }
        using var admin = await App.SignInAsync("admin");

        var otherBroken = await Verify(admin);
        otherBroken.GetProperty("intact").GetBoolean().Should().BeTrue("another county's broken chain is not this county's to check");

        await using (var db = App.CreateSystemContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET actor_name = 'mallory' WHERE chain_key = {AdminApp.County} AND sequence = 2", Ct);
            var full = await new AuditVerifier(db).VerifyAsync(Ct);
            full.FirstBreak!.ChainKey.Should().Be("520102", "without a chain list every chain is checked");
        }

        var check = await Verify(admin);
        check.GetProperty("intact").GetBoolean().Should().BeFalse();
        var broken = check.GetProperty("firstBreak");
        broken.GetProperty("chainKey").GetString().Should().Be(AdminApp.County);
        broken.GetProperty("sequence").GetInt64().Should().Be(2);
        broken.GetProperty("problem").GetString().Should().Be("记录内容与其哈希不符（被修改）");

        using var page = await AdminApp.PostFormAsync(admin, "/audit", "/audit?handler=Verify", []);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(Ct));
        html.Should().Contain("data-intact=\"false\"").And.Contain($"哈希链已断：链 {AdminApp.County} 第 2 条");
    }

    private static async Task<JsonElement> Verify(HttpClient client)
    {
        using var response = await client.PostAsync("/api/audit/verify", null, Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }
}

public sealed class AuditTamperTestsOnSqlite(SqliteAdminApp app) : AuditTamperTests<SqliteAdminApp>(app);

public sealed class AuditTamperTestsOnPostgres(PostgresAdminApp app) : AuditTamperTests<PostgresAdminApp>(app);

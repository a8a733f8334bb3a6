using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using AwesomeAssertions;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests.Kit;

/// <summary>
/// The key file must fit the database: a start with the key file missing, or with another database's key, refuses
/// with the fix in the message, and a new key is never made for a database that already holds personal data.
/// </summary>
public abstract class KeyFileTests<TDatabase> where TDatabase : TestDatabase, new()
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_or_foreign_key_file_stops_the_start_and_the_right_one_starts_it()
    {
        await using var database = new TDatabase();
        await database.InitializeFromDemoAsync();
        Assert.SkipWhen(database.Unavailable is not null, database.Unavailable ?? "");
        var original = await File.ReadAllBytesAsync(database.KeyFile, Ct);

        File.Delete(database.KeyFile);
        StartFailure(database).Should().Contain("密钥文件").And.Contain("不存在").And.Contain("恢复");
        File.Exists(database.KeyFile).Should().BeFalse("no new key is left for a database that has data");

        var foreign = JsonSerializer.Serialize(new
        {
            Version = 1,
            EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            LookupKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        await File.WriteAllTextAsync(database.KeyFile, foreign, Ct);
        StartFailure(database).Should().Contain("不匹配");

        await File.WriteAllBytesAsync(database.KeyFile, original, Ct);
        await using var app = new AppFactory(database.Storage);
        using var health = await app.CreateClient().GetAsync("/health", Ct);
        health.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static string StartFailure(TDatabase database)
    {
        using var app = new AppFactory(database.Storage);
        var failure = Record.Exception(() => app.CreateClient());
        failure.Should().NotBeNull("the app must not start");
        var messages = new List<string>();
        for (var e = failure; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }
        return string.Join(" | ", messages);
    }
}

public sealed class KeyFileTestsOnSqlite : KeyFileTests<SqliteTestDatabase>;

public sealed class KeyFileTestsOnPostgres : KeyFileTests<PostgresTestDatabase>;

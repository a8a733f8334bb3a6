using Microsoft.EntityFrameworkCore;
using RuralLedger.Core.Accounts;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Audit;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Registry;
using RuralLedger.Data;
using RuralLedger.Data.Audit;
using RuralLedger.Web.Tests.Infrastructure;

namespace RuralLedger.Web.Tests;

/// <summary>
/// The hash-chained audit trail on a real database: ordinary changes leave an intact chain; editing, deleting or
/// reordering rows directly in SQL is found, and the verifier names the row where the chain breaks.
/// Each test has its own fresh database, since a tampered chain stays broken.
/// </summary>
public abstract class AuditTests<TDatabase> where TDatabase : TestDatabase, new()
{
    private const string County = "522699";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_through_the_context_leave_an_intact_chain_with_who_and_what()
    {
        await using var database = await FreshAsync();
        var householdId = await MakeChangesAsync(database);

        await using var db = database.CreateContext();
        var verification = await new AuditVerifier(db).VerifyAsync(Ct);
        var rows = await db.AuditEntries.AsNoTracking().Where(a => a.ChainKey == County).OrderBy(a => a.Sequence).ToListAsync(Ct);

        verification.Intact.Should().BeTrue(verification.FirstBreak?.Problem);
        verification.FirstBreak.Should().BeNull();
        verification.Rows.Should().Be(await db.AuditEntries.CountAsync(Ct));
        verification.Chains.Should().ContainSingle(c => c.ChainKey == County).Which.Rows.Should().Be(rows.Count);
        verification.Chains.Single(c => c.ChainKey == County).Hash.Should().Be(rows[^1].Hash.Trim());
        rows.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), "sequences run without gaps");
        rows.Should().Contain(r => r.Action == "create" && r.EntityType == nameof(Household) && r.EntityId == householdId.ToString());
        var update = rows.First(r => r.Action == "update" && r.EntityType == nameof(Household) && r.ActorName == "auditor");
        update.ActorId.Should().Be(42);
        update.After.Should().Contain("\"PhoneMasked\":\"139****0000\"").And.NotContain("13900000000");
        update.Before.Should().Contain("\"PhoneMasked\":null");
        rows.Should().Contain(r => r.Action == "update" && r.EntityType == nameof(Household) && r.After!.Contains("\"Status\":\"Exited\"", StringComparison.Ordinal),
            "an update row records the new values of the changed properties");
        rows.Should().Contain(r => r.Action == "create" && r.EntityType == nameof(StatusChange), "owned status changes join the county's chain");
    }

    [Fact]
    public async Task Editing_a_row_in_sql_is_named_by_its_id_and_sequence()
    {
        await using var database = await FreshAsync();
        await MakeChangesAsync(database);
        await using var db = database.CreateContext();
        var rows = await ChainAsync(db);
        var victim = rows[rows.Count / 2];

        const string edited = "{\"Name\":\"改过的\"}";

        await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET \"after\" = {edited} WHERE id = {victim.Id}", Ct);
        var verification = await new AuditVerifier(db).VerifyAsync(Ct);

        verification.Intact.Should().BeFalse();
        verification.FirstBreak!.Id.Should().Be(victim.Id);
        verification.FirstBreak.Sequence.Should().Be(victim.Sequence);
        verification.FirstBreak.ChainKey.Should().Be(County);
        verification.FirstBreak.Problem.Should().Contain("被修改");
    }

    [Fact]
    public async Task Editing_a_row_and_recomputing_its_hash_is_found_at_the_next_row()
    {
        await using var database = await FreshAsync();
        await MakeChangesAsync(database);
        await using var db = database.CreateContext();
        var rows = await ChainAsync(db);
        var victim = rows[rows.Count / 2];
        var forged = new AuditEntry(victim.ChainKey, victim.Sequence, victim.At, victim.ActorId, victim.ActorName, victim.Action,
            victim.EntityType, victim.EntityId, victim.Before, "{\"Name\":\"改过的\"}", victim.RequestId, victim.PreviousHash.Trim());

        await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET \"after\" = {forged.After}, hash = {forged.Hash} WHERE id = {victim.Id}", Ct);
        var verification = await new AuditVerifier(db).VerifyAsync(Ct);

        // The forged row is self-consistent; the next row still links to the original hash.
        verification.FirstBreak!.Id.Should().Be(rows[rows.Count / 2 + 1].Id);
        verification.FirstBreak.Sequence.Should().Be(victim.Sequence + 1);
        verification.FirstBreak.Problem.Should().Contain("哈希链接不符");
    }

    [Fact]
    public async Task Deleting_a_row_in_sql_is_named_by_the_missing_sequence_at_the_row_after_it()
    {
        await using var database = await FreshAsync();
        await MakeChangesAsync(database);
        await using var db = database.CreateContext();
        var rows = await ChainAsync(db);
        var victim = rows[rows.Count / 2];
        var next = rows[rows.Count / 2 + 1];

        await db.Database.ExecuteSqlAsync($"DELETE FROM audit_log WHERE id = {victim.Id}", Ct);
        var verification = await new AuditVerifier(db).VerifyAsync(Ct);

        verification.Intact.Should().BeFalse();
        verification.FirstBreak!.Id.Should().Be(next.Id);
        verification.FirstBreak.Sequence.Should().Be(next.Sequence);
        verification.FirstBreak.Problem.Should().Contain($"序号 {victim.Sequence}–{victim.Sequence} 的记录缺失");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Swapping_two_rows_sequence_numbers_in_sql_is_named_at_the_first_swapped_position(int distance)
    {
        await using var database = await FreshAsync();
        await MakeChangesAsync(database);
        await using var db = database.CreateContext();
        var rows = await ChainAsync(db);
        var first = rows[2];
        var second = rows[2 + distance];

        // Three steps because (chain_key, sequence) is unique.
        await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET sequence = -1 WHERE id = {first.Id}", Ct);
        await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET sequence = {first.Sequence} WHERE id = {second.Id}", Ct);
        await db.Database.ExecuteSqlAsync($"UPDATE audit_log SET sequence = {second.Sequence} WHERE id = {first.Id}", Ct);
        var verification = await new AuditVerifier(db).VerifyAsync(Ct);

        verification.Intact.Should().BeFalse();
        verification.FirstBreak!.Id.Should().Be(second.Id, "the row now at the first swapped position does not link to its predecessor");
        verification.FirstBreak.Sequence.Should().Be(first.Sequence);
        verification.FirstBreak.Problem.Should().Contain("哈希链接不符");
    }

    private static async Task<List<AuditEntry>> ChainAsync(RuralDbContext db)
    {
        var rows = await db.AuditEntries.AsNoTracking().Where(a => a.ChainKey == County).OrderBy(a => a.Sequence).ToListAsync(Ct);
        rows.Should().HaveCountGreaterThan(8, "enough rows to tamper in the middle");
        (await new AuditVerifier(db).VerifyAsync(Ct)).Intact.Should().BeTrue("the chain is intact before tampering");
        return rows;
    }

    private static async Task<TDatabase> FreshAsync()
    {
        var database = new TDatabase();
        await database.InitializeAsync();
        Assert.SkipWhen(database.Unavailable is not null, database.Unavailable ?? "");
        await using var db = database.CreateContext();
        await db.Database.MigrateAsync(Ct);
        return database;
    }

    /// <summary>Areas as a system job, then a household created, edited and moved on by a signed-in officer.</summary>
    private static async Task<HouseholdId> MakeChangesAsync(TDatabase database)
    {
        var vault = PersonalDataVault.CreateRandom();
        var now = DateTimeOffset.UtcNow;
        await using (var system = database.CreateContext())
        {
            var county = new Area(DivisionCode.ForCounty(County), "茶乡县", null);
            var township = new Area(county.Code.Child(1), "龙溪镇", county);
            var village = new Area(township.Code.Child(1), "混寨村", township);
            system.Areas.AddRange(county, township, village, new Area(village.Code.Child(1), "一组", village));
            await system.SaveChangesAsync(Ct);
        }

        var officer = new AccessContext();
        officer.SignedIn(42, "auditor", Role.CountyStaff, AreaScope.Of(DivisionCode.ForCounty(County)), null);
        await using var db = database.CreateContext(officer);
        var household = new Household("5226990010019001", DivisionCode.Parse("522699001001"), null, HouseholdType.General, PovertyStatus.Registered, new DateOnly(2018, 3, 1), now, "auditor");
        household.AddMember("龙审一", CitizenId.Compose("520102", new DateOnly(1970, 5, 6), 123), Relation.Head, LabourAbility.Normal, Health.Healthy, Education.Primary, vault);
        household.AddMember("吴审二", CitizenId.Compose("520102", new DateOnly(1972, 7, 8), 124), Relation.Spouse, LabourAbility.Normal, Health.Healthy, Education.Primary, vault);
        db.Households.Add(household);
        await db.SaveChangesAsync(Ct);

        household.SetPhone("13900000000", vault);
        await db.SaveChangesAsync(Ct);
        household.ChangeStatus(PovertyStatus.Exited, new DateOnly(2020, 12, 1), "达到脱贫标准", now, BusinessCalendar.Today(TimeProvider.System), "auditor");
        await db.SaveChangesAsync(Ct);
        household.Update(DivisionCode.Parse("522699001001001"), HouseholdType.Dibao, PovertyCause.Illness);
        await db.SaveChangesAsync(Ct);
        return household.Id;
    }
}

public sealed class SqliteAuditTests : AuditTests<SqliteTestDatabase>;

public sealed class PostgresAuditTests : AuditTests<PostgresTestDatabase>;

using AwesomeAssertions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RuralLedger.Data;

namespace RuralLedger.Web.Tests.Kit;

/// <summary>Unique violations are known by their code, whatever language the server words them in.</summary>
public sealed class DbErrorsTests
{
    [Fact]
    public void A_PostgreSQL_unique_violation_worded_in_Chinese_is_recognised()
    {
        var chinese = new PostgresException("重复键违反唯一约束\"ix_assets_code\"", "错误", "ERROR", "23505");
        DbErrors.IsUniqueViolation(chinese).Should().BeTrue();
        DbErrors.IsUniqueViolation(new DbUpdateException("保存失败", chinese)).Should().BeTrue();
    }

    [Fact]
    public void Other_PostgreSQL_errors_are_not_unique_violations_even_when_their_text_says_so()
    {
        DbErrors.IsUniqueViolation(new PostgresException("duplicate key value violates UNIQUE constraint", "ERROR", "ERROR", "23503")).Should().BeFalse();
        DbErrors.IsUniqueViolation(new PostgresException("插入或更新违反外键约束", "错误", "ERROR", "23503")).Should().BeFalse();
        DbErrors.IsUniqueViolation(new DbUpdateException("UNIQUE constraint failed", new InvalidOperationException("duplicate key"))).Should().BeFalse();
    }

    [Fact]
    public void SQLite_unique_and_primary_key_violations_are_recognised_but_not_a_foreign_key_or_check()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Run(connection, "PRAGMA foreign_keys = ON; CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, n INTEGER CHECK (n > 0));"
            + "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));"
            + "INSERT INTO parent VALUES (1, 'a', 1);");

        DbErrors.IsUniqueViolation(Refused(connection, "INSERT INTO parent VALUES (2, 'a', 1)")).Should().BeTrue("a second code 'a'");
        DbErrors.IsUniqueViolation(Refused(connection, "INSERT INTO parent VALUES (1, 'b', 1)")).Should().BeTrue("a second id 1");
        DbErrors.IsUniqueViolation(Refused(connection, "INSERT INTO child VALUES (1, 99)")).Should().BeFalse("a missing parent");
        DbErrors.IsUniqueViolation(Refused(connection, "INSERT INTO parent VALUES (3, 'c', 0)")).Should().BeFalse("a failed check");
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteException Refused(SqliteConnection connection, string sql)
    {
        var refused = Assert.Throws<SqliteException>(() => Run(connection, sql));
        refused.SqliteErrorCode.Should().Be(19);
        return refused;
    }
}

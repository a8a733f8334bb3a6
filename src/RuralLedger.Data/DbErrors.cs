using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace RuralLedger.Data;

/// <summary>
/// Recognises database refusals by their codes, never by message text: a PostgreSQL server set to
/// <c>lc_messages = zh_CN</c> words a unique violation in Chinese, and SQLite's wording is not a contract.
/// </summary>
public static class DbErrors
{
    /// <summary>
    /// A unique index refused the row: SQLSTATE 23505 on PostgreSQL; SQLITE_CONSTRAINT (19) with the extended code
    /// SQLITE_CONSTRAINT_UNIQUE (2067) or SQLITE_CONSTRAINT_PRIMARYKEY (1555) on SQLite — not a foreign key or check.
    /// </summary>
    public static bool IsUniqueViolation(Exception e) => e switch
    {
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode is 2067 or 1555,
        DbUpdateException { InnerException: { } inner } => IsUniqueViolation(inner),
        _ => false,
    };
}

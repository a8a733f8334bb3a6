using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using NpgsqlTypes;
using RuralLedger.Data;
using RuralLedger.Data.Bulk;

namespace RuralLedger.Architecture.Tests;

/// <summary>
/// The bulk writers (src/RuralLedger.Data/Bulk) write columns by name, past EF: each column list must name columns
/// of its table in the EF model of both providers, with the PostgreSQL COPY type of the column's store type, and
/// must write every required column. The lists are read from the writers themselves, by reflection.
/// </summary>
public sealed partial class BulkColumnTests
{
    // Which table each column list fills (the writers pass the name at the call). A new list fails until added here.
    private static readonly Dictionary<string, string> Tables = new()
    {
        ["RegistryBulkWriter.HouseholdColumns"] = "households",
        ["RegistryBulkWriter.MemberColumns"] = "members",
        ["RegistryBulkWriter.StatusColumns"] = "household_status_changes",
        ["WageBulkWriter.WageColumns"] = "wage_records",
        ["WarningBulkWriter.Columns"] = "anomaly_warnings",
        ["DistributionBulkWriter.PlanColumns"] = "distribution_plans",
        ["DistributionBulkWriter.PartColumns"] = "distribution_plan_parts",
        ["DistributionBulkWriter.LineColumns"] = DistributionBulkWriter.LinesTable,
        ["DistributionBulkWriter.JournalColumns"] = DistributionBulkWriter.JournalTable,
        ["RepaymentBulkWriter.LoanColumns"] = "loans",
        ["RepaymentBulkWriter.LoanTotalColumns"] = "loans",
        ["RepaymentBulkWriter.InstalmentColumns"] = "loan_instalments",
        ["RepaymentBulkWriter.StepColumns"] = "loan_steps",
        ["RepaymentBulkWriter.RepaymentColumns"] = "loan_repayments",
        ["LoanBulkWriter.LoanColumns"] = "loans",
        ["LoanBulkWriter.StepColumns"] = "loan_steps",
        ["LoanBulkWriter.InstalmentColumns"] = "loan_instalments",
        ["LoanBulkWriter.RepaymentColumns"] = "loan_repayments",
        ["PayerLinks.Columns"] = "loan_payer_links",
        ["DemoLinkageGenerator.DeliveryColumns"] = "farm_deliveries",
        ["DemoLinkageGenerator.TransferColumns"] = "land_transfers",
        ["DemoLinkageGenerator.PaymentColumns"] = "land_rent_payments",
        ["DemoLinkageGenerator.SessionColumns"] = "training_sessions",
        ["DemoLinkageGenerator.AttendeeColumns"] = "training_attendees",
    };

    // Lists that set columns of existing rows (BulkSink.UpdateAsync): checked by name and type, not for required columns.
    private static readonly HashSet<string> Updates = ["RepaymentBulkWriter.LoanColumns", "RepaymentBulkWriter.LoanTotalColumns", "RepaymentBulkWriter.InstalmentColumns"];

    private static readonly Dictionary<NpgsqlDbType, string> StoreTypes = new()
    {
        [NpgsqlDbType.Bigint] = "bigint",
        [NpgsqlDbType.Integer] = "integer",
        [NpgsqlDbType.Smallint] = "smallint",
        [NpgsqlDbType.Boolean] = "boolean",
        [NpgsqlDbType.Char] = "character",
        [NpgsqlDbType.Varchar] = "character varying",
        [NpgsqlDbType.Text] = "text",
        [NpgsqlDbType.Date] = "date",
        [NpgsqlDbType.TimestampTz] = "timestamp with time zone",
        [NpgsqlDbType.Bytea] = "bytea",
    };

    [Fact]
    public void Every_column_list_of_the_bulk_writers_has_its_table()
    {
        ColumnLists().Keys.Should().BeEquivalentTo(Tables.Keys);
    }

    [Theory]
    [MemberData(nameof(Models.Providers), MemberType = typeof(Models))]
    public void Every_column_list_matches_the_model(string provider)
    {
        var model = Models.Of(provider);

        ColumnLists().SelectMany(l => Mismatches(model, Tables[l.Key], l.Value, checkTypes: provider == "Postgres", checkRequired: !Updates.Contains(l.Key)))
            .Should().BeEmpty();
    }

    [Fact]
    public void The_check_flags_a_misspelt_column_a_wrong_type_and_a_missing_required_column()
    {
        var lines = ColumnLists()["DistributionBulkWriter.LineColumns"];
        var crafted = lines
            .Where(c => c.Name != "county_code")
            .Select(c => c.Name switch
            {
                "household_id" => ("houshold_id", c.Type),
                "amount" => (c.Name, NpgsqlDbType.Integer),
                _ => c,
            })
            .ToList();

        Mismatches(Models.Postgres, DistributionBulkWriter.LinesTable, crafted, checkTypes: true).Should().BeEquivalentTo(
            "plan_lines.houshold_id: no such column",
            "plan_lines.amount: written as integer, stored as bigint",
            "plan_lines.county_code: required, not written");
    }

    private static IEnumerable<string> Mismatches(IModel model, string table, IReadOnlyList<(string Name, NpgsqlDbType Type)> columns, bool checkTypes,
        bool checkRequired = true)
    {
        var store = StoreObjectIdentifier.Table(table);
        var mapped = model.GetEntityTypes()
            .Where(e => e.GetTableName() == table)
            .SelectMany(e => e.GetProperties())
            .Select(p => (Column: p.GetColumnName(store), Property: p))
            .Where(c => c.Column is not null)
            .DistinctBy(c => c.Column)
            .ToDictionary(c => c.Column!, c => c.Property);
        if (mapped.Count == 0)
        {
            yield return $"{table}: no such table";
            yield break;
        }
        foreach (var (name, type) in columns)
        {
            if (!mapped.TryGetValue(name, out var property))
            {
                yield return $"{table}.{name}: no such column";
            }
            else if (checkTypes && Bare(property.GetColumnType(store)) is var stored && stored != StoreTypes[type])
            {
                yield return $"{table}.{name}: written as {StoreTypes[type]}, stored as {stored}";
            }
        }
        foreach (var (column, property) in mapped)
        {
            if (checkRequired && !property.IsNullable && property.GetDefaultValueSql(store) is null && property.GetDefaultValue(store) is null
                && columns.All(c => c.Name != column))
            {
                yield return $"{table}.{column}: required, not written";
            }
        }
    }

    /// <summary>"character varying(15)" → "character varying".</summary>
    private static string Bare(string storeType) => Length().Replace(storeType, "");

    /// <summary>Each static BulkColumn&lt;T&gt;[] of the data assembly, as (name, COPY type) pairs.</summary>
    private static Dictionary<string, IReadOnlyList<(string Name, NpgsqlDbType Type)>> ColumnLists() =>
        typeof(RuralDbContext).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Where(f => f.FieldType.IsArray && f.FieldType.GetElementType() is { IsGenericType: true } e && e.GetGenericTypeDefinition().Name == "BulkColumn`1")
            .ToDictionary(
                f => $"{f.DeclaringType!.Name}.{f.Name}",
                f => (IReadOnlyList<(string, NpgsqlDbType)>)[.. ((IEnumerable)f.GetValue(null)!).Cast<object>().Select(c =>
                    ((string)c.GetType().GetProperty("Name")!.GetValue(c)!, (NpgsqlDbType)c.GetType().GetProperty("Type")!.GetValue(c)!))]);

    [GeneratedRegex(@"\(\d+(,\s*\d+)?\)")]
    private static partial Regex Length();
}

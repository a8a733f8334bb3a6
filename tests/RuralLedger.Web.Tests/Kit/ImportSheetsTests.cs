using System.Text.RegularExpressions;
using AwesomeAssertions;
using RuralLedger.Data.Imports;

namespace RuralLedger.Web.Tests.Kit;

/// <summary>The CSV line splitter every import reads bank files with: the same cells as MiniExcel's own, in one pass.</summary>
public sealed class ImportSheetsTests
{
    [Fact]
    public void A_csv_line_splits_into_the_same_cells_as_MiniExcel_splits_it()
    {
        ImportSheets.SplitLine("XD-1,2026-03-21,\"1,000.00\",12.50,\"张\"\"三\"\"\",6217").Should()
            .Equal("XD-1", "2026-03-21", "1,000.00", "12.50", "张\"三\"", "6217");
        ImportSheets.SplitLine("").Should().Equal("");
        ImportSheets.SplitLine("a\tb,,").Should().Equal("a", "b", "", "");

        // Every line of up to nine characters from the characters that matter, balanced or not.
        var alphabet = new[] { 'a', ',', '\t', '"', ' ' };
        var random = new Random(14);
        for (var n = 0; n < 20_000; n++)
        {
            var line = new string([.. Enumerable.Range(0, random.Next(10)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            ImportSheets.SplitLine(line).Should().Equal(MiniExcelSplit(line), $"the line is [{line}]");
        }
    }

    // MiniExcel 1.46's CsvReader.Split, the splitter ImportSheets.SplitLine replaces.
    private static string[] MiniExcelSplit(string row) =>
        [.. Regex.Split(row, "[\t,](?=(?:[^\"]|\"[^\"]*\")*$)").Select(s => Regex.Replace(s.Replace("\"\"", "\""), "^\"|\"$", ""))];
}

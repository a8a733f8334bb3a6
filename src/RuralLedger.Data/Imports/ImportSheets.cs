using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.Csv;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Data.Imports;

/// <summary>
/// Reading the sheets the modules import (bank files, payrolls, deliveries, account flows, existing loans): the rows of an
/// xlsx or a CSV file, the header row's columns found by their Chinese names, amounts in yuan. A module's errors keep
/// its own code prefix (<c>loans.</c>, <c>wages.</c>, <c>orders.</c>, <c>flows.</c>).
/// </summary>
public static class ImportSheets
{
    /// <summary>
    /// Finds each header's column letter in the first row (half-width brackets read as full-width: "(元)" is "（元）"; a
    /// trailing required-mark ignored); a missing one is an error of row 1, coded <c>&lt;prefix&gt;import_missing_column</c>.
    /// </summary>
    public static bool Headers(IDictionary<string, object?> cells, IEnumerable<string> headers, Dictionary<string, string> letters, List<ImportError> errors, string prefix)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(letters);
        ArgumentNullException.ThrowIfNull(errors);
        var wanted = headers.ToList();
        foreach (var (letter, value) in cells)
        {
            var header = Cells.Text(value).Replace('(', '（').Replace(')', '）').TrimEnd('*', '＊').Trim();
            if (wanted.Contains(header))
            {
                letters[header] = letter;
            }
        }
        foreach (var missing in wanted.Where(h => !letters.ContainsKey(h)))
        {
            errors.Add(new ImportError(1, missing, prefix + "import_missing_column", $"第 1 行缺少“{missing}”列。"));
        }
        return wanted.All(letters.ContainsKey);
    }

    /// <summary>The rows of the xlsx's <paramref name="sheet"/> (or its first), or of a CSV file in UTF-8 or GBK.</summary>
    public static IEnumerable<object> Lines(Stream workbook, string sheet)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        using var copy = new MemoryStream();
        workbook.CopyTo(copy);
        var content = copy.ToArray();
        var stream = new MemoryStream(content, writable: false);
        if (!IsText(content))
        {
            var sheets = MiniExcel.GetSheetNames(stream);
            stream.Position = 0;
            return MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheets.Contains(sheet) ? sheet : sheets.FirstOrDefault());
        }
        var encoding = TextEncoding(content);
        return MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.CSV,
            configuration: new CsvConfiguration { StreamReaderFunc = s => new StreamReader(s, encoding, detectEncodingFromByteOrderMarks: true), SplitFn = SplitLine });
    }

    /// <summary>
    /// One CSV line into cells, as MiniExcel's own splitter does it (a comma or tab followed by an even number of quotes to
    /// the end of the line separates; "" is a quote; one enclosing quote is dropped at each end) but in one pass: its
    /// regular expression looks ahead to the end of the line at every separator, and cost more than the rest of a
    /// 200,000-row bank file's import.
    /// </summary>
    public static string[] SplitLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var after = line.AsSpan().Count('"');
        var cells = new List<string>();
        var start = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                after--;
            }
            else if ((c == ',' || c == '\t') && after % 2 == 0)
            {
                cells.Add(Cell(line.AsSpan(start, i - start)));
                start = i + 1;
            }
        }
        cells.Add(Cell(line.AsSpan(start)));
        return [.. cells];

        static string Cell(ReadOnlySpan<char> raw)
        {
            var text = raw.Contains('"') ? raw.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : raw.ToString();
            if (text.StartsWith('"'))
            {
                text = text[1..];
            }
            return text.EndsWith('"') ? text[..^1] : text;
        }
    }

    /// <summary>Comma-separated text rather than an xlsx package: no zip signature and no NUL byte in its head.</summary>
    public static bool IsText(ReadOnlySpan<byte> content)
    {
        var head = content[..Math.Min(content.Length, 64 * 1024)];
        var zip = head.Length >= 2 && head[0] == 0x50 && head[1] == 0x4B;
        return !zip && head.IndexOf((byte)0) < 0;
    }

    /// <summary>An amount in yuan (blank is zero); more than two decimals, overflow or a negative amount is an error of its cell.</summary>
    public static Money? Amount(int row, string column, object? cell, List<ImportError> errors, string prefix)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var text = Cells.Text(cell);
        if (text.Length == 0)
        {
            return Money.Zero;
        }
        try
        {
            var money = cell is double d ? Money.FromYuan((decimal)d) : Money.Parse(text.Replace(",", "", StringComparison.Ordinal));
            if (money.IsNegative)
            {
                errors.Add(new ImportError(row, column, prefix + "import_negative", $"{column}不能为负。"));
            }
            return money;
        }
        catch (DomainException e)
        {
            errors.Add(new ImportError(row, column, e.Code, e.Message));
            return null;
        }
    }

    /// <summary>
    /// UTF-8 when the whole file decodes as UTF-8 (with or without a byte order mark); otherwise GBK (code page 936),
    /// what Excel and the banks' systems on a Chinese Windows write as "CSV".
    /// </summary>
    private static Encoding TextEncoding(byte[] content)
    {
        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
            return Encoding.UTF8;
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(936);
        }
    }
}

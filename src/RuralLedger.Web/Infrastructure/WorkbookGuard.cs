using System.Globalization;
using System.IO.Compression;
using System.Xml;
using RuralLedger.Core.Kernel;

namespace RuralLedger.Web.Infrastructure;

/// <summary>
/// Every uploaded workbook is read once, streaming, before MiniExcel sees it (decision 0030): each zip part is inflated
/// through a counter (declared sizes can lie), XML is parsed with DTDs prohibited (no entity expansion, no external
/// entities), and worksheets are held to row, column and cell-length limits. Memory stays at a few buffers whatever
/// the file; a refusal is a 400 naming the file field.
/// </summary>
public static class WorkbookGuard
{
    /// <summary>All parts inflated together; a real 100,000-row import sheet is about 60 MB of XML.</summary>
    public const long MaxUnpackedBytes = 200L * 1024 * 1024;

    /// <summary>A part past 1 MB that inflates more than this many times its compressed size is a zip bomb, not a sheet.</summary>
    public const int MaxRatio = 200;

    public const int MaxEntries = 2_000;

    public const int MaxRows = 200_000;

    public const int MaxColumns = 200;

    /// <summary>Excel's own limit for the text of one cell.</summary>
    public const int MaxCellLength = 32_767;

    private const long RatioFloor = 1024 * 1024;

    public static void Check(ZipArchive zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        if (zip.Entries.Count > MaxEntries)
        {
            throw Refused("import.too_many_parts", $"工作簿包含的部件过多（超过 {MaxEntries} 个），请用 Excel 或 WPS 另存为 .xlsx 后再上传。");
        }
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/'))
            {
                continue;
            }
            using var counted = new CountingStream(entry.Open(), entry.CompressedLength, MaxUnpackedBytes - total);
            if (entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
            {
                ScanXml(counted, worksheet: entry.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase));
            }
            else
            {
                counted.CopyTo(Stream.Null);
            }
            total += counted.Count;
        }
    }

    private static void ScanXml(Stream part, bool worksheet)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        try
        {
            using var reader = XmlReader.Create(part, settings);
            var rows = 0;
            var cells = 0;
            while (reader.Read())
            {
                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && reader.Value.Length > MaxCellLength)
                {
                    throw Refused("import.cell_too_long", $"工作簿中有单元格超过 {MaxCellLength:N0} 个字符。");
                }
                if (!worksheet || reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                switch (reader.LocalName)
                {
                    case "dimension":
                        // A declared A1:XFD1048576 makes a reader pad every row to 16,384 columns.
                        if (reader.GetAttribute("ref") is { } range)
                        {
                            CheckCell(range[(range.LastIndexOf(':') + 1)..]);
                        }
                        break;
                    case "row":
                        cells = 0;
                        if (++rows > MaxRows)
                        {
                            throw TooManyRows();
                        }
                        break;
                    case "c":
                        if (++cells > MaxColumns)
                        {
                            throw TooManyColumns();
                        }
                        if (reader.GetAttribute("r") is { } cell)
                        {
                            CheckCell(cell);
                        }
                        break;
                }
            }
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw Refused("import.dtd_refused", "工作簿含有文档类型定义（DTD），出于安全原因不予读取。请用 Excel 或 WPS 另存为 .xlsx 后再上传。");
        }
        catch (XmlException)
        {
            throw Refused("registry.import_not_xlsx", "文件不是有效的 Excel 工作簿（.xlsx）。请用 Excel 或 WPS 另存为 .xlsx 后再上传。");
        }
    }

    /// <summary>A cell reference such as XFD1048576: its column and row must lie within the limits.</summary>
    private static void CheckCell(string reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            if (column > MaxColumns)
            {
                throw TooManyColumns();
            }
        }
        if (long.TryParse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture, out var row) && row > MaxRows + 1)
        {
            throw TooManyRows();
        }
    }

    private static DomainException TooManyRows() => Refused("import.too_many_rows", $"工作表超过 {MaxRows:N0} 行，请分批导入。");

    private static DomainException TooManyColumns() => Refused("import.too_many_columns", $"工作表超过 {MaxColumns} 列，请只保留模板中的列。");

    private static DomainException TooLarge() => Refused("import.too_large_unpacked", "工作簿解压后过大或压缩比异常（疑似压缩炸弹），请分批导入或另存为 .xlsx 后再上传。");

    private static DomainException Refused(string code, string message) => new(code, message, "file");

    /// <summary>Counts inflated bytes and stops at the limit or at an impossible compression ratio, whatever the header declared.</summary>
    private sealed class CountingStream(Stream inner, long compressed, long limit) : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        private int Counted(int read)
        {
            Count += read;
            if (Count > limit || (Count > RatioFloor && Count > Math.Max(1, compressed) * MaxRatio))
            {
                throw TooLarge();
            }
            return read;
        }
    }
}

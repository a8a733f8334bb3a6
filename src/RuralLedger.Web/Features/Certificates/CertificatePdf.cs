using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;
using RuralLedger.Core.Certificates;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Certificates;

/// <summary>
/// The printable certificate: one A4 page, Chinese text in the embedded (subset) font so the text can be copied and
/// searched, and a QR code holding the absolute public verification address. A certificate that is no longer valid
/// is printed hatched and stamped with its status, so a printout can't pass for a valid one.
/// </summary>
public sealed class CertificatePdf(IOptions<CertificateOptions> options)
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Left = 66;
    private const double Right = PageWidth - 66;
    private const double LabelWidth = 110;
    private static readonly XColor Seal = XColor.FromArgb(0x9b, 0x1c, 0x1c);

    /// <summary>The absolute address the QR code opens: the configured public base, else the request's own scheme and host.</summary>
    public string VerificationUrl(CertificateView certificate, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(request);
        var configured = options.Value.PublicBaseUrl;
        var baseUrl = string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}" : configured.Trim();
        return baseUrl.TrimEnd('/') + certificate.VerificationPath;
    }

    public static byte[] QrPng(string url, int pixelsPerModule) =>
        PngByteQRCodeHelper.GetQRCode(url, QRCodeGenerator.ECCLevel.M, pixelsPerModule, drawQuietZones: true);

    public byte[] Render(CertificateView c, string verificationUrl)
    {
        ArgumentNullException.ThrowIfNull(c);
        var family = CertificateFontResolver.FamilyFor(options.Value.FontFile);
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        XFont Font(double size) => new(family, size, XFontStyleEx.Regular, unicode);

        using var document = new PdfDocument();
        document.Info.Title = $"扶贫项目资产所有权证 {c.Number}";
        document.Info.Subject = c.AssetName;
        document.Info.Creator = "乡村扶贫资产与收益管理平台";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var g = XGraphics.FromPdfPage(page))
        {
            DrawBorder(g);
            if (c.Status != CertificateStatus.Valid)
            {
                DrawVoid(g, Font(20), c.StatusName);
            }

            g.DrawString("扶贫项目资产所有权证", Font(28), new XSolidBrush(Seal), new XRect(0, 78, PageWidth, 40), XStringFormats.Center);
            g.DrawString($"证号：{c.Number}", Font(12), XBrushes.Black, new XRect(0, 124, PageWidth, 18), XStringFormats.Center);
            var y = 150.0;
            if (c.Status != CertificateStatus.Valid)
            {
                var note = c.Status == CertificateStatus.Superseded
                    ? $"本证已换发（{Fmt.Date(c.EndedOn)}），新证号 {c.ReplacedByNumber}，本证作废。"
                    : $"本证已注销（{Fmt.Date(c.EndedOn)}）：{c.EndReason}";
                y = DrawWrapped(g, Font(11), new XSolidBrush(Seal), note, Left, y, Right - Left, 15, center: true) + 4;
            }

            var body = Font(11.5);
            y = Math.Max(y, 165);
            var rows = new (string Label, string Value)[]
            {
                ("县（市、区）", c.CountyName),
                ("资产编号", c.AssetCode),
                ("资产名称", c.AssetName),
                ("资产类别", c.AssetClassName),
                ("资产类型", c.AssetKindName),
                ("坐落位置", c.Location),
                ("数量", $"{c.Quantity.ToString("#,##0.##", Fmt.Culture)} {c.Unit}".Trim()),
                ("资产原值", c.OriginalValueText),
                ("形成日期", Fmt.Date(c.FormedOn)),
            };
            var pen = new XPen(XColors.Gray, 0.5);
            g.DrawLine(pen, Left, y, Right, y);
            foreach (var (label, value) in rows)
            {
                var top = y;
                g.DrawString(label, body, XBrushes.DimGray, new XRect(Left + 6, top + 5, LabelWidth, 16), XStringFormats.TopLeft);
                y = DrawWrapped(g, body, XBrushes.Black, value, Left + LabelWidth, top + 5, Right - Left - LabelWidth - 6, 16, center: false) + 5;
                g.DrawLine(pen, Left, y, Right, y);
            }

            y += 16;
            g.DrawString("所有权人及份额", Font(13), XBrushes.Black, new XRect(Left, y, Right - Left, 18), XStringFormats.TopLeft);
            y += 22;
            var holders = c.Holders.Count > 8 ? Font(9) : body;
            var rowHeight = c.Holders.Count > 8 ? 13.0 : 18.0;
            double kindX = Left + 270, shareX = Right - 80;
            g.DrawLine(pen, Left, y, Right, y);
            g.DrawString("所有权人", body, XBrushes.DimGray, new XRect(Left + 6, y + 3, 200, rowHeight), XStringFormats.TopLeft);
            g.DrawString("类型", body, XBrushes.DimGray, new XRect(kindX, y + 3, 120, rowHeight), XStringFormats.TopLeft);
            g.DrawString("份额", body, XBrushes.DimGray, new XRect(shareX, y + 3, 74, rowHeight), XStringFormats.TopRight);
            y += rowHeight + 4;
            g.DrawLine(pen, Left, y, Right, y);
            foreach (var h in c.Holders)
            {
                var top = y + 3;
                y = DrawWrapped(g, holders, XBrushes.Black, h.Name, Left + 6, top, kindX - Left - 12, rowHeight, center: false);
                g.DrawString(h.Kind, holders, XBrushes.Black, new XRect(kindX, top, 120, rowHeight), XStringFormats.TopLeft);
                g.DrawString(h.Share.ToString(), holders, XBrushes.Black, new XRect(shareX, top, 74, rowHeight), XStringFormats.TopRight);
                y += 3;
                g.DrawLine(pen, Left, y, Right, y);
            }

            // The QR code and the authority sit at the foot of the page, below everything else.
            const double qrSize = 112;
            var qrTop = Math.Max(y + 24, PageHeight - 112 - qrSize - 40);
            DrawQr(g, verificationUrl, Right - qrSize, qrTop, qrSize);
            g.DrawString("扫码核验真伪", Font(9), XBrushes.DimGray, new XRect(Right - qrSize, qrTop + qrSize + 2, qrSize, 12), XStringFormats.TopCenter);
            g.DrawString($"发证机关：{c.IssuedBy}", Font(12.5), XBrushes.Black, new XRect(Left, qrTop + 34, Right - Left - qrSize - 10, 18), XStringFormats.TopLeft);
            g.DrawString($"发证日期：{Fmt.Date(c.IssuedOn)}", Font(12.5), XBrushes.Black, new XRect(Left, qrTop + 58, Right - Left - qrSize - 10, 18), XStringFormats.TopLeft);
            if (c.ReplacesNumber is not null)
            {
                g.DrawString($"换发（原证号 {c.ReplacesNumber}，原因：{c.ReissueReason}）", Font(9), XBrushes.DimGray,
                    new XRect(Left, qrTop + 82, Right - Left - qrSize - 10, 12), XStringFormats.TopLeft);
            }

            var foot = PageHeight - 78;
            g.DrawString("说明：本证所载资产及所有权人以发证时资产台账登记为准；所有权人变更、证书损毁或遗失，须申请换发。", Font(8.5), XBrushes.DimGray,
                new XRect(Left, foot, Right - Left, 12), XStringFormats.TopLeft);
            g.DrawString("核验地址：" + verificationUrl, Font(8), XBrushes.DimGray, new XRect(Left, foot + 14, Right - Left, 12), XStringFormats.TopLeft);
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>
    /// The QR code as vector squares rather than an embedded bitmap: PDFsharp's core build can't read QRCoder's
    /// 1-bit palette PNG, and vectors print sharp at any size. Adjacent dark modules of a row are drawn as one bar.
    /// </summary>
    public static void DrawQr(XGraphics g, string url, double x, double y, double size)
    {
        using var data = QRCodeGenerator.GenerateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var n = matrix.Count;
        var module = size / n;
        for (var row = 0; row < n; row++)
        {
            var bits = matrix[row];
            var col = 0;
            while (col < n)
            {
                if (!bits[col])
                {
                    col++;
                    continue;
                }
                var start = col;
                while (col < n && bits[col])
                {
                    col++;
                }
                // A hair wider than the module so neighbouring rows leave no white seams when rasterised.
                g.DrawRectangle(XBrushes.Black, x + start * module, y + row * module, (col - start) * module + 0.05, module + 0.05);
            }
        }
    }

    private static void DrawBorder(XGraphics g)
    {
        g.DrawRectangle(new XPen(Seal, 2.4), 28, 28, PageWidth - 56, PageHeight - 56);
        g.DrawRectangle(new XPen(Seal, 0.8), 34, 34, PageWidth - 68, PageHeight - 68);
    }

    /// <summary>
    /// A void certificate: faint diagonal hatching over the whole page and a stamp with its status above the title.
    /// The status is horizontal text of its own line, so text extraction reads it whole rather than interleaved.
    /// </summary>
    private static void DrawVoid(XGraphics g, XFont font, string status)
    {
        var state = g.Save();
        g.IntersectClip(new XRect(34, 34, PageWidth - 68, PageHeight - 68));
        var hatch = new XPen(XColor.FromArgb(48, 0xc0, 0x1c, 0x1c), 1.2);
        for (var offset = -PageHeight; offset < PageWidth; offset += 28)
        {
            g.DrawLine(hatch, offset, PageHeight, offset + PageHeight, 0);
        }
        g.Restore(state);
        var stamp = new XRect(Right - 118, 40, 118, 36);
        g.DrawRectangle(new XPen(Seal, 2), XBrushes.White, stamp);
        g.DrawString(status, font, new XSolidBrush(Seal), stamp, XStringFormats.Center);
    }

    /// <summary>Draws text broken into lines that fit the width (Chinese has no spaces to break at); returns the bottom.</summary>
    private static double DrawWrapped(XGraphics g, XFont font, XBrush brush, string text, double x, double y, double width, double lineHeight, bool center)
    {
        foreach (var line in PdfText.Lines(g, font, text, width))
        {
            g.DrawString(line, font, brush, new XRect(x, y, width, lineHeight), center ? XStringFormats.TopCenter : XStringFormats.TopLeft);
            y += lineHeight;
        }
        return y;
    }
}

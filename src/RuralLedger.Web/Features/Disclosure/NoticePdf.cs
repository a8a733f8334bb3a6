using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using RuralLedger.Web.Features.Certificates;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Disclosure;

/// <summary>
/// The distribution notice as printed for the village's physical board: A4, Chinese text in the embedded (subset)
/// certificate font, the same masked lines the online board shows, and a QR code opening that board at the notice.
/// The QR sits at a fixed place of the first page (<see cref="QrBox"/>), so a printout can be checked mechanically.
/// </summary>
public sealed class NoticePdf(IOptions<DisclosureOptions> options, IOptions<CertificateOptions> certificates)
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Left = 50;
    private const double Right = PageWidth - 50;
    private const double Bottom = PageHeight - 60;
    private const double RowHeight = 14;

    /// <summary>Where the QR code is drawn on the first page, in points from the top left.</summary>
    public static XRect QrBox { get; } = new(Right - 92, 40, 92, 92);

    /// <summary>The online notice: the configured public base (Disclosure's, else the certificates'), else this request's host.</summary>
    public string NoticeUrl(string villageCode, long planId, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configured = options.Value.PublicBaseUrl is { Length: > 0 } own && !string.IsNullOrWhiteSpace(own) ? own : certificates.Value.PublicBaseUrl;
        var baseUrl = string.IsNullOrWhiteSpace(configured) ? $"{request.Scheme}://{request.Host}" : configured.Trim();
        return $"{baseUrl.TrimEnd('/')}/public/{villageCode}#notice-{planId}";
    }

    public byte[] Render(VillagePlace village, PlanNotice notice, string url)
    {
        ArgumentNullException.ThrowIfNull(village);
        ArgumentNullException.ThrowIfNull(notice);
        var family = CertificateFontResolver.FamilyFor(certificates.Value.FontFile);
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        XFont Font(double size) => new(family, size, XFontStyleEx.Regular, unicode);
        var body = Font(10.5);
        var small = Font(8.5);
        var pen = new XPen(XColors.Gray, 0.5);

        using var document = new PdfDocument();
        document.Info.Title = $"{village.Name}{notice.Title}公示";
        document.Info.Creator = "乡村扶贫资产与收益管理平台";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var g = XGraphics.FromPdfPage(page);
        try
        {
            CertificatePdf.DrawQr(g, url, QrBox.X, QrBox.Y, QrBox.Width);
            g.DrawString("扫码查看在线公示", small, XBrushes.DimGray, new XRect(QrBox.X - 10, QrBox.Bottom + 2, QrBox.Width + 20, 11), XStringFormats.TopCenter);
            var textWidth = QrBox.X - Left - 12;
            var y = 48.0;
            foreach (var line in PdfText.Lines(g, Font(17), $"{village.Name}{notice.Title}公示", textWidth))
            {
                g.DrawString(line, Font(17), XBrushes.Black, new XRect(Left, y, textWidth, 22), XStringFormats.TopLeft);
                y += 22;
            }
            y += 4;
            foreach (var (label, value) in new[]
            {
                ("所在地", village.FullName),
                ("方案编号", notice.Number),
                ("公示期", $"{Fmt.Date(notice.Period.From)} 至 {Fmt.Date(notice.Period.To)}（{notice.Period.State}）"),
                ("公示地点", notice.Place),
                ("收益总额", Fmt.Amount(notice.Pool)),
                ("农户分红", $"{Fmt.Amount(notice.Dividends)}，{notice.Households} 户"),
            })
            {
                g.DrawString($"{label}：{value}", body, XBrushes.Black, new XRect(Left, y, textWidth, RowHeight), XStringFormats.TopLeft);
                y += RowHeight + 1;
            }
            y = Math.Max(y, QrBox.Bottom + 16) + 6;

            g.DrawString("分配构成", Font(12), XBrushes.Black, new XRect(Left, y, Right - Left, 16), XStringFormats.TopLeft);
            y += 18;
            foreach (var part in notice.Parts)
            {
                g.DrawLine(pen, Left, y, Right, y);
                g.DrawString(part.Name, body, XBrushes.Black, new XRect(Left + 4, y + 2, 260, RowHeight), XStringFormats.TopLeft);
                g.DrawString(part.Percent.ToString(), body, XBrushes.Black, new XRect(Left + 270, y + 2, 80, RowHeight), XStringFormats.TopRight);
                g.DrawString(Fmt.Amount(part.Amount), body, XBrushes.Black, new XRect(Right - 160, y + 2, 156, RowHeight), XStringFormats.TopRight);
                y += RowHeight + 3;
            }
            g.DrawLine(pen, Left, y, Right, y);
            y += 12;

            g.DrawString("农户分红明细（户主姓名已脱敏）", Font(12), XBrushes.Black, new XRect(Left, y, Right - Left, 16), XStringFormats.TopLeft);
            y += 18;
            // Two columns of lines a page: a village of a hundred households fits on two sheets of the board.
            const double gap = 16;
            var columnWidth = (Right - Left - gap) / 2;
            void Header(double top)
            {
                for (var c = 0; c < 2; c++)
                {
                    var x = Left + c * (columnWidth + gap);
                    g.DrawString("序号", small, XBrushes.DimGray, new XRect(x, top, 30, 12), XStringFormats.TopLeft);
                    g.DrawString("户主", small, XBrushes.DimGray, new XRect(x + 34, top, 90, 12), XStringFormats.TopLeft);
                    g.DrawString("人口", small, XBrushes.DimGray, new XRect(x + 120, top, 30, 12), XStringFormats.TopRight);
                    g.DrawString("金额（元）", small, XBrushes.DimGray, new XRect(x + 150, top, columnWidth - 150, 12), XStringFormats.TopRight);
                }
            }
            Header(y);
            y += 14;
            var remaining = notice.Lines.ToList();
            while (remaining.Count > 0)
            {
                var rows = Math.Max(1, (int)((Bottom - 40 - y) / (RowHeight - 1)));
                var tallest = Math.Min(rows, remaining.Count);
                for (var c = 0; c < 2 && remaining.Count > 0; c++)
                {
                    var x = Left + c * (columnWidth + gap);
                    var rowY = y;
                    foreach (var l in remaining.Take(rows))
                    {
                        g.DrawString(l.Row.ToString(Fmt.Culture), body, XBrushes.Black, new XRect(x, rowY, 30, RowHeight), XStringFormats.TopLeft);
                        g.DrawString(l.Name, body, XBrushes.Black, new XRect(x + 34, rowY, 90, RowHeight), XStringFormats.TopLeft);
                        g.DrawString(l.People.ToString(Fmt.Culture), body, XBrushes.Black, new XRect(x + 120, rowY, 30, RowHeight), XStringFormats.TopRight);
                        g.DrawString(Yuan.Text(l.Amount), body, XBrushes.Black, new XRect(x + 150, rowY, columnWidth - 150, RowHeight), XStringFormats.TopRight);
                        rowY += RowHeight - 1;
                    }
                    remaining.RemoveRange(0, Math.Min(rows, remaining.Count));
                }
                if (remaining.Count > 0)
                {
                    g.Dispose();
                    page = document.AddPage();
                    page.Size = PdfSharp.PageSize.A4;
                    g = XGraphics.FromPdfPage(page);
                    y = 50;
                    Header(y);
                    y += 14;
                }
                else
                {
                    y += tallest * (RowHeight - 1) + 10;
                }
            }

            if (y > Bottom - 60)
            {
                g.Dispose();
                page = document.AddPage();
                page.Size = PdfSharp.PageSize.A4;
                g = XGraphics.FromPdfPage(page);
                y = 50;
            }
            var closing = "公示期内，对上述分配方案如有异议，可向村民委员会当面或书面反映，也可扫描右上角二维码在线提出；村民委员会将在公示栏答复。";
            foreach (var line in PdfText.Lines(g, body, closing, Right - Left))
            {
                g.DrawString(line, body, XBrushes.Black, new XRect(Left, y, Right - Left, RowHeight), XStringFormats.TopLeft);
                y += RowHeight + 1;
            }
            g.DrawString("在线公示：" + url, small, XBrushes.DimGray, new XRect(Left, y + 4, Right - Left, 12), XStringFormats.TopLeft);
            g.DrawString($"{village.Name}村民委员会", body, XBrushes.Black, new XRect(Left, y + 24, Right - Left, RowHeight), XStringFormats.TopRight);
        }
        finally
        {
            g.Dispose();
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}

using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using RuralLedger.Web.Features.Certificates;
using RuralLedger.Web.Infrastructure;

namespace RuralLedger.Web.Features.Projects;

/// <summary>
/// The printable assessment (项目“八要素”评估表): A4 pages, Chinese text in the certificates' embedded font so it can
/// be copied and searched. Evidence runs over as many pages as it needs; the signature lines close the last page.
/// </summary>
public sealed class AssessmentPdf(IOptions<CertificateOptions> options)
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Left = 50;
    private const double Right = PageWidth - 50;
    private const double Bottom = PageHeight - 60;

    public byte[] Render(AssessmentView a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var family = CertificateFontResolver.FamilyFor(options.Value.FontFile);
        var unicode = new XPdfFontOptions(PdfFontEncoding.Unicode);
        XFont Font(double size) => new(family, size, XFontStyleEx.Regular, unicode);
        var body = Font(10.5);
        var small = Font(9);
        var pen = new XPen(XColors.Gray, 0.5);

        using var document = new PdfDocument();
        document.Info.Title = $"项目“八要素”评估表 {a.ProjectCode}";
        document.Info.Creator = "乡村扶贫资产与收益管理平台";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var g = XGraphics.FromPdfPage(page);
        try
        {
            g.DrawString("产业项目“八要素”评估表", Font(20), XBrushes.Black, new XRect(0, 50, PageWidth, 30), XStringFormats.Center);
            var y = 95.0;
            foreach (var line in new[]
            {
                $"项目：{a.ProjectCode}  {a.ProjectName}",
                $"产业：{a.IndustryName}    实施地点：{a.PlaceName}",
                $"评估日期：{Fmt.Date(a.AssessedOn)}    评估人：{a.AssessedBy}    评估办法：第 {a.PolicyVersion} 版（及格 {a.PassingScore} 分，单项不低于 {a.LeastElementScore} 分）",
                $"联结农户：{a.LinkedHouseholds} 户，计划年收益合计 {a.PlannedBenefitTotal}",
            })
            {
                y = Wrapped(g, body, XBrushes.Black, line, Left, y, Right - Left, 15);
            }
            y += 8;

            double nameX = Left + 4, scoreX = Left + 84, weightX = Left + 122, evidenceX = Left + 160;
            void Header()
            {
                g.DrawLine(pen, Left, y, Right, y);
                g.DrawString("要素", body, XBrushes.DimGray, new XRect(nameX, y + 4, 80, 14), XStringFormats.TopLeft);
                g.DrawString("得分", body, XBrushes.DimGray, new XRect(scoreX, y + 4, 34, 14), XStringFormats.TopLeft);
                g.DrawString("权重", body, XBrushes.DimGray, new XRect(weightX, y + 4, 34, 14), XStringFormats.TopLeft);
                g.DrawString("评分依据", body, XBrushes.DimGray, new XRect(evidenceX, y + 4, Right - evidenceX, 14), XStringFormats.TopLeft);
                y += 22;
                g.DrawLine(pen, Left, y, Right, y);
            }
            Header();
            foreach (var s in a.Scores)
            {
                var lines = PdfText.Lines(g, body, s.Evidence, Right - evidenceX - 4);
                if (y + 8 + lines.Count * 14 > Bottom)
                {
                    g.Dispose();
                    page = document.AddPage();
                    page.Size = PdfSharp.PageSize.A4;
                    g = XGraphics.FromPdfPage(page);
                    y = 50;
                    Header();
                }
                var top = y + 4;
                var brush = s.Weak ? new XSolidBrush(XColor.FromArgb(0x9b, 0x1c, 0x1c)) : XBrushes.Black;
                g.DrawString(s.Weak ? s.Name + "（弱项）" : s.Name, body, brush, new XRect(nameX, top, 80, 14), XStringFormats.TopLeft);
                g.DrawString(s.Score.ToString(Fmt.Culture), body, brush, new XRect(scoreX, top, 34, 14), XStringFormats.TopLeft);
                g.DrawString(s.Weight.ToString(Fmt.Culture), body, XBrushes.Black, new XRect(weightX, top, 34, 14), XStringFormats.TopLeft);
                foreach (var line in lines)
                {
                    g.DrawString(line, body, XBrushes.Black, new XRect(evidenceX, top, Right - evidenceX, 14), XStringFormats.TopLeft);
                    top += 14;
                }
                y = Math.Max(top, y + 18) + 4;
                g.DrawLine(pen, Left, y, Right, y);
            }

            if (y + 150 > Bottom)
            {
                g.Dispose();
                page = document.AddPage();
                page.Size = PdfSharp.PageSize.A4;
                g = XGraphics.FromPdfPage(page);
                y = 50;
            }
            y += 14;
            var verdict = a.Passed
                ? $"总分：{a.Total} 分（满分 100 分），评估通过。"
                : $"总分：{a.Total} 分（满分 100 分），评估未通过，退回完善：{a.WeakText}。";
            y = Wrapped(g, Font(13), a.Passed ? XBrushes.Black : new XSolidBrush(XColor.FromArgb(0x9b, 0x1c, 0x1c)), verdict, Left, y, Right - Left, 18);
            if (a.Conclusion is not null)
            {
                y = Wrapped(g, body, XBrushes.Black, "评估意见：" + a.Conclusion, Left, y + 4, Right - Left, 15);
            }
            y = Wrapped(g, small, XBrushes.DimGray,
                "总分 = Σ（得分 × 权重）× 10 ÷ Σ权重，保留两位小数（四舍五入）；是否及格按未舍入的值判定。", Left, y + 6, Right - Left, 12);
            y += 36;
            g.DrawString("评估人（签字）：", body, XBrushes.Black, new XRect(Left, y, 200, 14), XStringFormats.TopLeft);
            g.DrawString("审核人（签字）：", body, XBrushes.Black, new XRect(Left + 260, y, 200, 14), XStringFormats.TopLeft);
            g.DrawString("日期：", body, XBrushes.Black, new XRect(Left, y + 30, 200, 14), XStringFormats.TopLeft);
            g.DrawString("（单位盖章）", body, XBrushes.Black, new XRect(Left + 260, y + 30, 200, 14), XStringFormats.TopLeft);
        }
        finally
        {
            g.Dispose();
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static double Wrapped(XGraphics g, XFont font, XBrush brush, string text, double x, double y, double width, double lineHeight)
    {
        foreach (var line in PdfText.Lines(g, font, text, width))
        {
            g.DrawString(line, font, brush, new XRect(x, y, width, lineHeight), XStringFormats.TopLeft);
            y += lineHeight;
        }
        return y;
    }
}

using PdfSharp.Drawing;

namespace RuralLedger.Web.Infrastructure;

/// <summary>Text layout for the printed documents (certificates, assessments).</summary>
internal static class PdfText
{
    /// <summary>Breaks text into lines that fit the width, rune by rune (Chinese has no spaces to break at); a newline starts a line.</summary>
    public static List<string> Lines(XGraphics g, XFont font, string text, double width)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == '\n')
            {
                lines.Add(current.ToString());
                current.Clear();
                continue;
            }
            var candidate = current + rune.ToString();
            if (current.Length > 0 && g.MeasureString(candidate, font).Width > width)
            {
                lines.Add(current.ToString());
                current.Clear();
            }
            current.Append(rune.ToString());
        }
        if (current.Length > 0 || lines.Count == 0)
        {
            lines.Add(current.ToString());
        }
        return lines;
    }
}

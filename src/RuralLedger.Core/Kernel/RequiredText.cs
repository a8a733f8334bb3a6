namespace RuralLedger.Core.Kernel;

/// <summary>A name or place a record cannot do without: trimmed, not empty, bounded by its column (400 <c>input.text</c>).</summary>
public static class RequiredText
{
    public static string Of(string? text, string field, string label, int max)
    {
        var t = (text ?? "").Trim();
        return t.Length is 0 || t.Length > max ? throw new DomainException("input.text", $"{label}不能为空，不超过 {max} 个字。", field) : t;
    }
}

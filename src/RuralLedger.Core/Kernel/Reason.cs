namespace RuralLedger.Core.Kernel;

/// <summary>
/// The reason an irreversible step records (cancel, remove, revoke, terminate, reject): required, bounded, and free of
/// control characters, which would make the audit trail read differently from what the officer typed.
/// </summary>
public static class Reason
{
    public const int MaxLength = 200;

    public static string Required(string? text, string field = "reason", string label = "原因", int max = MaxLength)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            throw new DomainException("reason.required", $"请填写{label}。", field);
        }
        if (t.Length > max)
        {
            throw new DomainException("reason.too_long", $"{label}不超过 {max} 个字。", field);
        }
        if (t.Any(char.IsControl))
        {
            throw new DomainException("reason.control_characters", $"{label}不能含换行、制表等控制字符。", field);
        }
        return t;
    }
}

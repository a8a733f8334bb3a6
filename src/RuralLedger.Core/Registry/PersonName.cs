namespace RuralLedger.Core.Registry;

/// <summary>Names of people as public notices print them.</summary>
public static class PersonName
{
    /// <summary>
    /// 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜, 张三 → 张*: the first and last character stay so villagers recognise their own
    /// line, the rest is starred; a two-character name keeps its first only, or the notice would print it whole.
    /// </summary>
    public static string MaskForNotice(string? name)
    {
        var runes = (name ?? "").Trim().EnumerateRunes().ToList();
        return runes.Count switch
        {
            0 => "",
            1 => "*",
            2 => runes[0] + "*",
            _ => runes[0] + new string('*', runes.Count - 2) + runes[^1],
        };
    }
}

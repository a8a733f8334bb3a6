namespace RuralLedger.Core.Kernel;

// Typed ids: a household id can't be passed where an area id is expected. The data layer maps each to a bigint.
public readonly record struct AreaId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct HouseholdId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct MemberId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

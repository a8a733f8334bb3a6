namespace RuralLedger.Core.Kernel;

// Typed ids: a household id can't be passed where an area id is expected. The data layer maps each to a bigint.
public readonly record struct AreaId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct HouseholdId(long Value) : IComparable<HouseholdId>
{
    public int CompareTo(HouseholdId other) => Value.CompareTo(other.Value);

    // Keyset paging compares ids; EF translates these to plain SQL comparisons of the bigint column.
    public static bool operator >(HouseholdId a, HouseholdId b) => a.Value > b.Value;

    public static bool operator <(HouseholdId a, HouseholdId b) => a.Value < b.Value;

    public static bool operator >=(HouseholdId a, HouseholdId b) => a.Value >= b.Value;

    public static bool operator <=(HouseholdId a, HouseholdId b) => a.Value <= b.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct MemberId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct FundSourceId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct ProjectId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct AssetId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct ContractId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct CertificateId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

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

// Comparable so that in-memory ordering, Min and Max of rows read by EF keep working as they did on the bare longs.
public readonly record struct DisposalId(long Value) : IComparable<DisposalId>
{
    public int CompareTo(DisposalId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct AssetIncomeId(long Value) : IComparable<AssetIncomeId>
{
    public int CompareTo(AssetIncomeId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct DistributionRuleId(long Value) : IComparable<DistributionRuleId>
{
    public int CompareTo(DistributionRuleId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct DistributionPlanId(long Value) : IComparable<DistributionPlanId>
{
    public int CompareTo(DistributionPlanId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct PlanLineId(long Value) : IComparable<PlanLineId>
{
    public int CompareTo(PlanLineId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct PaymentBatchId(long Value) : IComparable<PaymentBatchId>
{
    public int CompareTo(PaymentBatchId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct JournalEntryId(long Value) : IComparable<JournalEntryId>
{
    public int CompareTo(JournalEntryId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

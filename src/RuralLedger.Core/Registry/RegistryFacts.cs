namespace RuralLedger.Core.Registry;

/// <summary>
/// One entry of a household's status history as the registry holds it: the day it took effect, when it was
/// recorded, its entry id, the status it set. <see cref="Household.StatusOn"/> and the plan pipeline's registry
/// reader both decide a status on a date with it.
/// </summary>
public readonly record struct StatusFact(DateOnly EffectiveOn, DateTimeOffset RecordedAt, long EntryId, PovertyStatus To)
{
    /// <summary>In effect on <paramref name="date"/> as the registry knew it at <paramref name="knownAt"/>: late entries count once recorded.</summary>
    public bool CountsOn(DateOnly date, DateTimeOffset knownAt) => EffectiveOn <= date && RecordedAt <= knownAt;

    /// <summary>
    /// The latest effective date wins, ties to the later recording, then to the later entry; an entry equal in all
    /// three (not yet saved, so without an id) wins over one met before it.
    /// </summary>
    public bool Supersedes(StatusFact other) =>
        (EffectiveOn, RecordedAt, EntryId).CompareTo((other.EffectiveOn, other.RecordedAt, other.EntryId)) >= 0;

    /// <summary>The status in effect on <paramref name="date"/> as the registry knew it at <paramref name="knownAt"/>; null before registration.</summary>
    public static PovertyStatus? StatusOn(IEnumerable<StatusFact> history, DateOnly date, DateTimeOffset knownAt)
    {
        ArgumentNullException.ThrowIfNull(history);
        StatusFact? latest = null;
        foreach (var fact in history)
        {
            if (fact.CountsOn(date, knownAt) && (latest is not { } l || fact.Supersedes(l)))
            {
                latest = fact;
            }
        }
        return latest?.To;
    }
}

/// <summary>Age in whole years, as the registry and the distribution rules count it.</summary>
public static class Age
{
    /// <summary>Whole years on <paramref name="on"/>: the day before the birthday still counts the year before (29 February: 28 February in other years).</summary>
    public static int On(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        return on < birth.AddYears(age) ? age - 1 : age;
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RuralLedger.Core.Linkage;
using RuralLedger.Core.Registry;

namespace RuralLedger.Core.Tests.Registry;

/// <summary>The registry rules the plan pipeline freezes beneficiaries with: status on a date, age, public-welfare posts.</summary>
public sealed class RegistryFactsTests
{
    private static readonly DateTimeOffset Known = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_latest_effective_date_wins_then_the_later_recording_then_the_later_entry()
    {
        var on = new DateOnly(2024, 12, 31);
        StatusFact[] history =
        [
            new(new DateOnly(2019, 3, 1), Known.AddYears(-5), 1, PovertyStatus.Registered),
            new(new DateOnly(2021, 1, 1), Known.AddYears(-4), 2, PovertyStatus.Exited),
            new(new DateOnly(2021, 1, 1), Known.AddYears(-3), 3, PovertyStatus.MonitoredMarginal),  // same day, recorded later
            new(new DateOnly(2025, 2, 1), Known.AddYears(-1), 4, PovertyStatus.RiskRemoved),        // after the date
            new(new DateOnly(2022, 5, 1), Known.AddDays(1), 5, PovertyStatus.MonitoredSudden),      // recorded after knownAt
        ];

        StatusFact.StatusOn(history, on, Known).Should().Be(PovertyStatus.MonitoredMarginal);
        StatusFact.StatusOn(history, on, Known.AddDays(1)).Should().Be(PovertyStatus.MonitoredSudden, "known once recorded, late entry or not");
        StatusFact.StatusOn(history.Reverse(), on, Known).Should().Be(PovertyStatus.MonitoredMarginal, "the order rows are read in doesn't matter");
        StatusFact.StatusOn(history, new DateOnly(2019, 2, 28), Known).Should().BeNull("before registration there is no status");
    }

    [Fact]
    public void Entries_equal_in_date_recording_and_id_go_to_the_one_met_last()
    {
        var day = new DateOnly(2024, 1, 1);
        StatusFact[] unsaved = [new(day, Known, 0, PovertyStatus.Exited), new(day, Known, 0, PovertyStatus.MonitoredUnstable)];

        StatusFact.StatusOn(unsaved, day, Known).Should().Be(PovertyStatus.MonitoredUnstable);
    }

    [Property(MaxTest = 300)]
    public void Folding_row_by_row_as_the_reader_does_gives_the_status_of_the_whole_history(NonEmptyArray<(byte Day, byte Recorded, PovertyStatus To)> rows, byte onDay)
    {
        var start = new DateOnly(2020, 1, 1);
        var facts = rows.Get.Select((r, i) => new StatusFact(start.AddDays(r.Day % 60), Known.AddHours(r.Recorded % 5 - 2), i + 1, r.To)).ToArray();
        var on = start.AddDays(onDay % 70);

        StatusFact? folded = null;
        foreach (var f in facts.OrderBy(_ => Guid.NewGuid()))
        {
            if (f.CountsOn(on, Known) && (folded is not { } current || f.Supersedes(current)))
            {
                folded = f;
            }
        }
        var expected = facts.Where(f => f.EffectiveOn <= on && f.RecordedAt <= Known)
            .OrderBy(f => f.EffectiveOn).ThenBy(f => f.RecordedAt).ThenBy(f => f.EntryId).LastOrDefault();

        folded?.To.Should().Be(expected.To);
        (folded is null).Should().Be(!facts.Any(f => f.EffectiveOn <= on && f.RecordedAt <= Known));
        StatusFact.StatusOn(facts, on, Known).Should().Be(folded?.To);
    }

    [Theory]
    [InlineData("1966-03-15", "2026-03-14", 59)]
    [InlineData("1966-03-15", "2026-03-15", 60)]
    [InlineData("2000-02-29", "2025-02-28", 25)]   // no 29 February: the birthday is 28 February
    [InlineData("2000-02-29", "2025-02-27", 24)]
    [InlineData("2000-02-29", "2024-02-29", 24)]
    [InlineData("2000-02-29", "2024-02-28", 23)]
    public void Age_counts_whole_years(string birth, string on, int age) =>
        Age.On(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(age);

    [Theory]
    [InlineData("2024-03-01", null, "2024-12-31", true)]
    [InlineData("2024-03-01", "2024-03-01", "2024-12-31", true)]
    [InlineData("2023-01-01", "2023-12-31", "2024-12-31", false)]   // ended before the year
    [InlineData("2024-07-01", null, "2024-06-30", false)]           // began after the freeze date
    [InlineData("2023-06-01", null, "2023-12-31", false)]           // frozen before the year: no period
    public void A_post_counts_when_it_overlaps_the_year_up_to_the_freeze_date(string from, string? to, string until, bool counts)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        PublicWelfareJob.Overlaps(DateOnly.Parse(from, inv), to is null ? null : DateOnly.Parse(to, inv), 2024, DateOnly.Parse(until, inv)).Should().Be(counts);
    }
}

namespace RuralLedger.Web.Features.Supervision;

/// <summary>Configuration section "Supervision".</summary>
public sealed class SupervisionOptions
{
    public const string Section = "Supervision";

    /// <summary>The largest photo kept (bytes): a phone's camera gives 2–6 MB.</summary>
    public int MaxPhotoBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>At most this many photos per upload (a finding, a rectification).</summary>
    public int MaxPhotosPerUpload { get; set; } = 6;

    /// <summary>When the nightly rule run starts, China Standard Time ("HH:mm"); empty turns the nightly run off.</summary>
    public string? NightlyAt { get; set; } = "02:30";

    public long MaxRequestBytes => (long)MaxPhotoBytes * MaxPhotosPerUpload + 256 * 1024;
}

namespace RuralLedger.Web.Features.Disclosure;

/// <summary>Settings under "Disclosure" in appsettings.json or the environment.</summary>
public sealed class DisclosureOptions
{
    public const string Section = "Disclosure";

    /// <summary>
    /// The public address printed notices point to, e.g. "https://zichan.example.gov.cn". Empty: Certificates:PublicBaseUrl,
    /// else the scheme and host of the request that renders the PDF.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Objections one client address may file per window (the page form and the API together).</summary>
    public int ObjectionPermits { get; set; } = 10;

    public int ObjectionWindowMinutes { get; set; } = 10;

    /// <summary>How long a browser or proxy may keep an anonymous board page: an answer appears within this time.</summary>
    public int CacheSeconds { get; set; } = 60;

    /// <summary>
    /// How many days an approved project stays under 公示 on the board, counted from its approval. The project record has
    /// no notice period of its own; the county sets the length it posts approved projects for.
    /// </summary>
    public int ProjectNoticeDays { get; set; } = 10;

    /// <summary>The most recent distribution notices a board lists with their household lines.</summary>
    public int PlansShown { get; set; } = 10;
}

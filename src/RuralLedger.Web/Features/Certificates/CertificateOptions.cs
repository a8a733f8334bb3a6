namespace RuralLedger.Web.Features.Certificates;

/// <summary>Settings under "Certificates" in appsettings.json or the environment.</summary>
public sealed class CertificateOptions
{
    public const string Section = "Certificates";

    /// <summary>A single-face TrueType file with the Chinese glyphs, embedded (subset) in every certificate PDF.</summary>
    public string FontFile { get; set; } = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf";

    /// <summary>
    /// The address the QR code points to, e.g. "https://zichan.example.gov.cn" (no trailing slash needed). Empty: the
    /// scheme and host of the request that renders the PDF, which is right only when officers use the public address.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The issuing authority printed on the certificate; {0} is the county's name.</summary>
    public string IssuingAuthority { get; set; } = "{0}农业农村局（乡村振兴局）";

    /// <summary>Anonymous verification requests per client address and minute (the QR page and its JSON twin together).</summary>
    public int VerifyPermitsPerMinute { get; set; } = 30;
}

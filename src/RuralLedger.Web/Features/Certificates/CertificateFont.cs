using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace RuralLedger.Web.Features.Certificates;

/// <summary>
/// PDFsharp finds no system fonts on Linux: it asks this resolver, which serves one single-face TrueType file for
/// every style. PDFsharp takes one resolver per process, so the family name carries the file's path: two hosts in
/// one process (the tests) may still configure different files: each file gets a family name of its own.
/// </summary>
public sealed class CertificateFontResolver : IFontResolver
{
    private const string Prefix = "rlcertfont";
    private static readonly CertificateFontResolver Instance = new();
    private static readonly Lock InstallLock = new();
    private readonly ConcurrentDictionary<string, string> _families = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _files = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The family name to give <c>XFont</c> for the file; installs the resolver on first use.</summary>
    public static string FamilyFor(string fontFile)
    {
        if (CertificateFontCheck.Problem(fontFile) is { } problem)
        {
            throw new Infrastructure.MissingRequirementException(problem);
        }
        lock (InstallLock)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = Instance;
            }
            else if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
            {
                throw new InvalidOperationException("PDFsharp 已由其他组件设置了字体解析器，证书字体无法加载。");
            }
        }
        return Instance._families.GetOrAdd(fontFile, file =>
        {
            lock (InstallLock)
            {
                var family = Prefix + (Instance._files.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Instance._files[family] = file;
                return family;
            }
        });
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        _files.ContainsKey(familyName) ? new FontResolverInfo(familyName) : null;

    public byte[]? GetFont(string faceName) =>
        _files.TryGetValue(faceName, out var file) ? _faces.GetOrAdd(faceName, _ => File.ReadAllBytes(file)) : null;
}

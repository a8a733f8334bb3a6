using RuralLedger.Core.Kernel;
using RuralLedger.Core.Supervision;

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

    /// <summary>
    /// Reads and checks every photo of an upload before anything is written (supervision's and the loan inspections'):
    /// a bad one refuses the whole request, naming it as <c>files[i]</c>.
    /// </summary>
    public async Task<List<(string? Name, byte[] Content)>> ReadPhotosAsync(IReadOnlyList<(string? FileName, long Length, Stream Content)> photos, Validation v,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(v);
        var result = new List<(string?, byte[])>();
        if (photos.Count > MaxPhotosPerUpload)
        {
            v.Add("files", $"一次最多上传 {MaxPhotosPerUpload} 张照片。");
            return result;
        }
        foreach (var (photo, i) in photos.Select((p, i) => (p, i)))
        {
            var field = $"files[{i}]";
            if (photo.Length > MaxPhotoBytes)
            {
                v.Add(field, $"照片 {photo.FileName} 超过 {MaxPhotoBytes / 1024.0 / 1024.0:0.#} MB 上限。");
                continue;
            }
            using var buffer = new MemoryStream();
            await photo.Content.CopyToAsync(buffer, ct);
            var bytes = buffer.ToArray();
            if (bytes.Length == 0)
            {
                v.Add(field, $"照片 {photo.FileName} 为空。");
            }
            else if (SupervisionFile.SniffImage(bytes) is null)
            {
                v.Add(field, $"{photo.FileName} 不是 JPEG、PNG 或 WebP 照片。");
            }
            else
            {
                result.Add((photo.FileName, bytes));
            }
        }
        return result;
    }
}

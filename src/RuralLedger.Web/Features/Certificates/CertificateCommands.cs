using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Certificates;
using RuralLedger.Core.Kernel;
using RuralLedger.Data;
using RuralLedger.Web.Features.Assets;

namespace RuralLedger.Web.Features.Certificates;

public sealed record ReasonInput(string? Reason);

public sealed record IssuedCertificate(long Id, string Number);

/// <summary>
/// Issuing, reissuing and revoking ownership certificates. A number is taken from the county-year counter and the
/// certificate saved in the same transaction, so two officers never print the same number. "One valid certificate
/// per asset" is a unique index, and revoking or superseding updates only a row still valid (the status is the
/// concurrency token): of two officers at once — issue and issue, revoke and revoke, revoke and reissue — one acts,
/// the other gets 409. Saving writes the audit rows.
/// </summary>
public sealed class CertificateCommands(RuralDbContext db, Numbering numbering, CertificateQueries queries, TimeProvider clock, IOptions<CertificateOptions> options)
{
    public async Task<IssuedCertificate> IssueAsync(long assetId, CancellationToken ct)
    {
        var asset = await LoadAssetAsync(new AssetId(assetId), ct);
        var today = BusinessCalendar.Today(clock);
        await using var transaction = await numbering.BeginAsync(ct);
        var valid = await db.Certificates.Where(c => c.AssetId == asset.Id && c.Status == CertificateStatus.Valid)
            .Select(c => c.Number).FirstOrDefaultAsync(ct);
        if (valid is not null)
        {
            throw new ConflictException("certificates.already_valid", $"该资产已有有效的所有权证 {valid}；如所有权人变更或证书损毁，请换发。", "assetId");
        }
        var certificate = await NewCertificateAsync(asset, today, null, null, ct);
        db.Certificates.Add(certificate);
        await SaveAsync(ct);
        await transaction.CommitAsync(ct);
        return new IssuedCertificate(certificate.Id.Value, certificate.Number);
    }

    /// <summary>换发: a new certificate from the asset as it is now; the old one becomes superseded and names the new number.</summary>
    public async Task<IssuedCertificate> ReissueAsync(long id, ReasonInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reason = Reason(input.Reason, "换发原因");
        var old = await LoadAsync(id, ct);
        var asset = await LoadAssetAsync(old.AssetId, ct);
        var today = BusinessCalendar.Today(clock);
        await using var transaction = await numbering.BeginAsync(ct);
        var replacement = await NewCertificateAsync(asset, today, old.Id, reason, ct);
        old.SupersedeBy(replacement, today);
        // The old one first: its update matches only while it is still valid, and the asset's one valid certificate
        // must be gone before the new one is.
        await SaveAsync(ct);
        db.Certificates.Add(replacement);
        await SaveAsync(ct);
        await transaction.CommitAsync(ct);
        return new IssuedCertificate(replacement.Id.Value, replacement.Number);
    }

    public async Task RevokeAsync(long id, ReasonInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reason = Reason(input.Reason, "注销原因");
        var certificate = await LoadAsync(id, ct);
        certificate.Revoke(BusinessCalendar.Today(clock), reason);
        await SaveAsync(ct);
    }

    private async Task<Certificate> NewCertificateAsync(Asset asset, DateOnly today, CertificateId? replaces, string? reason, CancellationToken ct)
    {
        if (asset.Status == AssetStatus.Disposed)
        {
            throw new ConflictException("certificates.asset_disposed", $"资产 {asset.Code} 已处置，不能发证。", "assetId");
        }
        var sequence = await numbering.NextCertificateSequenceAsync(asset.CountyCode, today.Year, ct);
        var countyName = await queries.AreaNameAsync(DivisionCode.ForCounty(asset.CountyCode), ct) ?? asset.CountyCode;
        var authority = string.Format(System.Globalization.CultureInfo.InvariantCulture, options.Value.IssuingAuthority, countyName);
        var location = await queries.LocationAsync(asset.Place, ct);
        return new Certificate(asset, location, today.Year, sequence, today, authority, Certificate.NewVerificationCode(), replaces, reason);
    }

    private async Task<Asset> LoadAssetAsync(AssetId id, CancellationToken ct) =>
        await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct)
        ?? throw new NotFoundException("assets.not_found", $"资产 {id.Value} 不存在或不在您的权限范围内。");

    private async Task<Certificate> LoadAsync(long id, CancellationToken ct)
    {
        var certificateId = new CertificateId(id);
        return await db.Certificates.SingleOrDefaultAsync(c => c.Id == certificateId, ct) ?? throw CertificateQueries.NotFound(id);
    }

    private static string Reason(string? text, string label)
    {
        var reason = (text ?? "").Trim();
        if (reason.Length == 0)
        {
            throw new DomainException("certificates.reason_required", $"请填写{label}。", "reason");
        }
        if (reason.Length > 200)
        {
            throw new DomainException("certificates.reason_too_long", $"{label}不超过 200 个字。", "reason");
        }
        return reason;
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("certificates.not_valid", "证书已被他人注销或换发，请刷新后查看。", "status");
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Numbers come from the counter and cannot collide: the index refusing is the asset's one valid certificate.
            throw new ConflictException("certificates.already_valid", "该资产已有有效的所有权证；如所有权人变更或证书损毁，请换发。", "assetId");
        }
    }
}

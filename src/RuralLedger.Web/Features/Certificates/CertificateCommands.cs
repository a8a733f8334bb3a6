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
/// Issuing, reissuing and revoking ownership certificates. A number is taken under the county-year series lock and
/// the certificate saved in the same transaction, so two officers never print the same number; the rule "one valid
/// certificate per asset" is checked under that lock too. Saving writes the audit rows.
/// </summary>
public sealed class CertificateCommands(RuralDbContext db, Numbering numbering, CertificateQueries queries, TimeProvider clock, IOptions<CertificateOptions> options)
{
    public async Task<IssuedCertificate> IssueAsync(long assetId, CancellationToken ct)
    {
        var asset = await LoadAssetAsync(new AssetId(assetId), ct);
        var today = BusinessCalendar.Today(clock);
        await using var transaction = await numbering.BeginAsync("certificate", asset.CountyCode, today.Year, ct);
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
        await using var transaction = await numbering.BeginAsync("certificate", asset.CountyCode, today.Year, ct);
        // Re-read under the lock: another officer may have reissued or revoked it meanwhile.
        await db.Entry(old).ReloadAsync(ct);
        if (old.Status != CertificateStatus.Valid)
        {
            throw new ConflictException("certificates.not_valid", $"证书 {old.Number} 已{AssetNames.Of(old.Status)}，不能换发。", "status");
        }
        var replacement = await NewCertificateAsync(asset, today, old.Id, reason, ct);
        old.SupersedeBy(replacement, today);
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
        if (certificate.Status != CertificateStatus.Valid)
        {
            throw new ConflictException("certificates.not_valid", $"证书 {certificate.Number} 已{AssetNames.Of(certificate.Status)}，不能注销。", "status");
        }
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
            throw new ConflictException("certificates.number_taken", "证书编号已被占用，请重试。");
        }
    }
}

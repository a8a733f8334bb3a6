using System.Security.Cryptography;
using RuralLedger.Core.Areas;
using RuralLedger.Core.Assets;
using RuralLedger.Core.Kernel;
using RuralLedger.Core.Projects;

namespace RuralLedger.Core.Certificates;

/// <summary>
/// 扶贫资产所有权证. Numbered per county and year ("522699-2026-00001"); what it certifies (asset, owners,
/// shares, value) is frozen at issue, so a later change of owners needs a reissue. The public QR link carries a
/// random 128-bit <see cref="VerificationCode"/>, never the number or id, so certificates can't be enumerated.
/// </summary>
public sealed class Certificate : IAreaScoped
{
    private Certificate()
    {
        CountyCode = "";
        Number = "";
        VerificationCode = "";
        AssetCode = "";
        AssetName = "";
        HoldersText = "";
        IssuedBy = "";
        Location = "";
    }

    public Certificate(Asset asset, string locationName, int year, int sequence, DateOnly issuedOn, string issuedBy, string verificationCode, CertificateId? replaces, string? reissueReason)
    {
        ArgumentNullException.ThrowIfNull(asset);
        if (asset.Status == AssetStatus.Disposed)
        {
            throw new DomainException("certificates.asset_disposed", "资产已处置，不能发证。", "assetId");
        }
        AssetId = asset.Id;
        (CountyCode, TownshipCode, VillageCode) = asset.Place;
        Year = year;
        Sequence = sequence;
        Number = $"{CountyCode}-{year}-{sequence:D5}";
        VerificationCode = verificationCode;
        AssetCode = asset.Code;
        AssetName = asset.Name;
        AssetClass = asset.Class;
        AssetKind = asset.Kind;
        Location = locationName;
        Quantity = asset.Quantity;
        Unit = asset.Unit;
        OriginalValue = asset.OriginalValue;
        FormedOn = asset.FormedOn;
        HoldersText = string.Join("\n", asset.Shares.Select(s => $"{s.HolderName}|{AssetNames.Of(s.HolderKind)}|{s.Percent}"));
        IssuedOn = issuedOn;
        IssuedBy = issuedBy;
        Status = CertificateStatus.Valid;
        ReplacesId = replaces;
        ReissueReason = reissueReason;
    }

    public CertificateId Id { get; private set; }

    public string CountyCode { get; private set; }

    public DivisionCode? TownshipCode { get; private set; }

    public DivisionCode? VillageCode { get; private set; }

    public AssetId AssetId { get; private set; }

    public int Year { get; private set; }

    public int Sequence { get; private set; }

    public string Number { get; private set; }

    public string VerificationCode { get; private set; }

    public string AssetCode { get; private set; }

    public string AssetName { get; private set; }

    public AssetClass AssetClass { get; private set; }

    public AssetKind AssetKind { get; private set; }

    public string Location { get; private set; }

    public decimal Quantity { get; private set; }

    public string? Unit { get; private set; }

    public Money OriginalValue { get; private set; }

    public DateOnly FormedOn { get; private set; }

    /// <summary>Owners at issue, one per line: "name|kind|share".</summary>
    public string HoldersText { get; private set; }

    public DateOnly IssuedOn { get; private set; }

    public string IssuedBy { get; private set; }

    public CertificateStatus Status { get; private set; }

    public CertificateId? ReplacesId { get; private set; }

    public string? ReissueReason { get; private set; }

    public string? ReplacedByNumber { get; private set; }

    public DateOnly? RevokedOn { get; private set; }

    public string? RevokeReason { get; private set; }

    public IEnumerable<(string Name, string Kind, string Share)> Holders => HoldersText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.Split('|')).Select(p => (p[0], p.Length > 1 ? p[1] : "", p.Length > 2 ? p[2] : ""));

    /// <summary>A fresh unguessable code for the public verification link (128 random bits, base32, 26 characters).</summary>
    public static string NewVerificationCode()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        Span<byte> bytes = stackalloc byte[26];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[26];
        for (var i = 0; i < 26; i++)
        {
            chars[i] = alphabet[bytes[i] & 31];
        }
        return new string(chars);
    }

    public void Revoke(DateOnly on, string? reason)
    {
        ExpectValid("注销");
        RevokeReason = ProjectRules.Text(reason, "reason", "注销原因", 200);
        RevokedOn = on;
        Status = CertificateStatus.Revoked;
    }

    /// <summary>The old certificate stops being valid the moment its replacement is issued.</summary>
    public void SupersedeBy(Certificate replacement, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        ExpectValid("换发");
        ReplacedByNumber = replacement.Number;
        RevokedOn = on;
        RevokeReason = "换发新证：" + replacement.ReissueReason;
        Status = CertificateStatus.Superseded;
    }

    private void ExpectValid(string action)
    {
        if (Status != CertificateStatus.Valid)
        {
            throw StateConflict.Of("certificates.not_valid", $"证书 {Number} ", AssetNames.Of(Status), action);
        }
    }
}

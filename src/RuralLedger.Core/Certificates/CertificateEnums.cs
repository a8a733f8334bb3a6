namespace RuralLedger.Core.Certificates;

public enum CertificateStatus
{
    Valid = 1,       // 有效
    Superseded = 2,  // 已换发（被新证替代）
    Revoked = 3,     // 已注销
}

namespace RuralLedger.Core.Accounts;

/// <summary>
/// A record that belongs to one bank (a loan, a repayment). A bank officer reads only its own bank's records, and
/// only inside its area scope; other roles see every bank's records of their area. The key is the bank's
/// organisation code (<see cref="User.BankCode"/>), never its display name, which a county spells several ways.
/// </summary>
public interface IBankScoped
{
    string BankCode { get; }
}

namespace RuralLedger.Core.Kernel;

/// <summary>
/// A rule of the domain refused an operation. <see cref="Code"/> is stable for programs,
/// <see cref="Message"/> is Chinese for people, <see cref="Field"/> names the offending input when there is one.
/// </summary>
public class DomainException(string code, string message, string? field = null) : Exception(message)
{
    public string Code { get; } = code;
    public string? Field { get; } = field;
    public virtual DomainErrorKind Kind => DomainErrorKind.Invalid;
}

public enum DomainErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    Forbidden,
}

public sealed class NotFoundException(string code, string message) : DomainException(code, message)
{
    public override DomainErrorKind Kind => DomainErrorKind.NotFound;
}

public sealed class ConflictException(string code, string message, string? field = null) : DomainException(code, message, field)
{
    public override DomainErrorKind Kind => DomainErrorKind.Conflict;
}

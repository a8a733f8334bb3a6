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

/// <summary>Several inputs are wrong at once; each field (or "rows[3].citizenId") with its Chinese messages.</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException("validation_failed", "提交的内容有误：" + string.Join("；", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>Collects field errors and throws them together, so a form shows every problem at once.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>Runs <paramref name="parse"/>, recording a <see cref="DomainException"/> under <paramref name="field"/>.</summary>
    public T? Try<T>(string field, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (DomainException e)
        {
            Add(field, e.Message);
            return default;
        }
    }

    public void ThrowIfAny()
    {
        if (HasErrors)
        {
            throw new ValidationFailedException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }
}

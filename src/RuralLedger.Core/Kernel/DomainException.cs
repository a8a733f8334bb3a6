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

/// <summary>
/// The one answer to a command the record's current state refuses — a step that is illegal from that state, or the
/// repeat of one already carried out (approve an approved plan, end an ended post, revoke a revoked certificate): 409
/// with a stable <c>&lt;module&gt;.&lt;reason&gt;</c> code and a Chinese message naming the state the record is in, field
/// <c>status</c>. Nothing was changed; the caller reads the record to see where it stands. Bad input is 400 and a
/// stale version 409 <c>&lt;module&gt;.stale</c> (<c>Versions</c>); decision 0021.
/// </summary>
public static class StateConflict
{
    public const string Field = "status";

    /// <param name="code">"plans.bad_step", "certificates.not_valid", …</param>
    /// <param name="record">The record as people call it: "方案", "证书 ZS…".</param>
    /// <param name="state">The state it is in, as shown on its page.</param>
    /// <param name="action">What was asked: "审批", "注销".</param>
    /// <param name="expected">The state the command needs, when there is one.</param>
    public static ConflictException Of(string code, string record, string state, string action, string? expected = null) =>
        new(code, $"{record}当前为“{state}”，不能{action}{(expected is null ? "" : $"（须为“{expected}”）")}。", Field);
}

/// <summary>
/// Several inputs are wrong at once; each field (or "rows[3].citizenId") with its Chinese messages. A request with one
/// wrong input keeps that input's own stable code (<see cref="Codes"/>); with several, the code is <c>validation_failed</c>
/// and <see cref="Codes"/> names each field's.
/// </summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors, IReadOnlyDictionary<string, string>? codes = null)
    : DomainException(CodeOf(errors, codes), "提交的内容有误：" + string.Join("；", errors.SelectMany(e => e.Value)), FieldOf(errors, codes))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>The stable code of each field's error, where the rule that refused it has one.</summary>
    public IReadOnlyDictionary<string, string> Codes { get; } = codes ?? new Dictionary<string, string>();

    private static string CodeOf(IReadOnlyDictionary<string, string[]> errors, IReadOnlyDictionary<string, string>? codes) =>
        FieldOf(errors, codes) is { } field ? codes![field] : "validation_failed";

    /// <summary>The one field of a request refused for one coded reason: it reads like that reason's own refusal.</summary>
    private static string? FieldOf(IReadOnlyDictionary<string, string[]> errors, IReadOnlyDictionary<string, string>? codes) =>
        errors.Count == 1 && errors.Values.First().Length == 1 && codes is not null && codes.ContainsKey(errors.Keys.First()) ? errors.Keys.First() : null;
}

/// <summary>Collects field errors and throws them together, so a form shows every problem at once.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = [];
    private readonly Dictionary<string, string> _codes = [];

    public bool HasErrors => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>An error with the stable code a program reads (kept as the request's code when it is the only one).</summary>
    public void Add(string field, string message, string code)
    {
        Add(field, message);
        _codes.TryAdd(field, code);
    }

    /// <summary>Records a refusal under its own field and code; a <see cref="ValidationFailedException"/> adds all of its errors.</summary>
    public void Add(DomainException error, string fallbackField)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is ValidationFailedException many)
        {
            foreach (var (field, messages) in many.Errors)
            {
                foreach (var m in messages)
                {
                    Add(field, m);
                }
                if (many.Codes.TryGetValue(field, out var code))
                {
                    _codes.TryAdd(field, code);
                }
            }
            return;
        }
        Add(error.Field ?? fallbackField, error.Message, error.Code);
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
            throw new ValidationFailedException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), _codes.Count == 0 ? null : new Dictionary<string, string>(_codes));
        }
    }
}

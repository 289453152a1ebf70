namespace Lbc.Domain.Events;

/// <summary>Either a valid event or every reason it is not (each naming the field and the problem).</summary>
public sealed record ParseResult(DomainEvent? Event, IReadOnlyList<string> Errors)
{
    public bool IsValid => Event is not null;

    /// <summary>All problems in one line, as stored with a dead letter.</summary>
    public string Reason => string.Join("; ", Errors);

    public static ParseResult Invalid(params string[] errors) => new(null, errors);
}

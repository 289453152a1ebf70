namespace Lbc.Domain.Projection;

/// <summary>What applying one event did.</summary>
public readonly record struct ApplyResult(ApplyOutcome Outcome, string? Reason)
{
    public static ApplyResult Applied => new(ApplyOutcome.Applied, null);
    public static ApplyResult NoChange => new(ApplyOutcome.NoChange, null);
    public static ApplyResult Duplicate => new(ApplyOutcome.Duplicate, null);
    public static ApplyResult Reject(string reason) => new(ApplyOutcome.Rejected, reason);
}

public enum ApplyOutcome
{
    /// <summary>The read model changed.</summary>
    Applied,

    /// <summary>Valid, but already reflected (a repeated step, a step on a closed case).</summary>
    NoChange,

    /// <summary>An event id already applied.</summary>
    Duplicate,

    /// <summary>Valid in form but impossible against the current state; dead-lettered with the reason.</summary>
    Rejected,
}

using Lbc.Contracts;

namespace Lbc.Server.Commands;

/// <summary>What a command came to, before it is turned into an HTTP answer (<see cref="Apis.CommandApi"/>).</summary>
public abstract record CommandOutcome
{
    /// <summary>202: appended (or appended before, for a repeated command id).</summary>
    public sealed record Accepted(CommandAccepted Body) : CommandOutcome;

    /// <summary>409: someone else recorded the step, or the version moved.</summary>
    public sealed record Conflict(CommandConflict Body) : CommandOutcome;

    /// <summary>404: no such target in the caller's jurisdiction (the same answer whether it exists elsewhere or not).</summary>
    public sealed record NotFound : CommandOutcome;

    /// <summary>403: the caller's role has no case-level access at all (the leading group).</summary>
    public sealed record Forbidden : CommandOutcome;

    /// <summary>400: the request, the role, the state or the category does not allow it; errors by field or rule.</summary>
    public sealed record Invalid(string Title, IDictionary<string, string[]> Errors) : CommandOutcome
    {
        public static Invalid One(string key, string message, string title = "The command was refused") =>
            new(title, new Dictionary<string, string[]> { [key] = [message] });
    }

    /// <summary>503: the log is unreachable; nothing was appended.</summary>
    public sealed record Unavailable(string Detail) : CommandOutcome;
}

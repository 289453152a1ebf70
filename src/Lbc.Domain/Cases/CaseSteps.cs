using System.Collections.Frozen;
using Lbc.Domain.Events;

namespace Lbc.Domain.Cases;

/// <summary>
/// The police steps of the emergency chain and the <c>case.*</c> event type that records each: one table
/// for the parser, the policy and the console's buttons (<c>data-action</c>).
/// </summary>
public static class CaseSteps
{
    private static readonly (string Type, CaseStage Stage)[] s_steps =
    [
        (EventTypes.CaseAcknowledged, CaseStage.Acknowledged),
        (EventTypes.CaseDispatched, CaseStage.Dispatched),
        (EventTypes.CaseOnScene, CaseStage.OnScene),
        (EventTypes.CaseParentsContacted, CaseStage.ParentsContacted),
        (EventTypes.CaseSearchStarted, CaseStage.SearchStarted),
        (EventTypes.CaseChildFound, CaseStage.ChildFound),
        (EventTypes.CaseChildEscorted, CaseStage.ChildEscorted),
        (EventTypes.CaseTownshipNotified, CaseStage.TownshipNotified),
        (EventTypes.CaseClosed, CaseStage.Closed),
    ];

    private static readonly FrozenDictionary<string, CaseStage> s_byType =
        s_steps.ToFrozenDictionary(s => s.Type, s => s.Stage, StringComparer.Ordinal);

    private static readonly FrozenDictionary<CaseStage, string> s_byStage = s_steps.ToFrozenDictionary(s => s.Stage, s => s.Type);

    /// <summary>Every police step, in the order of <see cref="CaseStage"/>.</summary>
    public static IReadOnlyList<CaseStage> All { get; } = [.. s_steps.Select(s => s.Stage)];

    /// <summary>The stage a <c>case.*</c> type records; false for any other type.</summary>
    public static bool TryGetStage(string eventType, out CaseStage stage) => s_byType.TryGetValue(eventType, out stage);

    /// <summary>True for the stages police record with a <c>case.*</c> event (not the report, not the township's assessment).</summary>
    public static bool IsPoliceStep(CaseStage stage) => s_byStage.ContainsKey(stage);

    /// <summary>The <c>case.*</c> type of a police step.</summary>
    public static string TypeOf(CaseStage stage) =>
        s_byStage.TryGetValue(stage, out var type) ? type : throw new ArgumentException($"{stage} is not a police step", nameof(stage));
}

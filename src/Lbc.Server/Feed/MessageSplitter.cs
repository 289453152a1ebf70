using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Server.Feed;

/// <summary>
/// Numbers and serialises a scope's delta, and halves it when its JSON is over the hub's message limit (a message
/// over 32 KB closes the connection). Lists are halved alike; figures and progress ride in the first half. Every part
/// is a valid delta on its own (full states, upserts), so each gets its own sequence number.
/// </summary>
public static class MessageSplitter
{
    /// <summary>The delta with its sequence number, as written to the wire.</summary>
    public static byte[] Serialize(ISequencedDelta delta, long sequence) => delta switch
    {
        DeltaBatch d => JsonSerializer.SerializeToUtf8Bytes(d with { FromSequence = sequence, ToSequence = sequence }, ContractsJsonContext.Default.DeltaBatch),
        AggregateDelta a => JsonSerializer.SerializeToUtf8Bytes(a with { FromSequence = sequence, ToSequence = sequence }, ContractsJsonContext.Default.AggregateDelta),
        _ => throw new ArgumentException($"Not a delta: {delta.GetType().Name}", nameof(delta)),
    };

    /// <summary>The hub method that carries this kind of delta.</summary>
    public static string MethodOf(ISequencedDelta delta) => delta is AggregateDelta ? OpsHub.AggregateMethod : OpsHub.DeltaMethod;

    /// <summary>
    /// Two deltas that together say what <paramref name="delta"/> says, each valid on its own: every list halved
    /// alike, figures and progress in the first. False when there is nothing left to halve (one item).
    /// </summary>
    public static bool TryHalve(ISequencedDelta delta, out ISequencedDelta first, out ISequencedDelta second)
    {
        (ISequencedDelta First, ISequencedDelta Second)? halves = delta switch
        {
            DeltaBatch d when d.Cases.Count + d.CasesRemoved.Count + d.Institutions.Count + d.Townships.Count
                + d.Placements.Count + d.PlacementsEnded.Count + d.FollowUps.Count + d.FollowUpsEnded.Count
                + d.Alerts.Count + d.AlertsEnded.Count > 1 => (
                d with
                {
                    Cases = Half(d.Cases, 0), CasesRemoved = Half(d.CasesRemoved, 0), Institutions = Half(d.Institutions, 0), Townships = Half(d.Townships, 0),
                    Placements = Half(d.Placements, 0), PlacementsEnded = Half(d.PlacementsEnded, 0), FollowUps = Half(d.FollowUps, 0), FollowUpsEnded = Half(d.FollowUpsEnded, 0),
                    Alerts = Half(d.Alerts, 0), AlertsEnded = Half(d.AlertsEnded, 0),
                },
                d with
                {
                    Cases = Half(d.Cases, 1), CasesRemoved = Half(d.CasesRemoved, 1), Institutions = Half(d.Institutions, 1), Townships = Half(d.Townships, 1),
                    Placements = Half(d.Placements, 1), PlacementsEnded = Half(d.PlacementsEnded, 1), FollowUps = Half(d.FollowUps, 1), FollowUpsEnded = Half(d.FollowUpsEnded, 1),
                    Alerts = Half(d.Alerts, 1), AlertsEnded = Half(d.AlertsEnded, 1),
                    Indicators = null, Progress = null,
                }),
            // Rows of a suppressed table stay valid when sent in parts: each was suppressed against the whole table.
            AggregateDelta a when a.SubRegions is { Count: > 1 } rows => (
                a with { SubRegions = Half(rows, 0) },
                a with { SubRegions = Half(rows, 1), Indicators = null, Progress = null }),
            _ => null,
        };
        (first, second) = halves ?? (delta, delta);
        return halves is not null;
    }

    /// <summary>The first (0) or second (1) half of a list: the items of every list split alike.</summary>
    private static IReadOnlyList<T> Half<T>(IReadOnlyList<T> list, int which)
    {
        var mid = (list.Count + 1) / 2;
        return which == 0 ? [.. list.Take(mid)] : [.. list.Skip(mid)];
    }
}

using System.Text.Json;
using Lbc.Contracts;

namespace Lbc.Server.Hosting;

/// <summary>
/// Splits a delta until each part serialises under the hub's message limit (a message over 32 KB closes the
/// connection). Lists are halved; indicators and progress ride in the first part. Each part gets its own
/// sequence number, and every part is a valid delta on its own (full states, upserts). <see cref="ScopedFeed"/>
/// halves as it numbers and serialises (<see cref="TryHalve"/>), so the common, small delta is serialised once.
/// </summary>
public static class HubMessageSplitter
{
    /// <summary>Room left for the invocation envelope (<c>{"type":1,"target":"delta","arguments":[…]}</c>).</summary>
    private const int EnvelopeBytes = 512;

    internal static int MaxPayloadBytes { get; set; } = OpsHub.MaxMessageBytes - EnvelopeBytes;

    /// <summary>The payload's JSON, as written to the wire.</summary>
    public static byte[] Serialize(object payload) => payload switch
    {
        DeltaBatch d => JsonSerializer.SerializeToUtf8Bytes(d, ContractsJsonContext.Default.DeltaBatch),
        AggregateDelta a => JsonSerializer.SerializeToUtf8Bytes(a, ContractsJsonContext.Default.AggregateDelta),
        _ => throw new ArgumentException($"Not a delta: {payload.GetType().Name}", nameof(payload)),
    };

    public static int SizeOf(object payload) => Serialize(payload).Length;

    public static List<object> Split(object payload)
    {
        var parts = new List<object>();
        SplitInto(payload, parts);
        return parts;
    }

    private static void SplitInto(object payload, List<object> parts)
    {
        if (SizeOf(payload) <= MaxPayloadBytes || !TryHalve(payload, out var first, out var second))
        {
            // One item over 32 KB cannot happen with these DTOs; send it and let the size check in tests catch a change.
            parts.Add(payload);
            return;
        }
        SplitInto(first, parts);
        SplitInto(second, parts);
    }

    /// <summary>
    /// Two deltas that together say what <paramref name="payload"/> says, each a valid delta on its own: every list
    /// halved alike, indicators and progress in the first. False when there is nothing left to halve.
    /// </summary>
    public static bool TryHalve(object payload, out object first, out object second)
    {
        (object First, object Second)? halves = payload switch
        {
            DeltaBatch d when ItemCount(d) > 1 => (
                d with { Cases = Half(d.Cases, 0), CasesRemoved = Half(d.CasesRemoved, 0), Institutions = Half(d.Institutions, 0), Townships = Half(d.Townships, 0) },
                d with { Cases = Half(d.Cases, 1), CasesRemoved = Half(d.CasesRemoved, 1), Institutions = Half(d.Institutions, 1), Townships = Half(d.Townships, 1), Indicators = null, Progress = null }),
            AggregateDelta a when a.Townships.Count > 1 || a.CaseCounts is { Count: > 1 } => (
                a with { Townships = Half(a.Townships, 0), CaseCounts = a.CaseCounts is null ? null : Half(a.CaseCounts, 0) },
                a with { Townships = Half(a.Townships, 1), CaseCounts = a.CaseCounts is null ? null : Half(a.CaseCounts, 1), Indicators = null, Progress = null }),
            _ => null,
        };
        (first, second) = halves ?? (payload, payload);
        return halves is not null;
    }

    private static int ItemCount(DeltaBatch d) => d.Cases.Count + d.CasesRemoved.Count + d.Institutions.Count + d.Townships.Count;

    /// <summary>The first (0) or second (1) half of a list: the items of every list split alike.</summary>
    private static IReadOnlyList<T> Half<T>(IReadOnlyList<T> list, int which)
    {
        var mid = (list.Count + 1) / 2;
        return which == 0 ? [.. list.Take(mid)] : [.. list.Skip(mid)];
    }
}

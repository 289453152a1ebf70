using Lbc.Domain.Events;
using Lbc.Domain.Registry;
using Lbc.Domain.Rules;

namespace Lbc.Domain.Care;

/// <summary>The reasons a revocation flag is raised for (DOMAIN.md, "Revocation flags"), each under its ground.</summary>
public enum RevocationReason : byte
{
    /// <summary>Ground (a): a new living_alone, guardian_neglect or guardian_incapable case after criticism and education.</summary>
    NewCaseAfterCriticism,

    /// <summary>Ground (b): guardian arrangement <c>none</c> for <see cref="RuleSettings.GuardianNoneRevocationDays"/> or more.</summary>
    GuardianNoneTooLong,

    /// <summary>Ground (c): a domestic_violence, unlawful_harm or injury case assessed at high risk.</summary>
    HighRiskAssessment,

    /// <summary>Ground (c): a case closed with outcome <c>serious_harm_by_guardian</c>.</summary>
    ClosedSeriousHarmByGuardian,
}

/// <summary>One measure against a guardian, as recorded: who, when, and the case and/or child it names.</summary>
public sealed record InterventionEntry(
    string EventId, InterventionMeasure Measure, DateTimeOffset At, string Src, Actor? Actor, string? CaseId, ulong? ChildKey)
{
    /// <summary>The order recorded in (log order).</summary>
    internal int Sequence { get; init; }

    public string ActedBy => Actor?.Username ?? Src;

    public string ActedByName => Actor?.DisplayName ?? Src;
}

/// <summary>A revocation flag raised by an event (grounds a and c); ground (b) is read from the clock, never stored.</summary>
public sealed record RevocationFlag(RevocationReason Reason, DateTimeOffset At, string? CaseId, ulong? ChildKey, IReadOnlyList<string> Args)
{
    /// <summary>The policy's ground: "a", "b" or "c".</summary>
    public string Ground => Reason switch
    {
        RevocationReason.NewCaseAfterCriticism => "a",
        RevocationReason.GuardianNoneTooLong => "b",
        _ => "c",
    };
}

/// <summary>
/// The guardianship intervention record (监护干预): every measure, per case and per child, and the revocation flags
/// raised by events. Small side tables keyed by case id and by <see cref="ChildKey"/> (children with an intervention,
/// a flag, or guardian arrangement <c>none</c>), so the registry's per-child record does not grow. Kept for the life of
/// the projection, independent of the case book's retention: a measure years ago still counts. Single writer.
/// </summary>
internal sealed partial class InterventionBook(RuleSettings rules)
{
    private readonly List<InterventionEntry> _measures = [];
    private readonly List<RevocationFlag> _flags = [];
    private readonly Dictionary<string, List<InterventionEntry>> _measuresByCase = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, List<InterventionEntry>> _measuresByChild = [];
    private readonly Dictionary<string, List<RevocationFlag>> _flagsByCase = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, List<RevocationFlag>> _flagsByChild = [];

    // The child of a case, as the events linked them (kept after the case leaves memory).
    private readonly Dictionary<string, ulong> _childOfCase = new(StringComparer.Ordinal);

    // Children whose guardian arrangement is `none`, and the day (DayNumber) since when.
    private readonly Dictionary<ulong, int> _guardianNoneSince = [];

    public int MeasureCount => _measures.Count;

    /// <summary>
    /// Records a measure against the case it names and the child (named by the event or by the case, or linked to the
    /// case by an earlier measure or flag when the case itself has left memory).
    /// </summary>
    public void Record(InterventionRecorded e, string? childId)
    {
        var child = childId is not null ? ChildKey.Of(childId) : e.ReportId is not null ? ChildOfCase(e.ReportId) : null;
        Add(new InterventionEntry(e.Meta.Id, e.Measure, e.Meta.Ts, e.Meta.Src, e.Meta.Actor, e.ReportId, child));
    }

    private void Add(InterventionEntry entry)
    {
        entry = entry with { Sequence = _measures.Count };
        _measures.Add(entry);
        Index(entry);
    }

    /// <summary>The first criticism and education (批评教育) the child's guardian received, or null.</summary>
    public InterventionEntry? CriticismOf(string childId) =>
        _measuresByChild.TryGetValue(ChildKey.Of(childId), out var list)
            ? list.Find(m => m.Measure == InterventionMeasure.Criticism)
            : null;

    /// <summary>Raises a flag on a case (and its child); a reason is raised once per case.</summary>
    public bool Flag(RevocationReason reason, DateTimeOffset at, string caseId, string? childId, params string[] args)
    {
        if (_flagsByCase.TryGetValue(caseId, out var existing) && existing.Exists(f => f.Reason == reason))
        {
            return false;
        }
        ulong? child = childId is null ? null : ChildKey.Of(childId);
        Add(new RevocationFlag(reason, at, caseId, child, args));
        return true;
    }

    /// <summary>
    /// A ledger record's guardian arrangement: <c>none</c> starts (or keeps) the day count, anything else ends it.
    /// <paramref name="freshRecord"/> (a child registered anew after an exit) starts the count over.
    /// </summary>
    public void GuardianRecorded(string childId, GuardianArrangement? guardian, int day, bool freshRecord)
    {
        var key = ChildKey.Of(childId);
        if (freshRecord)
        {
            _guardianNoneSince.Remove(key);
        }
        if (guardian == GuardianArrangement.None)
        {
            _guardianNoneSince.TryAdd(key, day);
        }
        else if (guardian is not null)
        {
            _guardianNoneSince.Remove(key);
        }
    }

    /// <summary>The child left the ledger: their guardian arrangement is no longer followed.</summary>
    public void ChildExited(string childId) => _guardianNoneSince.Remove(ChildKey.Of(childId));

    /// <summary>The day (<see cref="DayNumber"/>) since which the child is recorded without a guardian, or null.</summary>
    public int? GuardianNoneSince(ulong child) => _guardianNoneSince.TryGetValue(child, out var day) ? day : null;

    /// <summary>The child a case was linked to by an intervention or a flag, when the case itself is gone.</summary>
    public ulong? ChildOfCase(string caseId) => _childOfCase.TryGetValue(caseId, out var child) ? child : null;

    public bool Knows(string caseId) => _measuresByCase.ContainsKey(caseId) || _flagsByCase.ContainsKey(caseId);

    /// <summary>
    /// The record seen from a case and/or a child: measures of either (each once, in the order recorded), flags of
    /// either (each once), and ground (b) when the child has been without a guardian long enough by <paramref name="today"/>.
    /// </summary>
    public (List<InterventionEntry> Measures, List<RevocationFlag> Flags) Read(string? caseId, ulong? child, int today)
    {
        var measures = new List<InterventionEntry>();
        var flags = new List<RevocationFlag>();
        if (caseId is not null && _measuresByCase.TryGetValue(caseId, out var ofCase))
        {
            measures.AddRange(ofCase);
        }
        if (child is ulong key && _measuresByChild.TryGetValue(key, out var ofChild))
        {
            measures.AddRange(ofChild.Where(m => !measures.Contains(m)));
        }
        measures.Sort((x, y) => x.Sequence.CompareTo(y.Sequence));
        if (caseId is not null && _flagsByCase.TryGetValue(caseId, out var flagsOfCase))
        {
            flags.AddRange(flagsOfCase);
        }
        if (child is ulong k && _flagsByChild.TryGetValue(k, out var flagsOfChild))
        {
            flags.AddRange(flagsOfChild.Where(f => !flags.Contains(f)));
        }
        if (child is ulong c && _guardianNoneSince.TryGetValue(c, out var since) && today - since >= rules.GuardianNoneRevocationDays)
        {
            var reached = since + rules.GuardianNoneRevocationDays;
            flags.Add(new RevocationFlag(RevocationReason.GuardianNoneTooLong, DayNumber.StartOf(reached), null, c,
                [DayNumber.ToDate(since).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                 (today - since).ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        }
        flags.Sort((x, y) => x.At != y.At ? x.At.CompareTo(y.At) : x.Reason.CompareTo(y.Reason));
        return (measures, flags);
    }

    private void Index(InterventionEntry entry)
    {
        if (entry.CaseId is not null)
        {
            Bucket(_measuresByCase, entry.CaseId).Add(entry);
        }
        if (entry.ChildKey is ulong child)
        {
            Bucket(_measuresByChild, child).Add(entry);
        }
        Link(entry.CaseId, entry.ChildKey);
    }

    private void Add(RevocationFlag flag)
    {
        _flags.Add(flag);
        Index(flag);
    }

    private void Index(RevocationFlag flag)
    {
        if (flag.CaseId is not null)
        {
            Bucket(_flagsByCase, flag.CaseId).Add(flag);
        }
        if (flag.ChildKey is ulong child)
        {
            Bucket(_flagsByChild, child).Add(flag);
        }
        Link(flag.CaseId, flag.ChildKey);
    }

    private void Link(string? caseId, ulong? child)
    {
        if (caseId is not null && child is ulong key)
        {
            _childOfCase.TryAdd(caseId, key);
        }
    }

    private static List<T> Bucket<TKey, T>(Dictionary<TKey, List<T>> index, TKey key) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }
        return list;
    }
}

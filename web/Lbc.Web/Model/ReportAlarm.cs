using Lbc.Contracts;

namespace Lbc.Web.Model;

/// <summary>
/// The duty officer's alarm for new reports: a case that appears after the page loaded is unseen (its row highlighted,
/// the tab title counting it) until opened; a new report rings once, and a priority-1 report (missing, domestic
/// violence, unlawful harm, injury) keeps ringing until someone acknowledges it. Muting silences the sound only.
/// Pure state; the layout's alarm control rings it and renders it.
/// </summary>
public sealed class ReportAlarm
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unseen = new(StringComparer.Ordinal);
    private bool _primed;
    private int _newSinceRing;

    public bool Muted { get; set; }

    public int UnseenCount => _unseen.Count;

    public bool IsUnseen(string caseId) => _unseen.Contains(caseId);

    /// <summary>Open priority-1 cases nobody has acknowledged yet: they ring until acknowledged.</summary>
    public int UnacknowledgedUrgent { get; private set; }

    /// <summary>Takes the current open cases. The first call only learns what is already there (a page load is not news).</summary>
    public void Observe(IReadOnlyList<CaseDto> openCases)
    {
        var open = new HashSet<string>(StringComparer.Ordinal);
        var urgent = 0;
        foreach (var c in openCases)
        {
            open.Add(c.CaseId);
            if (_known.Add(c.CaseId) && _primed)
            {
                _unseen.Add(c.CaseId);
                _newSinceRing++;
            }
            if (c.Priority == 1 && c.Stage == "received")
            {
                urgent++;
            }
        }
        _unseen.IntersectWith(open);
        _known.IntersectWith(open);
        UnacknowledgedUrgent = urgent;
        _primed = true;
    }

    public void MarkSeen(string caseId) => _unseen.Remove(caseId);

    /// <summary>Whether to sound now (called on a steady beat): once per batch of new reports, and on every beat while urgent ones wait.</summary>
    public AlarmSound Next()
    {
        var sound = Muted ? AlarmSound.None
            : UnacknowledgedUrgent > 0 ? AlarmSound.Urgent
            : _newSinceRing > 0 ? AlarmSound.NewReport
            : AlarmSound.None;
        _newSinceRing = 0;
        return sound;
    }
}

public enum AlarmSound
{
    None,
    NewReport,
    Urgent,
}

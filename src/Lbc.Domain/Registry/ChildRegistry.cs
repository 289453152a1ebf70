using Lbc.Domain.Rules;

namespace Lbc.Domain.Registry;

/// <summary>
/// Every registered child as a few bytes in parallel arrays (structure of arrays), indexed through a
/// 64-bit key. About 20 bytes of fields plus the index (<see cref="ChildIndex"/>, about 13 bytes) per child, and the
/// ledger's packed id and village (ChildRegistry.Roster.cs, about 13 bytes more), so 7 million children fit in well under
/// half a gigabyte.
/// Not thread-safe: the projection is its single writer.
/// </summary>
internal sealed partial class ChildRegistry
{
    [Flags]
    private enum ChildFlags : byte
    {
        Active = 1,
        Paired = 2,
        Dropout = 4,
        SchoolAge = 8,
        Concern = 16,
        // Why the child is left behind: set for one_parent_away_other_incapable, clear for both_parents_away.
        OneParentAway = 32,
    }

    // The guardian arrangement in the two top bits of the flags (GuardianArrangement + 1; 0 = not recorded).
    private const int GuardianShift = 6;
    private const byte GuardianMask = 0xC0;

    private const byte StaleBit = 0x80;
    private const byte VisitMask = 0x03;
    // Set once a visit was recorded: the ledger's 最近走访日期 is empty for a child never visited (_visitBase then holds
    // the registration day). Kept across Attach, which recomputes the other bits.
    private const byte VisitedBit = 0x40;

    private readonly RuleSettings _rules;
    private readonly ChildIndex _index;
    private readonly CalendarQueue _calendar = new();
    private readonly TownshipCounters[] _counters;
    private readonly Action<int> _townshipChanged;

    private int[] _township;
    private ushort[] _visitBase;   // day of the last visit, or of registration when never visited
    private ushort[] _updated;     // day of the last ledger update (registration or child.updated)
    private ushort[] _birth;
    private ushort[] _nextCheck;   // the day this child is booked in the calendar for; other entries are stale
    private byte[] _flags;
    private byte[] _state;         // VisitState in the low bits, StaleBit on top
    private int _count;

    public ChildRegistry(RuleSettings rules, int townshipCount, int today, Action<int> townshipChanged, int capacity = 1024)
    {
        _rules = rules;
        _counters = new TownshipCounters[townshipCount];
        _townshipChanged = townshipChanged;
        Today = today;
        _index = new ChildIndex(capacity);
        _township = new int[capacity];
        _village = new ushort[capacity];
        _visitBase = new ushort[capacity];
        _updated = new ushort[capacity];
        _birth = new ushort[capacity];
        _nextCheck = new ushort[capacity];
        _flags = new byte[capacity];
        _state = new byte[capacity];
    }

    public int Today { get; private set; }

    public int Count => _count;

    public int ActiveCount { get; private set; }

    public int PendingCalendarEntries => _calendar.PendingEntries;

    public ReadOnlySpan<TownshipCounters> Counters => _counters;

    public bool IsActive(string childId) =>
        _index.TryGetValue(ChildKey.Of(childId), out var i) && Has(i, ChildFlags.Active);

    public int TownshipOf(string childId) =>
        _index.TryGetValue(ChildKey.Of(childId), out var i) ? _township[i] : -1;

    public VisitState? VisitStateOf(string childId) =>
        _index.TryGetValue(ChildKey.Of(childId), out var i) && Has(i, ChildFlags.Active)
            ? (VisitState)(_state[i] & VisitMask)
            : null;

    /// <summary>The child's birth day (<see cref="Rules.DayNumber"/>), registered children only (exited ones too).</summary>
    public int? BirthDayOf(string childId) =>
        _index.TryGetValue(ChildKey.Of(childId), out var i) ? _birth[i] : null;

    public bool? IsStale(string childId) =>
        _index.TryGetValue(ChildKey.Of(childId), out var i) && Has(i, ChildFlags.Active)
            ? (_state[i] & StaleBit) != 0
            : null;

    /// <summary>Registers a child, or refreshes an active one (a repeated registration is an update).</summary>
    public void Register(string childId, int township, int birthDay, int day,
        LeftBehindKind kind = LeftBehindKind.BothParentsAway, GuardianArrangement guardian = GuardianArrangement.Entrusted, int village = NoVillage)
    {
        var key = ChildKey.Of(childId);
        if (_index.TryGetValue(key, out var i))
        {
            if (Has(i, ChildFlags.Active))
            {
                Detach(i);
                _township[i] = township;
                _village[i] = (ushort)village;
                _birth[i] = (ushort)birthDay;
                _updated[i] = (ushort)Math.Max(_updated[i], day);
                SetKindAndGuardian(i, kind, guardian);
                Attach(i);
                return;
            }
            // A child who exited and is left-behind again (parents left again) starts a fresh record.
            _flags[i] = 0;
            _state[i] = 0;
        }
        else
        {
            i = _count++;
            EnsureCapacity(_count);
            _index.Add(key);
            AppendId(childId);
        }
        _township[i] = township;
        _village[i] = (ushort)village;
        _visitBase[i] = (ushort)day;
        _updated[i] = (ushort)day;
        _birth[i] = (ushort)birthDay;
        _flags[i] = (byte)ChildFlags.Active;
        SetKindAndGuardian(i, kind, guardian);
        Attach(i);
    }

    private void SetKindAndGuardian(int i, LeftBehindKind? kind, GuardianArrangement? guardian)
    {
        if (kind is { } k)
        {
            SetFlag(i, ChildFlags.OneParentAway, k == LeftBehindKind.OneParentAwayOtherIncapable);
        }
        if (guardian is { } g)
        {
            _flags[i] = (byte)((_flags[i] & ~GuardianMask) | (((int)g + 1) << GuardianShift));
        }
    }

    private GuardianArrangement? GuardianOf(int i) =>
        (_flags[i] & GuardianMask) is var bits and not 0 ? (GuardianArrangement)((bits >> GuardianShift) - 1) : null;

    /// <summary>Applies a ledger update; false when the child is not an active registered child.</summary>
    public bool Update(string childId, int? township, int day, LeftBehindKind? kind = null, GuardianArrangement? guardian = null, int? village = null)
    {
        if (!TryActive(childId, out var i))
        {
            return false;
        }
        Detach(i);
        if (township is int t)
        {
            _township[i] = t;
            _village[i] = (ushort)(village ?? NoVillage);
        }
        _updated[i] = (ushort)Math.Max(_updated[i], day);
        SetKindAndGuardian(i, kind, guardian);
        Attach(i);
        return true;
    }

    public bool Exit(string childId, ExitReason reason)
    {
        if (!TryActive(childId, out var i))
        {
            return false;
        }
        Detach(i);
        _flags[i] = 0;
        // Exits count where the child was, so each region sees its own (the policy's long-term indicator).
        _counters[_township[i]].CountExit(reason);
        return true;
    }

    public bool Visit(string childId, int day, bool concern)
    {
        if (!TryActive(childId, out var i))
        {
            return false;
        }
        if (day >= _visitBase[i])
        {
            Detach(i);
            _visitBase[i] = (ushort)day;
            _state[i] |= VisitedBit;
            SetFlag(i, ChildFlags.Concern, concern);
            Attach(i);
        }
        return true;
    }

    public bool SetPaired(string childId) => SetFlagOf(childId, ChildFlags.Paired, true);

    public bool SetDropout(string childId, bool open) => SetFlagOf(childId, ChildFlags.Dropout, open);

    /// <summary>Moves the calendar to <paramref name="today"/>, re-checking the children due on each day passed.</summary>
    public void AdvanceTo(int today)
    {
        while (Today < today)
        {
            Today++;
            var due = _calendar.Take(Today);
            if (due is null)
            {
                continue;
            }
            foreach (var i in due)
            {
                if (Has(i, ChildFlags.Active) && _nextCheck[i] == Today)
                {
                    Detach(i);
                    Attach(i);
                }
            }
        }
    }

    /// <summary>Approximate bytes held per registered child by the arrays and the index.</summary>
    public long EstimatedBytes =>
        (long)_township.Length * (sizeof(int) + 5 * sizeof(ushort) + 2) + _idBytes.Length
        + _index.Bytes + _calendar.PendingEntries * 4L;

    private bool SetFlagOf(string childId, ChildFlags flag, bool on)
    {
        if (!TryActive(childId, out var i))
        {
            return false;
        }
        Detach(i);
        SetFlag(i, flag, on);
        Attach(i);
        return true;
    }

    private bool TryActive(string childId, out int i) =>
        _index.TryGetValue(ChildKey.Of(childId), out i) && Has(i, ChildFlags.Active);

    /// <summary>Removes a child's contribution from its township's counters.</summary>
    private void Detach(int i)
    {
        ref var c = ref _counters[_township[i]];
        c.Children--;
        switch ((VisitState)(_state[i] & VisitMask))
        {
            case VisitState.OnTime: c.VisitedOnTime--; break;
            case VisitState.DueSoon: c.VisitDueSoon--; break;
            default: c.VisitOverdue--; break;
        }
        if ((_state[i] & StaleBit) != 0) c.StaleRecords--;
        if (Has(i, ChildFlags.SchoolAge)) c.SchoolAge--;
        if (Has(i, ChildFlags.Paired)) c.Paired--;
        if (Has(i, ChildFlags.Dropout)) c.OpenDropouts--;
        if (Has(i, ChildFlags.Concern)) c.VisitConcerns--;
        c.CountKindAndGuardian(Has(i, ChildFlags.OneParentAway), GuardianOf(i), -1);
        ActiveCount--;
        _townshipChanged(_township[i]);
    }

    /// <summary>Recomputes a child's time-driven state for today, adds it to the counters, and books the next re-check.</summary>
    private void Attach(int i)
    {
        var sinceVisit = Today - _visitBase[i];
        var overdueAfter = _rules.VisitIntervalDays;
        var dueSoonAfter = _rules.VisitIntervalDays - _rules.VisitDueSoonDays;
        var visit = sinceVisit > overdueAfter ? VisitState.Overdue
            : sinceVisit > dueSoonAfter ? VisitState.DueSoon
            : VisitState.OnTime;
        var stale = Today - _updated[i] > _rules.LedgerStaleDays;
        var age = Today - _birth[i];
        SetFlag(i, ChildFlags.SchoolAge, age >= 6 * 365 && age < 16 * 365);
        _state[i] = (byte)((byte)visit | (stale ? StaleBit : 0) | (_state[i] & VisitedBit));

        ref var c = ref _counters[_township[i]];
        c.Children++;
        switch (visit)
        {
            case VisitState.OnTime: c.VisitedOnTime++; break;
            case VisitState.DueSoon: c.VisitDueSoon++; break;
            default: c.VisitOverdue++; break;
        }
        if (stale) c.StaleRecords++;
        if (Has(i, ChildFlags.SchoolAge)) c.SchoolAge++;
        if (Has(i, ChildFlags.Paired)) c.Paired++;
        if (Has(i, ChildFlags.Dropout)) c.OpenDropouts++;
        if (Has(i, ChildFlags.Concern)) c.VisitConcerns++;
        c.CountKindAndGuardian(Has(i, ChildFlags.OneParentAway), GuardianOf(i), +1);
        ActiveCount++;
        _townshipChanged(_township[i]);

        // Book only the next change of either clock; later ones are booked when that one fires.
        // One booking per child keeps the calendar no larger than the registry.
        var next = int.MaxValue;
        if (visit != VisitState.Overdue)
        {
            next = _visitBase[i] + (visit == VisitState.OnTime ? dueSoonAfter : overdueAfter) + 1;
        }
        if (!stale)
        {
            next = Math.Min(next, _updated[i] + _rules.LedgerStaleDays + 1);
        }
        if (next != int.MaxValue && !(next == _nextCheck[i] && next > Today))
        {
            _nextCheck[i] = (ushort)next;
            _calendar.Add(next, i);
        }
    }

    private bool Has(int i, ChildFlags flag) => (_flags[i] & (byte)flag) != 0;

    private void SetFlag(int i, ChildFlags flag, bool on) =>
        _flags[i] = on ? (byte)(_flags[i] | (byte)flag) : (byte)(_flags[i] & ~(byte)flag);

    private void EnsureCapacity(int needed)
    {
        if (needed <= _township.Length)
        {
            return;
        }
        // Grow by half rather than double: at millions of children the slack is the memory budget.
        var size = Math.Max(needed, _township.Length + _township.Length / 2);
        Array.Resize(ref _township, size);
        Array.Resize(ref _village, size);
        Array.Resize(ref _visitBase, size);
        Array.Resize(ref _updated, size);
        Array.Resize(ref _birth, size);
        Array.Resize(ref _nextCheck, size);
        Array.Resize(ref _flags, size);
        Array.Resize(ref _state, size);
    }
}

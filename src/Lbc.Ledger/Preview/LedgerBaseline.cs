using Lbc.Domain.Registry;

namespace Lbc.Ledger.Preview;

/// <summary>
/// What the command center currently holds for one child of the township's ledger. The server fills these from the
/// projection; nothing personal is in them (the projection holds nothing personal).
/// </summary>
/// <param name="Paired">A teacher is paired with the child (pairing.assigned seen).</param>
/// <param name="DropoutOpen">A dropout was reported and not yet returned.</param>
/// <param name="Active">False once the child exited: a row for them in a new file registers them afresh.</param>
public sealed record LedgerBaselineRecord(
    string ChildId,
    string VillageCode,
    DateOnly BirthDate,
    LeftBehindKind Kind,
    GuardianArrangement Guardian,
    bool Paired,
    bool DropoutOpen,
    DateOnly? LastVisit,
    bool Active = true)
{
    public string TownshipCode => VillageCode.Length >= 9 ? VillageCode[..9] : VillageCode;
}

/// <summary>The current ledger of the jurisdiction (one record per child id) that a new file is compared with.</summary>
public sealed class LedgerBaseline
{
    private readonly Dictionary<string, LedgerBaselineRecord> _byChild;

    /// <exception cref="ArgumentException">A child id appears twice.</exception>
    public LedgerBaseline(IEnumerable<LedgerBaselineRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Records = [.. records];
        _byChild = new Dictionary<string, LedgerBaselineRecord>(Records.Count, StringComparer.Ordinal);
        foreach (var record in Records)
        {
            if (!_byChild.TryAdd(record.ChildId, record))
            {
                throw new ArgumentException("A child id appears twice in the baseline.", nameof(records));
            }
        }
    }

    /// <summary>A township with no children yet: every row of its first file is new.</summary>
    public static LedgerBaseline Empty { get; } = new([]);

    public IReadOnlyList<LedgerBaselineRecord> Records { get; }

    public bool TryGet(string childId, out LedgerBaselineRecord record) => _byChild.TryGetValue(childId, out record!);
}

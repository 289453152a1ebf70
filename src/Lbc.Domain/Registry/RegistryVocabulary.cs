using Lbc.Domain.Events;

namespace Lbc.Domain.Registry;

/// <summary>Why a child counts as left-behind (留守儿童).</summary>
public enum LeftBehindKind : byte
{
    BothParentsAway,
    OneParentAwayOtherIncapable,
}

/// <summary>Who looks after the child day to day. <see cref="None"/> is itself reportable.</summary>
public enum GuardianArrangement : byte
{
    ParentAtHome,
    Entrusted,
    None,
}

/// <summary>Why a child stopped being left-behind: the policy's headline long-term indicator.</summary>
public enum ExitReason : byte
{
    ParentReturned,
    FamilyMovedTogether,
    TurnedSixteen,
    MovedAway,
    Other,
}

public enum VisitFinding : byte
{
    Ok,
    Concern,
}

public static class RegistryVocabulary
{
    public static Vocabulary<LeftBehindKind> Kinds { get; } = new(
        ("both_parents_away", LeftBehindKind.BothParentsAway),
        ("one_parent_away_other_incapable", LeftBehindKind.OneParentAwayOtherIncapable));

    public static Vocabulary<GuardianArrangement> Guardians { get; } = new(
        ("parent_at_home", GuardianArrangement.ParentAtHome),
        ("entrusted", GuardianArrangement.Entrusted),
        ("none", GuardianArrangement.None));

    public static Vocabulary<ExitReason> ExitReasons { get; } = new(
        ("parent_returned", ExitReason.ParentReturned),
        ("family_moved_together", ExitReason.FamilyMovedTogether),
        ("turned_16", ExitReason.TurnedSixteen),
        ("moved_away", ExitReason.MovedAway),
        ("other", ExitReason.Other));

    public static Vocabulary<VisitFinding> Findings { get; } = new(
        ("ok", VisitFinding.Ok),
        ("concern", VisitFinding.Concern));
}

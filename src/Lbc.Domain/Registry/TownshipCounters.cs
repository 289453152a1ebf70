namespace Lbc.Domain.Registry;

/// <summary>Visit and ledger state of one township: the unit of the heatmap and of every roll-up.</summary>
public struct TownshipCounters
{
    public int Children;
    public int VisitedOnTime;
    public int VisitDueSoon;
    public int VisitOverdue;
    public int StaleRecords;
    public int SchoolAge;
    public int Paired;
    public int OpenDropouts;
    public int VisitConcerns;
    // Children who left the ledger here, by reason (ExitReason order); never decremented.
    public int ExitsParentReturned;
    public int ExitsFamilyMovedTogether;
    public int ExitsTurnedSixteen;
    public int ExitsMovedAway;
    public int ExitsOther;
    // Active children by why they are left behind and by who looks after them (both from flags kept per child, so a
    // child is taken out exactly as it was put in).
    public int KindBothParentsAway;
    public int KindOneParentAway;
    public int GuardianParentAtHome;
    public int GuardianEntrusted;
    public int GuardianNone;

    public void CountKindAndGuardian(bool oneParentAway, GuardianArrangement? guardian, int delta)
    {
        if (oneParentAway) KindOneParentAway += delta; else KindBothParentsAway += delta;
        switch (guardian)
        {
            case GuardianArrangement.ParentAtHome: GuardianParentAtHome += delta; break;
            case GuardianArrangement.Entrusted: GuardianEntrusted += delta; break;
            case GuardianArrangement.None: GuardianNone += delta; break;
        }
    }

    public void CountExit(ExitReason reason)
    {
        switch (reason)
        {
            case ExitReason.ParentReturned: ExitsParentReturned++; break;
            case ExitReason.FamilyMovedTogether: ExitsFamilyMovedTogether++; break;
            case ExitReason.TurnedSixteen: ExitsTurnedSixteen++; break;
            case ExitReason.MovedAway: ExitsMovedAway++; break;
            default: ExitsOther++; break;
        }
    }

    public void Add(in TownshipCounters other)
    {
        Children += other.Children;
        VisitedOnTime += other.VisitedOnTime;
        VisitDueSoon += other.VisitDueSoon;
        VisitOverdue += other.VisitOverdue;
        StaleRecords += other.StaleRecords;
        SchoolAge += other.SchoolAge;
        Paired += other.Paired;
        OpenDropouts += other.OpenDropouts;
        VisitConcerns += other.VisitConcerns;
        ExitsParentReturned += other.ExitsParentReturned;
        ExitsFamilyMovedTogether += other.ExitsFamilyMovedTogether;
        ExitsTurnedSixteen += other.ExitsTurnedSixteen;
        ExitsMovedAway += other.ExitsMovedAway;
        ExitsOther += other.ExitsOther;
        KindBothParentsAway += other.KindBothParentsAway;
        KindOneParentAway += other.KindOneParentAway;
        GuardianParentAtHome += other.GuardianParentAtHome;
        GuardianEntrusted += other.GuardianEntrusted;
        GuardianNone += other.GuardianNone;

    }
}

/// <summary>Where a child stands against the monthly-visit duty.</summary>
public enum VisitState : byte
{
    OnTime,
    DueSoon,
    Overdue,
}

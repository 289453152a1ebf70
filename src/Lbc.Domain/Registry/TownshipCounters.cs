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
    }
}

/// <summary>Where a child stands against the monthly-visit duty.</summary>
public enum VisitState : byte
{
    OnTime,
    DueSoon,
    Overdue,
}

using Lbc.Contracts;

namespace Lbc.Domain.Tests.TestSupport;

/// <summary>A region's figures read by name, so scenarios read like the policy ("Province.VisitOverdue").</summary>
internal sealed record FigureView(Figures Figures)
{
    public int Children => Figures.ValueOf(Figure.Children);
    public int ActiveChildren => Children;
    public int VisitedOnTime => Figures.ValueOf(Figure.VisitedOnTime);
    public int VisitDueSoon => Figures.ValueOf(Figure.VisitDueSoon);
    public int VisitOverdue => Figures.ValueOf(Figure.VisitOverdue);
    public int StaleRecords => Figures.ValueOf(Figure.StaleRecords);
    public int SchoolAge => Figures.ValueOf(Figure.SchoolAge);
    public int Paired => Figures.ValueOf(Figure.Paired);
    public int OpenDropouts => Figures.ValueOf(Figure.OpenDropouts);
    public int OpenCases => Figures.ValueOf(Figure.OpenCases);
    public int BreachedCases => Figures.ValueOf(Figure.BreachedCases);
    public int PlacementsWaiting => Figures.ValueOf(Figure.PlacementsWaiting);
    public int PlacementsActive => Figures.ValueOf(Figure.PlacementsActive);
    public int Capacity => Figures.ValueOf(Figure.Capacity);
    public int Occupied => Figures.ValueOf(Figure.Occupied);
    public int FreeBeds => Figures.ValueOf(Figure.FreeBeds);
    public int LateTownships => Figures.ValueOf(Figure.LateTownships);
    public int SocialAssistance => Figures.ValueOf(Figure.SocialAssistance);

    /// <summary>Exits by the event catalog's reason words.</summary>
    public IReadOnlyDictionary<string, int> ExitsByReason => new Dictionary<string, int>
    {
        ["parent_returned"] = Figures.ValueOf(Figure.ExitsParentReturned),
        ["family_moved_together"] = Figures.ValueOf(Figure.ExitsFamilyMovedTogether),
        ["turned_16"] = Figures.ValueOf(Figure.ExitsTurnedSixteen),
        ["moved_away"] = Figures.ValueOf(Figure.ExitsMovedAway),
        ["other"] = Figures.ValueOf(Figure.ExitsOther),
    };
}

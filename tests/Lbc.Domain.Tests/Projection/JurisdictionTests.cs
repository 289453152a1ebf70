using Lbc.Contracts;
using Lbc.Domain.Tests.TestSupport;

namespace Lbc.Domain.Tests.Projection;

/// <summary>Every user works inside one region: a snapshot holds only that region's cases, townships and figures.</summary>
public sealed class JurisdictionTests
{
    private static Scenario TwoCities()
    {
        var s = new Scenario();
        s.Register("sy-1", village: Geography.ShenyangVillage);
        s.Register("sy-2", village: Geography.ShenyangVillage2);
        s.Register("cy-1", village: Geography.ChaoyangVillage);
        s.FileReport("sy-r", township: Geography.ShenyangTownship);
        s.FileReport("cy-r", township: Geography.ChaoyangTownship);
        s.RegisterInstitution("cy-inst", capacity: 8, region: Geography.ChaoyangCounty);
        s.RegisterInstitution("sy-inst", capacity: 5, region: "2101");
        return s;
    }

    [Fact]
    public void Snapshot_City2101_OnlyShenyangCasesAndTownships()
    {
        var s = TwoCities();

        var snapshot = s.Snapshot("2101");

        Assert.Equal("2101", snapshot.Jurisdiction);
        Assert.Equal(["sy-r"], snapshot.OpenCases.Select(c => c.CaseId));
        Assert.All(snapshot.Townships, t => Assert.StartsWith("2101", t.Code, StringComparison.Ordinal));
        var expected = Geography.Catalog.Townships.Count(t => t.Code.StartsWith("2101", StringComparison.Ordinal));
        Assert.Equal(expected, snapshot.Townships.Count);
        Assert.Equal(2, snapshot.Townships.Sum(t => t.Figures.ValueOf(Figure.Children)));
        Assert.Equal(["sy-inst"], snapshot.Institutions.Select(i => i.InstitutionId));
    }

    [Fact]
    public void Snapshot_City2101_IndicatorsCountOnlyShenyang()
    {
        var s = TwoCities();

        var indicators = new FigureView(s.Snapshot("2101").Indicators);

        Assert.Equal(2, indicators.ActiveChildren);
        Assert.Equal(1, indicators.OpenCases);
        Assert.Equal(5, indicators.FreeBeds);
        Assert.Equal(3, s.Province.ActiveChildren);
        Assert.Equal(2, s.Province.OpenCases);
        Assert.Equal(13, s.Province.FreeBeds);
    }

    [Fact]
    public void Snapshot_Province_HoldsEveryTownshipAndCase()
    {
        var s = TwoCities();

        var snapshot = s.Snapshot("21");

        Assert.Equal(Geography.Catalog.Townships.Count, snapshot.Townships.Count);
        Assert.Equal(2, snapshot.OpenCases.Count);
        Assert.Equal(2, snapshot.Institutions.Count);
    }

    [Fact]
    public void Snapshot_Township_SeesItselfAndTheCityInstitutionAbove()
    {
        var s = TwoCities();

        var snapshot = s.Snapshot(Geography.ShenyangTownship);

        Assert.Equal(Geography.ShenyangTownship, Assert.Single(snapshot.Townships).Code);
        Assert.Equal(["sy-r"], snapshot.OpenCases.Select(c => c.CaseId));
        Assert.Equal(["sy-inst"], snapshot.Institutions.Select(i => i.InstitutionId)); // a city-wide place serves it
    }

    [Fact]
    public void Snapshot_County_ExcludesOtherCountiesOfSameCity()
    {
        var s = TwoCities();
        var otherCounty = Geography.Catalog.CountiesIn("2113").First(c => c.Code != Geography.ChaoyangCounty).Code;

        var snapshot = s.Snapshot(otherCounty);

        Assert.Empty(snapshot.OpenCases);
        Assert.Empty(snapshot.Institutions);
        Assert.Equal(0, snapshot.Indicators.ValueOf(Figure.Children));
    }
}

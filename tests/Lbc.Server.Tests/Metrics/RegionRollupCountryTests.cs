using Lbc.Contracts;
using Lbc.Domain.Projection;
using Lbc.Domain.Regions;
using Lbc.Server.Metrics;

namespace Lbc.Server.Tests.Metrics;

/// <summary>The history's country row (the national leading group's trends): the sum of the provinces, on a national catalog only.</summary>
public sealed class RegionRollupCountryTests
{
    [Fact]
    public void NationalCatalog_CountryRowSumsTheProvinces_WithPlacesOfCareAtProvinceLevel()
    {
        var regions = new RegionCatalog(
            [new("21", "辽宁省"), new("22", "吉林省")],
            [new("2101", "沈阳市", false), new("2201", "长春市", false)],
            [new("210106", "铁西区", "2101", new GeoPoint(123.3, 41.8)), new("220102", "南关区", "2201", new GeoPoint(125.3, 43.8))],
            [new(0, "210106001", "A", "210106", new GeoPoint(123.3, 41.8), true), new(1, "220102001", "D", "220102", new GeoPoint(125.3, 43.8), true)],
            []);
        var capture = new FiguresCapture(DateTimeOffset.UnixEpoch, [Children(40), Children(7)],
            [new InstitutionFigures("22", Capacity: 30, Occupied: 10, Free: 20, Accepting: true)]);

        var rows = RegionRollup.Build(regions, capture);

        var country = Assert.Single(rows, r => r.Level == RegionLevel.Country);
        Assert.Equal(RegionCodes.Country, country.Code);
        Assert.Equal(47, country.Figures.ValueOf(Figure.Children));
        Assert.Equal(30, country.Figures.ValueOf(Figure.Capacity));
        Assert.Equal("country", MetricSchema.LevelWord(country.Level));
        Assert.Equal(7, rows.Single(r => r.Code == "22").Figures.ValueOf(Figure.Children));
    }

    [Fact]
    public void ProvincialCatalog_HasNoCountryRow()
    {
        var regions = new RegionCatalog([new("21", "辽宁省")], [new("2101", "沈阳市", false)],
            [new("210106", "铁西区", "2101", new GeoPoint(123.3, 41.8))],
            [new(0, "210106001", "A", "210106", new GeoPoint(123.3, 41.8), true)], []);

        var rows = RegionRollup.Build(regions, new FiguresCapture(DateTimeOffset.UnixEpoch, [Children(40)], []));

        Assert.DoesNotContain(rows, r => r.Level == RegionLevel.Country);
        Assert.Equal(40, rows.Single(r => r.Code == "21").Figures.ValueOf(Figure.Children));
    }

    private static Figures Children(int count)
    {
        var values = new int[FigureCatalog.Count];
        values[(int)Figure.Children] = count;
        return Figures.Of(values);
    }
}

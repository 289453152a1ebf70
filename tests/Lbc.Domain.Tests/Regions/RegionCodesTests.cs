using Lbc.Domain.Regions;

namespace Lbc.Domain.Tests.Regions;

public sealed class RegionCodesTests
{
    [Theory]
    [InlineData("21", RegionLevel.Province)]
    [InlineData("2101", RegionLevel.City)]
    [InlineData("210106", RegionLevel.County)]
    [InlineData("210106001", RegionLevel.Township)]
    [InlineData("210106001001", RegionLevel.Village)]
    public void LevelOf_WellFormedCode_ReturnsLevelByLength(string code, RegionLevel expected) =>
        Assert.Equal(expected, RegionCodes.LevelOf(code));

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("210")]
    [InlineData("21010")]
    [InlineData("21a1")]
    [InlineData("２１")] // full-width digits are not ASCII digits
    [InlineData("2101060010011")]
    public void LevelOf_MalformedCode_ReturnsNull(string code) => Assert.Null(RegionCodes.LevelOf(code));

    [Theory]
    [InlineData("21", "210106001001", true)]
    [InlineData("2101", "210106001", true)]
    [InlineData("210106", "210106", true)]
    [InlineData("2101", "2102", false)]
    [InlineData("210106001", "210106", false)] // a finer region does not contain its parent
    [InlineData("210", "210106", false)] // a truncated jurisdiction is not a level and must not widen access
    [InlineData("2", "21", false)]
    [InlineData("210302", "210106001", false)]
    [InlineData("00", "21", true)] // the country holds every province without being their prefix
    [InlineData("00", "220102001001", true)]
    [InlineData("00", "00", true)]
    [InlineData("21", "00", false)] // a province does not hold the country
    [InlineData("00", "2", false)] // nor does the country make a malformed code well-formed
    public void Contains_AncestorAndCode_MatchesPrefixByLevel(string ancestor, string code, bool expected) =>
        Assert.Equal(expected, RegionCodes.Contains(ancestor, code));

    [Fact]
    public void ParentOf_EachLevel_StepsUpOneLevel()
    {
        Assert.Equal("210106001", RegionCodes.ParentOf("210106001001"));
        Assert.Equal("210106", RegionCodes.ParentOf("210106001"));
        Assert.Equal("2101", RegionCodes.ParentOf("210106"));
        Assert.Equal("21", RegionCodes.ParentOf("2101"));
        Assert.Null(RegionCodes.ParentOf("21"));
        Assert.Null(RegionCodes.ParentOf("2101x"));
        // Nothing escalates past a province: the country is no code's parent, and has none.
        Assert.Null(RegionCodes.ParentOf(RegionCodes.Country));
    }

    [Fact]
    public void Country_IsItsOwnLevel_AndEveryCodesAncestor()
    {
        Assert.Equal(RegionLevel.Country, RegionCodes.LevelOf("00"));
        Assert.Equal(RegionCodes.Country, RegionCodes.AncestorAt("210106001", RegionLevel.Country));
        Assert.Equal("21", RegionCodes.AncestorAt("210106001", RegionLevel.Province));
        Assert.Null(RegionCodes.AncestorAt(RegionCodes.Country, RegionLevel.Province));
        Assert.Throws<ArgumentException>(() => RegionCodes.ProvinceOf(RegionCodes.Country));
    }

    [Fact]
    public void TownshipOf_VillageCode_ReturnsNineDigitPrefix()
    {
        Assert.Equal("210106001", RegionCodes.TownshipOf("210106001001"));
        Assert.Equal("210106", RegionCodes.CountyOf("210106001001"));
        Assert.Equal("2101", RegionCodes.CityOf("210106"));
        Assert.Throws<ArgumentException>(() => RegionCodes.TownshipOf("210106001"));
    }
}

namespace Lbc.Domain.Regions;

/// <summary>The five levels of China's administrative and statistical divisions, coarsest first.</summary>
public enum RegionLevel
{
    Province,
    City,
    County,
    Township,
    Village,
}

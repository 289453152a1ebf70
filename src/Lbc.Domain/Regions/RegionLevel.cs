namespace Lbc.Domain.Regions;

/// <summary>
/// The levels of China's administrative and statistical divisions, coarsest first. <see cref="Country"/> is the whole
/// catalog (code <see cref="RegionCodes.Country"/>): only a national catalog has it, for a national leading group. Its value
/// is -1 so the five division levels keep their numbers.
/// </summary>
public enum RegionLevel
{
    Country = -1,
    Province,
    City,
    County,
    Township,
    Village,
}
